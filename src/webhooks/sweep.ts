// Scheduled: wakes enabled webhooks that have undelivered events but no delivery under way: their message was
// lost (a Worker can stop between a change's batch and the queue send) or the queue gave up retrying it. With
// this, a receiver that is down for longer than the queue's retries still gets every event once it is back.
import { catalogDatabase } from "../db/client";
import { webhooksToWake } from "../db/webhooks";
import { webhookMessageFor } from "./message";

/** Webhooks woken per run; Queues take at most 100 messages per sendBatch. */
export const WEBHOOK_SWEEP_BATCH = 100;

/** Returns the organisations whose webhook it woke. */
export async function sweepWebhooks(env: Env, now: Date): Promise<string[]> {
  // Every organisation's: with several databases, this runs once per database.
  const orgIds = await webhooksToWake(catalogDatabase(env), now.toISOString(), WEBHOOK_SWEEP_BATCH);
  if (orgIds.length > 0)
    await env.WEBHOOKS.sendBatch(orgIds.map((orgId) => ({ body: webhookMessageFor(orgId) })));
  return orgIds;
}
