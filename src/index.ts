// Worker entry: the HTTP app, the queue consumers (workspace transfers, webhook deliveries), the scheduled jobs
// (transfer and webhook sweeps, log and event retention), and the Durable Object classes.
import { app } from "./app";
import { deleteExpiredEvents } from "./events/retention";
import { deleteExpiredLogEntries } from "./log/retention";
import { consumeDeadTransfers, consumeTransfers } from "./transfers/consumer";
import { TRANSFERS_DEAD_LETTER_QUEUE } from "./transfers/queues";
import { sweepPendingTransfers } from "./transfers/sweep";
import { consumeDeadWebhooks, consumeWebhooks } from "./webhooks/consumer";
import { WEBHOOKS_DEAD_LETTER_QUEUE, WEBHOOKS_QUEUE } from "./webhooks/queues";
import { sweepWebhooks } from "./webhooks/sweep";

export { GroupLifecycle } from "./lifecycle/group-lifecycle";
export { UserLifecycle } from "./lifecycle/user-lifecycle";

export default {
  fetch: app.fetch,
  queue: async (batch, env) => {
    switch (batch.queue) {
      case WEBHOOKS_QUEUE:
        return consumeWebhooks(batch, env);
      case WEBHOOKS_DEAD_LETTER_QUEUE:
        return consumeDeadWebhooks(batch);
      case TRANSFERS_DEAD_LETTER_QUEUE:
        return consumeDeadTransfers(batch, env);
      default:
        return consumeTransfers(batch, env);
    }
  },
  scheduled: async (controller, env) => {
    const now = new Date(controller.scheduledTime);
    // Independent jobs: one failing must not stop the others.
    const results = await Promise.allSettled([
      sweepPendingTransfers(env, now),
      sweepWebhooks(env, now),
      deleteExpiredLogEntries(env, now),
      deleteExpiredEvents(env, now),
    ]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
  },
} satisfies ExportedHandler<Env>;
