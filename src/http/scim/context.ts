// What SCIM routes read off a request: the directory scope and the base URL that locations are built from.
import type { Context } from "hono";
import type { DirectoryScope } from "../../db/users";
import type { AppEnv } from "../../env";
import { requestUrl } from "../request-url";

export const SCIM_BASE_PATH = "/scim/v2";

export const scopeOf = (c: Context<AppEnv>): DirectoryScope => ({
  orgId: c.get("org").id,
  directoryId: c.get("directory").id,
});

/** The tenant's SCIM base URL as the client reached it (subdomain or custom hostname). */
export const baseUrlOf = (c: Context<AppEnv>): string => `${requestUrl(c.req.raw).origin}${SCIM_BASE_PATH}`;
