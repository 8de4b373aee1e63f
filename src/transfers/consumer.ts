// Queue consumers for workspace transfers. Every message is acknowledged or retried on its own, so one failure
// never redelivers the rest of the batch; after max_retries a message goes to the dead-letter queue, whose
// consumer marks the transfer failed with its reason.
import { organisationDatabase } from "../db/client";
import { getTransfer, markTransfer } from "../db/transfers";
import { wakeWebhook } from "../webhooks/wake";
import { retryDelaySeconds, transferMessage } from "./message";
import { processTransfer } from "./process";

export async function consumeTransfers(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = transferMessage.safeParse(message.body);
    if (!parsed.success) {
      // Not ours to act on: keep it (it ends in the dead-letter queue) rather than drop it.
      console.warn(JSON.stringify({ queue: batch.queue, messageId: message.id, invalid: true }));
      message.retry();
      continue;
    }
    const { orgId, transferId } = parsed.data;
    const db = organisationDatabase(env, orgId);
    try {
      const result = await processTransfer(db, orgId, transferId, new Date().toISOString());
      if (result.state === "done" && result.wakeWebhook) await wakeWebhook(env, orgId);
      message.ack();
    } catch (error) {
      const reason = `Attempt ${message.attempts} failed: ${String(error)}`;
      console.error(JSON.stringify({ queue: batch.queue, transferId, error: String(error) }));
      await markTransfer(
        db,
        { id: transferId, orgId },
        {
          state: "pending",
          reason,
          now: new Date().toISOString(),
          countAttempt: true,
        },
      ).catch(() => undefined);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

export async function consumeDeadTransfers(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = transferMessage.safeParse(message.body);
    if (parsed.success) {
      const { orgId, transferId } = parsed.data;
      const db = organisationDatabase(env, orgId);
      const transfer = await getTransfer(db, orgId, transferId);
      if (transfer && transfer.state !== "done") {
        await markTransfer(db, transfer, {
          state: "failed",
          reason: `Gave up after ${transfer.attempts} failed deliveries; retry it from the admin API. Last error: ${transfer.reason ?? "unknown"}`,
          now: new Date().toISOString(),
        });
      }
    }
    message.ack();
  }
}
