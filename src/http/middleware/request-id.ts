// Gives every request an id, echoed in X-Request-Id, so that a 500 the IdP shows can be found in the logs.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";

export const requestId = createMiddleware<AppEnv>(async function requestId(c, next) {
  const id = c.req.header("cf-ray") ?? crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.header("X-Request-Id", id);
});
