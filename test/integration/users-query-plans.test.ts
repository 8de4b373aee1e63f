// The IdP lookups run on indexes, page query and count alike, so they cost the same at 100 and 1,000,000 users.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { organisationDatabase } from "../../src/db/client";
import { compiled, type Values } from "../../src/db/compiled";
import { compileFilter } from "../../src/db/filter-sql";
import { pageValues } from "../../src/db/page";
import { userFilterColumns } from "../../src/db/user-columns";
import { userPageStatements } from "../../src/db/users";
import { parseFilter } from "../../src/scim/filter/parse";
import { userResourceType } from "../../src/scim/schemas/resource-type";
import { createTenant } from "../support/tenant";

interface PlanRow {
  detail: string;
}

async function plan(
  statement: { toSQL(): { sql: string; params: unknown[] } },
  values: Values,
): Promise<string[]> {
  const { sql, params } = compiled(statement.toSQL());
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params(values))
    .all<PlanRow>();
  return results.map((row) => row.detail);
}

const LOOKUPS: [string, RegExp][] = [
  ['userName eq "Ada@Example.com"', /USING (COVERING )?INDEX users_user_name/],
  ['externalId eq "00u1abc"', /USING (COVERING )?INDEX users_external_id/],
  ['id eq "2819c223-7f76-453a-919d-413861904646"', /USING (COVERING )?INDEX users_id_unique/],
];

describe("IdP lookups", () => {
  for (const [filter, index] of LOOKUPS) {
    it(`serves ${filter} from an index, without a scan or a sort of the directory`, async () => {
      const { orgId, directoryId } = await createTenant();
      const db = organisationDatabase(env, orgId);
      const where = compileFilter(parseFilter(userResourceType, filter), userFilterColumns);
      const query = { where, limit: 100, position: { offset: 0 } };
      const { page, total } = userPageStatements(db, query);
      const values = pageValues({ orgId, directoryId }, query);
      for (const steps of [await plan(page, values), await plan(total, values)]) {
        expect(steps.join(" | ")).toMatch(index);
        expect(steps.join(" | ")).not.toMatch(/^SCAN|\| SCAN/);
      }
    });
  }

  it("pages an unfiltered directory in creation order straight off an index (no sort step)", async () => {
    const { orgId, directoryId } = await createTenant();
    const db = organisationDatabase(env, orgId);
    const query = { limit: 100, position: { afterSeq: 0 } };
    const { page } = userPageStatements(db, query);
    const steps = (await plan(page, pageValues({ orgId, directoryId }, query))).join(" | ");
    expect(steps).toMatch(/USING (COVERING )?INDEX users_directory/);
    expect(steps).not.toMatch(/TEMP B-TREE/);
  });
});
