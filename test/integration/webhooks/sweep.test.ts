// The scheduled sweep wakes webhooks with undelivered events and no delivery under way (their message was lost,
// or the queue gave up), and leaves alone those that are caught up, backing off, held or disabled.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { lastEventSeq } from "../../../src/db/events";
import worker from "../../../src/index";
import { sweepWebhooks } from "../../../src/webhooks/sweep";
import { userBody } from "../../support/builders";
import { createTenant } from "../../support/tenant";
import { installWebhook, newReceiver } from "../../support/webhooks";

/** An organisation with one user created (so it has events) and a webhook that has delivered none of them. */
async function withUndeliveredEvents() {
  const tenant = await createTenant();
  expect((await tenant.scim.post("/Users", userBody())).status).toBe(201);
  await installWebhook(tenant.orgId, newReceiver().url);
  return tenant.orgId;
}

const setWebhook = (orgId: string, column: "lease_until" | "next_attempt_at", value: string) =>
  env.DB.prepare(`UPDATE webhooks SET ${column} = ? WHERE org_id = ?`).bind(value, orgId).run();

it("wakes a webhook whose message was lost, and only webhooks that have something to deliver now", async () => {
  const now = new Date();
  const soon = new Date(now.getTime() + 60_000).toISOString();
  const lost = await withUndeliveredEvents();
  const backingOff = await withUndeliveredEvents();
  await setWebhook(backingOff, "next_attempt_at", soon);
  const held = await withUndeliveredEvents();
  await setWebhook(held, "lease_until", soon);
  const disabled = await withUndeliveredEvents();
  await env.DB.prepare("UPDATE webhooks SET enabled = 0 WHERE org_id = ?").bind(disabled).run();
  const caughtUp = await createTenant();
  await caughtUp.scim.post("/Users", userBody());
  await installWebhook(
    caughtUp.orgId,
    newReceiver().url,
    await lastEventSeq(catalogDatabase(env), caughtUp.orgId),
  );

  const woken = await sweepWebhooks(env, now);

  expect(woken).toContain(lost);
  for (const orgId of [backingOff, held, disabled, caughtUp.orgId]) expect(woken).not.toContain(orgId);
});

it("runs from the scheduled handler next to the other jobs", async () => {
  await withUndeliveredEvents();
  await expect(
    worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env),
  ).resolves.toBeUndefined();
});
