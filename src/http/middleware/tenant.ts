// Resolves the organisation from the request's host (<slug>.<SCIM_DOMAIN> or a registered custom hostname) and,
// in the same D1 statement, the row of the bearer token the request presents, which bearerAuth then verifies.
import { createMiddleware } from "hono/factory";
import { type ParsedToken, presentedToken } from "../../auth/token";
import { catalogDatabase } from "../../db/client";
import { type Credential, findTenant } from "../../db/tenancy";
import type { AppEnv } from "../../env";
import { ScimError } from "../../scim/errors";

/** The presented token and the row its id found in the host's organisation, for bearerAuth to verify. */
export type PresentedCredential =
  | { presented: "missing" | "malformed" }
  | { presented: ParsedToken; found: Credential | undefined };

export const tenant = createMiddleware<AppEnv>(async function tenant(c, next) {
  const host = new URL(c.req.url).host;
  const presented = presentedToken(c.req.header("Authorization"));
  const tokenId = typeof presented === "string" ? undefined : presented.id;
  const found = await findTenant(catalogDatabase(c.env), host, c.env.SCIM_DOMAIN, tokenId);
  if (!found) throw ScimError.plain(404, `No organisation is served at ${host}. Check the SCIM base URL.`);
  c.set("org", found.org);
  c.set("credential", typeof presented === "string" ? { presented } : { presented, found: found.credential });
  await next();
});
