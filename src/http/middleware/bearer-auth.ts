// Authenticates the SCIM bearer token (RFC 6750) that the tenant middleware found within the host's organisation,
// refuses a disabled directory, and records the token's last use in the background.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { rememberTenancy } from "../../auth/tenancy-hints";
import type { PresentedSecret } from "../../auth/token";
import { catalogDatabase } from "../../db/client";
import {
  authenticate,
  type Credential,
  recordTokenUse,
  type TokenKind,
  type TokenRejection,
} from "../../db/tenancy";
import { shouldRecordUse } from "../../domain/tokens";
import type { AppEnv } from "../../env";
import { ScimError } from "../../scim/errors";
import { requestUrl } from "../request-url";

const REJECTION_DETAIL: Record<TokenRejection | "missing", string> = {
  missing: "Send the SCIM token as 'Authorization: Bearer <token>'.",
  malformed: "The bearer token is not a scim-edge token; copy it again from the SCIM settings.",
  unknown: "The bearer token is not valid for this organisation.",
  expired: "The bearer token has expired; generate a new token in the SCIM settings.",
  revoked: "The bearer token has been revoked; use the newest token from the SCIM settings.",
};

/** OAuth access tokens are renewed by the IdP itself, at the token endpoint. */
const ACCESS_TOKEN_DETAIL: Partial<Record<TokenRejection, string>> = {
  expired: "The OAuth access token has expired; request a new one from the token endpoint.",
  revoked: "The OAuth access token has been revoked; request a new one with the newest client credentials.",
};

const unauthorized = (reason: TokenRejection | "missing", kind?: TokenKind) =>
  ScimError.plain(
    401,
    (kind === "oauth" && reason !== "missing" ? ACCESS_TOKEN_DETAIL[reason] : undefined) ??
      REJECTION_DETAIL[reason],
    {
      "WWW-Authenticate":
        reason === "missing" ? 'Bearer realm="scim"' : `Bearer realm="scim", error="invalid_token"`,
    },
  );

/** The write must not delay the SCIM response, nor fail it: it runs after, within waitUntil's 30 s. */
function recordUseLater(c: Context<AppEnv>, tokenId: string, now: Date): void {
  const write = recordTokenUse(catalogDatabase(c.env), c.get("org").id, tokenId, now)
    .run()
    .catch((error: unknown) => console.error(JSON.stringify({ lastUse: tokenId, error: String(error) })));
  c.executionCtx.waitUntil(write);
}

/**
 * Verifies a presented token against the row its id found in the host's organisation, and names the directory
 * it opens; the isolate then remembers the credential (src/auth/tenancy-hints.ts).
 */
export async function admit(c: Context<AppEnv>, found: Credential | undefined, presented: PresentedSecret) {
  const now = new Date();
  const result = authenticate(found, presented.secretHash, now);
  if (!result.ok) throw unauthorized(result.reason, result.kind);
  // Recorded for a disabled directory too: the admin sees that the IdP is still calling.
  if (shouldRecordUse(result.lastUsedAt, now)) recordUseLater(c, result.tokenId, now);
  if (!result.directory.enabled) {
    // 403, not 401: the token is good, and an IdP must not treat this as a credential to retry or replace.
    throw ScimError.plain(
      403,
      `The SCIM directory "${result.directory.name}" is disabled. An administrator can enable it again in the SCIM settings; its users and groups are kept.`,
    );
  }
  c.set("directory", result.directory);
  c.set("admitted", true);
  if (found)
    rememberTenancy(requestUrl(c.req.raw).host, found.token, {
      org: c.get("org"),
      directory: found.directory,
    });
}

export const bearerAuth = createMiddleware<AppEnv>(async function bearerAuth(c, next) {
  const credential = c.get("credential");
  if (typeof credential.presented === "string") throw unauthorized(credential.presented);
  if ("deferred" in credential) {
    c.set("directory", credential.deferred.directory);
    await next();
    try {
      // Before the response leaves: a credential that no longer opens this directory gets its error instead.
      await credential.deferred.settle();
    } catch (error) {
      // Dropped, not replaced: Hono would copy the refused response's headers (ETag, Location) onto the error.
      c.res = undefined;
      throw error;
    }
    return;
  }
  await admit(c, credential.found, credential.presented);
  await next();
});
