// Worker entry: the HTTP app, the transfer queue consumers, the scheduled sweep, and the Durable Object classes.
import { app } from "./app";
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
    await sweepPendingTransfers(env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
