// Wakes an organisation's webhook after a change: a queue message asking for its undelivered events to be sent.
import { webhookMessageFor } from "./message";

export async function wakeWebhook(env: Env, orgId: string): Promise<void> {
  try {
    await env.WEBHOOKS.send(webhookMessageFor(orgId));
  } catch (error) {
    // The events are stored; the scheduled sweep wakes webhooks with undelivered events (src/webhooks/sweep.ts).
    console.error(JSON.stringify({ orgId, webhookWakeFailed: String(error) }));
  }
}
