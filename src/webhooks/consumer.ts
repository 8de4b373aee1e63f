// Queue consumers for webhook deliveries. Every message is acknowledged or retried on its own. A failing
// receiver's message is retried after the backoff; once the queue gives up on it, the dead-letter consumer
// leaves the webhook as it is (failures and last error visible in the admin API) and the sweep resumes it.
import { organisationDatabase } from "../db/client";
import { type DeliveryRun, deliverWebhook } from "./deliver";
import { webhookMessageFor, webhookMessageSchema } from "./message";
import { LEASE_BUSY_RETRY_SECONDS } from "./schedule";

export async function consumeWebhooks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = webhookMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // Not ours to act on: keep it (it ends in the dead-letter queue) rather than drop it.
      console.warn(JSON.stringify({ queue: batch.queue, messageId: message.id, invalid: true }));
      message.retry();
      continue;
    }
    const { orgId } = parsed.data;
    let run: DeliveryRun;
    try {
      run = await deliverWebhook(organisationDatabase(env, orgId), orgId);
    } catch (error) {
      // D1 failed, not the receiver: the lease, if taken, expires on its own.
      console.error(JSON.stringify({ queue: batch.queue, orgId, error: String(error) }));
      message.retry({ delaySeconds: LEASE_BUSY_RETRY_SECONDS });
      continue;
    }
    switch (run.outcome) {
      case "failed":
        message.retry({ delaySeconds: run.retryInSeconds });
        break;
      case "leased":
        // The holder may be finishing as events commit; coming back soon picks them up.
        message.retry({ delaySeconds: LEASE_BUSY_RETRY_SECONDS });
        break;
      case "more":
        await env.WEBHOOKS.send(webhookMessageFor(orgId));
        message.ack();
        break;
      // Nothing left to do, or another message owns the rest: a failing run's retry, or the sweep.
      case "caughtUp":
      case "noWebhook":
      case "backingOff":
      case "leaseLost":
        message.ack();
        break;
    }
  }
}

export function consumeDeadWebhooks(batch: MessageBatch<unknown>): void {
  for (const message of batch.messages) {
    console.warn(JSON.stringify({ queue: batch.queue, messageId: message.id, body: message.body }));
    message.ack();
  }
}
