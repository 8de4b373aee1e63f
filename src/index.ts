// Worker entry: the HTTP app, the transfer queue consumers, the scheduled jobs (transfer sweep, log retention),
// and the Durable Object classes.
import { app } from "./app";
import { deleteExpiredLogEntries } from "./log/retention";
import { consumeDeadTransfers, consumeTransfers } from "./transfers/consumer";
import { TRANSFERS_DEAD_LETTER_QUEUE } from "./transfers/queues";
import { sweepPendingTransfers } from "./transfers/sweep";

export { GroupLifecycle } from "./lifecycle/group-lifecycle";
export { UserLifecycle } from "./lifecycle/user-lifecycle";

export default {
  fetch: app.fetch,
  queue: (batch, env) =>
    batch.queue === TRANSFERS_DEAD_LETTER_QUEUE
      ? consumeDeadTransfers(batch, env)
      : consumeTransfers(batch, env),
  scheduled: async (controller, env) => {
    const now = new Date(controller.scheduledTime);
    // Independent jobs: one failing must not stop the other.
    const results = await Promise.allSettled([
      sweepPendingTransfers(env, now),
      deleteExpiredLogEntries(env, now),
    ]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
  },
} satisfies ExportedHandler<Env>;
