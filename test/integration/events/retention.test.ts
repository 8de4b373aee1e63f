// Events older than EVENT_RETENTION_DAYS are deleted by the scheduled job; newer ones stay, and so does each
// organisation's newest event, which numbering continues from.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { deleteExpiredEvents } from "../../../src/events/retention";
import { retentionDays } from "../../../src/log/retention";
import { userBody } from "../../support/builders";
import { eventsOf } from "../../support/events";
import { createTenant } from "../../support/tenant";

const DAY_MS = 86_400_000;

it("deletes the events older than the retention period and keeps the rest", async () => {
  const tenant = await createTenant();
  expect((await tenant.scim.post("/Users", userBody())).status).toBe(201);
  const days = retentionDays(env.EVENT_RETENTION_DAYS);
  expect(days).toBe(30);

  // A run a day before they expire keeps them; a run a day after deletes them.
  await deleteExpiredEvents(env, new Date(Date.now() + (days - 1) * DAY_MS));
  expect((await eventsOf(tenant.orgId)).map((e) => e.sequence)).toEqual([1, 2]);
  await deleteExpiredEvents(env, new Date(Date.now() + (days + 1) * DAY_MS));
  expect((await eventsOf(tenant.orgId)).map((e) => e.sequence)).toEqual([2]);

  // Numbering goes on after the last event ever written, so a reader's position stays valid.
  expect((await tenant.scim.post("/Users", userBody())).status).toBe(201);
  expect((await eventsOf(tenant.orgId)).map((e) => e.sequence)).toEqual([2, 3, 4]);
});
