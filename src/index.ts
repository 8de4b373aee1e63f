// Worker entry: the SCIM app, the transfer queue consumer, and the Durable Object classes wrangler binds.
import { app } from "./app";
import { consumeTransfers } from "./transfers/consumer";

export { UserLifecycle } from "./lifecycle/user-lifecycle";

export default {
  fetch: app.fetch,
  queue: consumeTransfers,
} satisfies ExportedHandler<Env>;
