// Builds the Hono app: request id, then the SCIM routes of the tenant the host names; errors leave as SCIM JSON.
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { notFound, onError } from "./http/errors";
import { requestId } from "./http/middleware/request-id";
import { tenant } from "./http/middleware/tenant";
import { SCIM_BASE_PATH } from "./http/scim/context";
import { scimRoutes } from "./http/scim/routes";

export const app = new Hono<AppEnv>()
  .use(requestId)
  .use(`${SCIM_BASE_PATH}/*`, tenant)
  .route(SCIM_BASE_PATH, scimRoutes)
  .notFound(notFound)
  .onError(onError);
