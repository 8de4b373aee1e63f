// The admin routers: OpenAPI-described Hono apps whose validation failures leave as the admin error shape.
import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { SCIM_BASE_PATH } from "../scim/context";
import { AdminError } from "./errors";

/** Where a validated value came from, as a client would name it. */
const TARGET_NAME: Record<string, string> = { json: "body", query: "query", param: "path", form: "body" };

/** Lists at most this many problems in the message; `details` has them all. */
const PROBLEMS_IN_MESSAGE = 3;

// biome-ignore lint/suspicious/noExplicitAny: the hook serves every route, whatever its schema.
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  const where = TARGET_NAME[result.target] ?? result.target;
  const details = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const summary = details
    .slice(0, PROBLEMS_IN_MESSAGE)
    .map((detail) => `${detail.path}: ${detail.message}`)
    .join("; ");
  throw new AdminError("invalid_request", `The request is invalid: ${summary}.`, details);
};

/** For responses that carry a secret shown once: no cache may keep it. */
export const NO_STORE = "no-store";

export const adminRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/**
 * A URL on a tenant host, with the scheme and port the admin API was reached on: https in production,
 * http://<slug>.localhost:8787 under `npm start`.
 */
export function tenantUrl(c: Context<AppEnv>, host: string, path: string): string {
  const { protocol, port } = new URL(c.req.url);
  return `${protocol}//${host}${port ? `:${port}` : ""}${path}`;
}

/** The SCIM base URL on a tenant host. Every directory of the organisation shares it: the token picks one. */
export const scimBaseUrl = (c: Context<AppEnv>, host: string): string => tenantUrl(c, host, SCIM_BASE_PATH);

export const tenantHost = (c: Context<AppEnv>, slug: string): string => `${slug}.${c.env.SCIM_DOMAIN}`;
