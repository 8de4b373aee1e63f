// Consumer of the transfers queue. No message kind is handled by this version yet (workspace transfers come with
// the lifecycle rules), so every message is retried rather than acknowledged: after max_retries it rests in the
// dead-letter queue instead of being lost.
export async function consumeTransfers(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    console.warn(JSON.stringify({ queue: batch.queue, messageId: message.id, unhandled: true }));
    message.retry();
  }
}
