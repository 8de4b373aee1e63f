// Writing an event costs the same whatever the organisation's history: numbering reads one index entry (the
// organisation's last event), never its events. A walk of them would slow every change as events pile up.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { organisationDatabase } from "../../../src/db/client";
import { recordEvent } from "../../../src/db/events";
import { membershipEvents } from "../../../src/lifecycle/group-event-statements";
import { userBody } from "../../support/builders";
import { eventsOf } from "../../support/events";
import { createGroup } from "../../support/group-builders";
import { createTenant } from "../../support/tenant";

const rowsRead = async (statement: { toSQL(): { sql: string; params: unknown[] } }) => {
  const { sql: text, params } = statement.toSQL();
  return (
    await env.DB.prepare(text)
      .bind(...params)
      .run()
  ).meta.rows_read;
};

it("reads a handful of rows to write an event, after hundreds of events", async () => {
  const tenant = await createTenant();
  const ids: string[] = [];
  for (let i = 0; i < 150; i++)
    ids.push((await tenant.scim.post<{ id: string }>("/Users", userBody())).body.id);
  expect((await eventsOf(tenant.orgId)).length).toBe(300);
  const group = await createGroup(tenant.scim);
  const db = organisationDatabase(env, tenant.orgId);
  const scope = { orgId: tenant.orgId, directoryId: tenant.directoryId };
  const event = {
    ...scope,
    type: "user.updated" as const,
    resourceType: "User" as const,
    resourceId: ids[0] ?? "",
    data: {},
    occurredAt: new Date().toISOString(),
  };
  expect(await rowsRead(recordEvent(db, event, sql`1`))).toBeLessThan(10);
  const joining = membershipEvents(
    db,
    scope,
    { groupId: group.id, version: 1 },
    { kind: "joining", ids: [ids[1] ?? ""] },
    "now",
  );
  expect(await rowsRead(joining)).toBeLessThan(20);
});
