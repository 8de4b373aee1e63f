// POST /oauth/token on a tenant's host: the client-credentials grant (RFC 6749 §4.4). Access tokens open the
// client's directory only and are checked by the same bearer middleware as admin-generated tokens.
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type OAuthErrorCode, parseTokenRequest } from "../../auth/client-credentials";
import { secretMatches } from "../../auth/token";
import { catalogDatabase } from "../../db/client";
import { findClient, issueAccessToken } from "../../db/oauth";
import { findOrganisationByHost } from "../../db/tenancy";
import { accessTokenExpiry, isRevoked, secondsUntil } from "../../domain/tokens";
import type { AppEnv } from "../../env";
import { isOverloaded, RETRY_AFTER_SECONDS } from "../errors";

export const OAUTH_BASE_PATH = "/oauth";
export const OAUTH_TOKEN_PATH = `${OAUTH_BASE_PATH}/token`;

/** A token request is a few hundred bytes of form fields. */
const MAX_TOKEN_REQUEST_BYTES = 8 * 1024;

/** The one scope there is: the directory's SCIM endpoint (reported when a client asks for a scope, §3.3). */
const SCOPE = "scim";

/** §5.1 and §5.2: token responses and errors must not be cached. */
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

const STATUS: Record<OAuthErrorCode, 400 | 401> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
};

function oauthError(
  error: OAuthErrorCode | "server_error" | "temporarily_unavailable",
  description: string,
  status?: number,
  headers: Record<string, string> = {},
): Response {
  const code = status ?? (error in STATUS ? STATUS[error as OAuthErrorCode] : 500);
  // §5.2: a 401 names the scheme the client may authenticate with.
  const challenge: Record<string, string> =
    code === 401 ? { "WWW-Authenticate": 'Basic realm="scim-edge", charset="UTF-8"' } : {};
  return Response.json(
    { error, error_description: description },
    { status: code, headers: { ...NO_STORE, ...challenge, ...headers } },
  );
}

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

async function token(c: Context<AppEnv>): Promise<Response> {
  if (!FORM.test(c.req.header("Content-Type") ?? ""))
    return oauthError("invalid_request", "Send the request as application/x-www-form-urlencoded.");
  // Bytes, not .text(): workerd warns about reading a form as text, and a form is ASCII anyway (§B).
  const form = new TextDecoder().decode(await c.req.arrayBuffer());
  const request = parseTokenRequest(c.req.header("Authorization"), form);
  if (!request.ok) return oauthError(request.error, request.description);

  const db = catalogDatabase(c.env);
  const now = new Date();
  const failed = () => oauthError("invalid_client", "Client authentication failed.");
  // A host that is no organisation's, and a client of another organisation, fail like a wrong secret.
  const org = await findOrganisationByHost(c.env.DB, new URL(c.req.url).host, c.env.SCIM_DOMAIN);
  if (!org) return failed();
  const found = await findClient(db, org.id, request.clientId);
  if (!found || !(await secretMatches(request.clientSecret, found.client.secretHash))) return failed();
  if (isRevoked(found.client.revokedAt, now))
    return oauthError("invalid_client", "These client credentials have been revoked; use the newest ones.");
  if (!found.directory.enabled)
    return oauthError(
      "unauthorized_client",
      "The SCIM directory of this client is disabled; an administrator can enable it again in the SCIM settings.",
    );

  const expiresAt = accessTokenExpiry(now, found.client.revokedAt);
  const scope = { orgId: org.id, directoryId: found.directory.id };
  const accessToken = await issueAccessToken(db, scope, found.client.id, expiresAt, now);
  return Response.json(
    {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: secondsUntil(now, expiresAt),
      ...(request.scopeRequested ? { scope: SCOPE } : {}),
    },
    { headers: NO_STORE },
  );
}

export const oauthRoutes = new Hono<AppEnv>()
  .post(
    "/token",
    bodyLimit({
      maxSize: MAX_TOKEN_REQUEST_BYTES,
      onError: () =>
        oauthError("invalid_request", `The request is larger than ${MAX_TOKEN_REQUEST_BYTES} bytes.`, 413),
    }),
    token,
  )
  .all("/token", () => oauthError("invalid_request", "Use POST.", 405, { Allow: "POST" }))
  .onError((error, c) => {
    const requestId = c.get("requestId");
    if (isOverloaded(error))
      return oauthError("temporarily_unavailable", "The service is busy; retry later.", 503, {
        "Retry-After": RETRY_AFTER_SECONDS,
      });
    console.error(JSON.stringify({ requestId, error: String(error), stack: (error as Error)?.stack }));
    return oauthError("server_error", `Internal error (request ${requestId}).`);
  });
