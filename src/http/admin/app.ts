// The admin API under /admin/v1: the OpenAPI document and its reference page (public), then every resource
// behind the operator secret. Errors leave as {error: {code, message, details}}, never as SCIM errors.
import { Scalar } from "@scalar/hono-api-reference";
import { bodyLimit } from "hono/body-limit";
import { adminAuth } from "./auth";
import { directoryRoutes } from "./directories";
import { domainRoutes } from "./domains";
import { AdminError, onAdminError } from "./errors";
import { eventRoutes } from "./events";
import { hostnameRoutes } from "./hostnames";
import { licenceRoutes } from "./licences";
import { oauthClientRoutes } from "./oauth-clients";
import { orgAdminRoutes } from "./org-admins";
import { organisationRoutes } from "./organisations";
import { adminRouter } from "./router";
import { systemLogRoutes } from "./system-log";
import { tokenRoutes } from "./tokens";
import { transferRoutes } from "./transfers";
import { webhookRoutes } from "./webhooks";

export const ADMIN_BASE_PATH = "/admin/v1";

/** Admin requests are small JSON documents. */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

const SECURITY_SCHEME = "operatorSecret";

export const adminApp = adminRouter();

// Registered before the authentication middleware, so that they answer without the secret.
adminApp.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "scim-edge admin API",
    version: "1",
    description:
      "Organisation administration: organisations, verified domains, licences, admins, SCIM directories, tokens, OAuth clients, custom hostnames, workspace transfers and the system log. Authenticate with the operator secret (ADMIN_SECRET) as a bearer token. Errors are {error: {code, message, details}}.",
  },
  servers: [{ url: `${new URL(c.req.url).origin}${ADMIN_BASE_PATH}` }],
  security: [{ [SECURITY_SCHEME]: [] }],
}));
adminApp.get(
  "/reference",
  Scalar({ url: `${ADMIN_BASE_PATH}/openapi.json`, pageTitle: "scim-edge admin API" }),
);

adminApp.openAPIRegistry.registerComponent("securitySchemes", SECURITY_SCHEME, {
  type: "http",
  scheme: "bearer",
  description: "The operator secret: ADMIN_SECRET (a Worker secret; .dev.vars locally).",
});

adminApp
  .use(adminAuth)
  .use(
    bodyLimit({
      maxSize: ADMIN_MAX_BODY_BYTES,
      onError: () => {
        throw new AdminError(
          "payload_too_large",
          `The request body is larger than ${ADMIN_MAX_BODY_BYTES} bytes.`,
        );
      },
    }),
  )
  .route("/", organisationRoutes)
  .route("/", domainRoutes)
  .route("/", licenceRoutes)
  .route("/", orgAdminRoutes)
  .route("/", directoryRoutes)
  .route("/", tokenRoutes)
  .route("/", oauthClientRoutes)
  .route("/", hostnameRoutes)
  .route("/", transferRoutes)
  .route("/", systemLogRoutes)
  .route("/", eventRoutes)
  .route("/", webhookRoutes)
  .all("*", (c) => {
    throw new AdminError(
      "not_found",
      `There is no admin endpoint at ${c.req.method} ${new URL(c.req.url).pathname}.`,
    );
  })
  .onError(onAdminError);
