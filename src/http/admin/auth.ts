// The admin API's authentication: the operator secret (ADMIN_SECRET, a Worker secret) as a bearer credential,
// compared as fixed-length digests (platform-notes: Workers).
import { createMiddleware } from "hono/factory";
import { hashSecret, secretMatches } from "../../auth/token";
import type { AppEnv } from "../../env";
import { AdminError } from "./errors";

/** A shorter operator secret is refused outright: 32 random characters are well beyond guessing. */
export const ADMIN_SECRET_MIN_LENGTH = 32;

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="scim-edge-admin"' };

export const adminAuth = createMiddleware<AppEnv>(async function adminAuth(c, next) {
  const expected = c.env.ADMIN_SECRET ?? "";
  if (expected.length < ADMIN_SECRET_MIN_LENGTH) {
    throw new AdminError(
      "not_configured",
      `The admin API is not configured: set ADMIN_SECRET (at least ${ADMIN_SECRET_MIN_LENGTH} characters) with \`wrangler secret put ADMIN_SECRET\`, or in .dev.vars locally.`,
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
  if (!match?.[1]) {
    throw new AdminError(
      "unauthorized",
      "Send the operator secret as 'Authorization: Bearer <ADMIN_SECRET>'.",
      undefined,
      CHALLENGE,
    );
  }
  if (!(await secretMatches(match[1], await hashSecret(expected)))) {
    throw new AdminError("unauthorized", "The operator secret is not valid.", undefined, {
      "WWW-Authenticate": 'Bearer realm="scim-edge-admin", error="invalid_token"',
    });
  }
  await next();
});
