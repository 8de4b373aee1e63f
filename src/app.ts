// Builds the Hono app: request id, then the SCIM routes of the tenant the host names, each request recorded in
// the system log (errors leave as SCIM JSON), the OAuth token endpoint on tenant hosts, and the admin API (its own
// JSON errors).
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { ADMIN_BASE_PATH, adminApp } from "./http/admin/app";
import { notFound, onError } from "./http/errors";
import { requestId } from "./http/middleware/request-id";
import { systemLog } from "./http/middleware/system-log";
import { tenant } from "./http/middleware/tenant";
import { OAUTH_BASE_PATH, oauthRoutes } from "./http/oauth/token-endpoint";
import { SCIM_BASE_PATH } from "./http/scim/context";
import { scimRoutes } from "./http/scim/routes";

export const app = new Hono<AppEnv>()
  .use(requestId)
  // The log wraps the tenant middleware: it keeps the bindings as the request arrived (the tenant middleware may
  // give the request its own view of D1) and skips a request whose host names no organisation.
  .use(`${SCIM_BASE_PATH}/*`, systemLog)
  .use(`${SCIM_BASE_PATH}/*`, tenant)
  .route(SCIM_BASE_PATH, scimRoutes)
  .route(OAUTH_BASE_PATH, oauthRoutes)
  .route(ADMIN_BASE_PATH, adminApp)
  .notFound(notFound)
  .onError(onError);
