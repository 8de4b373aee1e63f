// The lookup every POST /Users makes before it writes (re-provisioning) reads index entries, never the directory.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { organisationDatabase } from "../../src/db/client";
import { findUsersByKeys } from "../../src/db/users";
import { createTenant } from "../support/tenant";

async function plan({ sql, params }: { sql: string; params: unknown[] }): Promise<string> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail).join(" | ");
}

describe("the re-provisioning lookup of a create", () => {
  for (const externalId of ["00u1abc", null]) {
    it(`finds users by userName${externalId ? " or externalId" : ""} through their indexes`, async () => {
      const { orgId, directoryId } = await createTenant();
      const db = organisationDatabase(env, orgId);
      const steps = await plan(
        findUsersByKeys(db, { orgId, directoryId }, { userNameKey: "ada@example.com", externalId }),
      );
      expect(steps).toMatch(
        /USING (COVERING )?INDEX users_user_name \(org_id=\? AND directory_id=\? AND user_name_key=\?\)/,
      );
      if (externalId)
        expect(steps).toMatch(
          /USING (COVERING )?INDEX users_external_id \(org_id=\? AND directory_id=\? AND external_id=\?\)/,
        );
      expect(steps).not.toMatch(/users_directory|SCAN users/);
    });
  }
});
