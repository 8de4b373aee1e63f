// Every failure leaves as a SCIM error (RFC 7644 §3.12); anything unexpected is a 500 with a request id only.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { ScimError } from "../scim/errors";
import { requestUrl } from "./request-url";
import { scimJson } from "./respond";

/** D1 asks callers to back off with these (platform-notes: D1); a retry later will likely succeed. */
const OVERLOADED = /D1 DB is overloaded|Too many requests queued|overloaded/i;
export const RETRY_AFTER_SECONDS = "5";

export const isOverloaded = (error: unknown): boolean => OVERLOADED.test(String((error as Error)?.message));

export const renderScimError = (error: ScimError): Response =>
  scimJson(error.toBody(), error.status, error.headers);

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ScimError) return renderScimError(withSettingHint(error, c));
  if (error instanceof HTTPException) {
    return renderScimError(
      ScimError.plain(error.status === 413 ? 413 : 400, error.message || "Bad request."),
    );
  }
  const requestId = c.get("requestId");
  if (isOverloaded(error)) {
    return renderScimError(
      ScimError.plain(503, `The service is busy; retry later (request ${requestId}).`, {
        "Retry-After": RETRY_AFTER_SECONDS,
      }),
    );
  }
  console.error(JSON.stringify({ requestId, error: String(error), stack: (error as Error)?.stack }));
  return renderScimError(ScimError.plain(500, `Internal error (request ${requestId}).`));
};

/**
 * A refused request that the directory's IdP setting could have accepted says so: an admin who chose `okta` for
 * an Entra connection reads which setting to pick instead of a syntax error alone.
 */
function withSettingHint(error: ScimError, c: Context<AppEnv>): ScimError {
  if (error.status !== 400 && error.status !== 415) return error;
  const hint = c.get("normaliser")?.settingHint();
  return hint ? error.withDetail(`${error.detail} ${hint}`) : error;
}

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  renderScimError(
    ScimError.plain(404, `There is no SCIM endpoint at ${c.req.method} ${requestUrl(c.req.raw).pathname}.`),
  );

/** For routes that exist with other methods: 405 with the methods that do work (RFC 9110 §15.5.6). */
export const methodNotAllowed = (allowed: string) => (c: Context<AppEnv>) =>
  renderScimError(
    ScimError.plain(405, `${c.req.method} is not supported here; use ${allowed}.`, { Allow: allowed }),
  );
