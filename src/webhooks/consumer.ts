// Queue consumers for webhook deliveries. Every message is acknowledged or retried on its own, and the messages
// of a batch are delivered side by side (one slow receiver must not hold up other organisations). A failing
// receiver's message is retried after the backoff; once the queue gives up on it, the dead-letter consumer
// leaves the webhook as it is (failures and last error visible in the admin API) and the sweep resumes it.
import { organisationDatabase } from "../db/client";
import { deliverWebhook } from "./deliver";
import { webhookMessageFor, webhookMessageSchema } from "./message";
import { D1_FAILURE_RETRY_SECONDS } from "./schedule";

export async function consumeWebhooks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const byOrganisation = new Map<string, Message<unknown>[]>();
  for (const message of batch.messages) {
    const parsed = webhookMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // Not ours to act on: keep it (it ends in the dead-letter queue) rather than drop it.
      console.warn(JSON.stringify({ queue: batch.queue, messageId: message.id, invalid: true }));
      message.retry();
      continue;
    }
    const { orgId } = parsed.data;
    byOrganisation.set(orgId, [...(byOrganisation.get(orgId) ?? []), message]);
  }
  await Promise.all(
    [...byOrganisation].map(([orgId, messages]) => deliverFor(env, orgId, messages, batch.queue)),
  );
}

/** One delivery run for the organisation, however many of its messages the batch holds: they ask the same. */
async function deliverFor(env: Env, orgId: string, messages: Message<unknown>[], queue: string) {
  const [first, ...duplicates] = messages;
  for (const duplicate of duplicates) duplicate.ack();
  if (!first) return;
  try {
    const run = await deliverWebhook(organisationDatabase(env, orgId), orgId);
    if (run.outcome === "failed") return first.retry({ delaySeconds: run.retryInSeconds });
    if (run.outcome === "more") await env.WEBHOOKS.send(webhookMessageFor(orgId));
    // Otherwise nothing is left for this message: caught up, or another message or delivery owns the rest (a
    // failing run's retry, the lease holder, which keeps going while events remain, or the sweep).
    first.ack();
  } catch (error) {
    console.error(JSON.stringify({ queue, orgId, error: String(error) }));
    first.retry({ delaySeconds: D1_FAILURE_RETRY_SECONDS });
  }
}

export function consumeDeadWebhooks(batch: MessageBatch<unknown>): void {
  for (const message of batch.messages) {
    console.warn(JSON.stringify({ queue: batch.queue, messageId: message.id, body: message.body }));
    message.ack();
  }
}
