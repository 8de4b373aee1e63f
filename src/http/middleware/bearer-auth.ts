// Authenticates the SCIM bearer token (RFC 6750) against the organisation the host resolved to.
import { createMiddleware } from "hono/factory";
import { catalogDatabase } from "../../db/client";
import { authenticate, type TokenRejection } from "../../db/tenancy";
import type { AppEnv } from "../../env";
import { ScimError } from "../../scim/errors";

const REJECTION_DETAIL: Record<TokenRejection | "missing", string> = {
  missing: "Send the SCIM token as 'Authorization: Bearer <token>'.",
  malformed: "The bearer token is not a scim-edge token; copy it again from the SCIM settings.",
  unknown: "The bearer token is not valid for this organisation.",
  expired: "The bearer token has expired; generate a new token in the SCIM settings.",
  revoked: "The bearer token has been revoked; use the newest token from the SCIM settings.",
};

const unauthorized = (reason: TokenRejection | "missing") =>
  ScimError.plain(401, REJECTION_DETAIL[reason], {
    "WWW-Authenticate":
      reason === "missing" ? 'Bearer realm="scim"' : `Bearer realm="scim", error="invalid_token"`,
  });

export const bearerAuth = createMiddleware<AppEnv>(async function bearerAuth(c, next) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
  if (!match?.[1]) throw unauthorized("missing");
  const result = await authenticate(catalogDatabase(c.env), c.get("org").id, match[1], new Date());
  if (!result.ok) throw unauthorized(result.reason);
  c.set("directory", result.directory);
  await next();
});
