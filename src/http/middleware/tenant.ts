// Resolves the organisation from the request's host: <slug>.<SCIM_DOMAIN> or a registered custom hostname.
import { createMiddleware } from "hono/factory";
import { catalogDatabase } from "../../db/client";
import { findOrganisationByHost } from "../../db/tenancy";
import type { AppEnv } from "../../env";
import { ScimError } from "../../scim/errors";

export const tenant = createMiddleware<AppEnv>(async function tenant(c, next) {
  const host = new URL(c.req.url).host;
  const org = await findOrganisationByHost(catalogDatabase(c.env), host, c.env.SCIM_DOMAIN);
  if (!org) throw ScimError.plain(404, `No organisation is served at ${host}. Check the SCIM base URL.`);
  c.set("org", org);
  await next();
});
