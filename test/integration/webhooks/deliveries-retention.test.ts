// Retention of the webhook delivery log: rows older than the cutoff go, a bounded number per call.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { deleteDeliveriesBefore, recordDelivery } from "../../../src/db/webhooks";
import { createTenant } from "../../support/tenant";
import { deliveriesOf } from "../../support/webhooks";

it("deletes deliveries older than the cutoff, at most `limit` per call", async () => {
  const db = catalogDatabase(env);
  const { orgId } = await createTenant();
  const at = (day: number) => `1999-01-0${day}T00:00:00.000Z`;
  for (const day of [1, 2, 3, 4]) {
    await recordDelivery(db, {
      id: crypto.randomUUID(),
      orgId,
      at: at(day),
      url: "https://hooks.test/retention",
      firstSeq: day,
      lastSeq: day,
      eventCount: 1,
      status: 200,
      succeeded: true,
      error: null,
      durationMs: 5,
      attempt: 1,
    });
  }

  expect(await deleteDeliveriesBefore(db, at(4), 2)).toBe(2);
  expect(await deleteDeliveriesBefore(db, at(4), 2)).toBe(1);
  expect((await deliveriesOf(orgId)).map((d) => d.at)).toEqual([at(4)]);
});
