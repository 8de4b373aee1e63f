// Discovery (RFC 7644 §4): the same documents for every tenant, so they need no token; only GET is allowed.
// ServiceProviderConfig reads a token when one is sent, to say whether that directory's profile is strict.
import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Directory } from "../../db/tenancy";
import type { AppEnv } from "../../env";
import {
  type DiscoveryContext,
  findResourceType,
  findSchema,
  resourceTypeList,
  schemaList,
  serviceProviderConfig,
} from "../../scim/discovery";
import { ScimError } from "../../scim/errors";
import { profileOf } from "../../scim/normalise/profiles";
import { servedResourceTypes } from "../../scim/schemas/resource-type";
import { methodNotAllowed } from "../errors";
import { bearerAuth } from "../middleware/bearer-auth";
import { requestUrl } from "../request-url";
import { scimJson } from "../respond";
import { baseUrlOf } from "./context";

const discoveryContext = (c: Context<AppEnv>): DiscoveryContext => ({
  baseUrl: baseUrlOf(c),
  resourceTypes: servedResourceTypes,
});

/** RFC 7644 §4: a filter on discovery endpoints SHOULD be answered with 403. */
function refuseFilter(c: Context<AppEnv>) {
  if (requestUrl(c.req.raw).searchParams.has("filter")) {
    throw ScimError.plain(
      403,
      "Discovery endpoints cannot be filtered (RFC 7644 §4); request the whole list.",
    );
  }
}

const getOnly = methodNotAllowed("GET");

/**
 * Reads the directory of a token when one is sent. Discovery SHALL NOT require authentication (RFC 7644 §4), so a
 * token that is refused (expired, or its directory disabled) leaves the request anonymous instead of failing it.
 */
const optionalBearerAuth = createMiddleware<AppEnv>(async function optionalBearerAuth(c, next) {
  if (c.req.header("Authorization") === undefined) return next();
  let authenticated = false;
  try {
    await bearerAuth(c, async () => {
      authenticated = true;
      await next();
    });
  } catch (error) {
    if (authenticated) throw error;
    // Refused, or the lookup itself failed: discovery still answers, as to an anonymous caller.
    if (!(error instanceof ScimError)) console.error(JSON.stringify({ discoveryAuth: String(error) }));
    await next();
  }
});

/** Only a strict directory claims the interop profile; anonymous callers get the server-wide (generic) answer. */
const isStrict = (c: Context<AppEnv>) => {
  const directory = c.get("directory") as Directory | undefined;
  return directory !== undefined && profileOf(directory.idp).strict;
};

export const discoveryRoutes = new Hono<AppEnv>()
  .use("/ServiceProviderConfig", optionalBearerAuth)
  .get("/ServiceProviderConfig", (c) =>
    scimJson(serviceProviderConfig({ ...discoveryContext(c), interopProfileConformant: isStrict(c) }), 200, {
      // The answer depends on the token sent: no shared cache may hand one directory's to another.
      Vary: "Authorization",
      "Cache-Control": "private",
    }),
  )
  .all("/ServiceProviderConfig", getOnly)
  .get("/ResourceTypes", (c) => {
    refuseFilter(c);
    return scimJson(resourceTypeList(discoveryContext(c)));
  })
  .all("/ResourceTypes", getOnly)
  .get("/ResourceTypes/:name", (c) => {
    const found = findResourceType(discoveryContext(c), c.req.param("name"));
    if (!found) throw ScimError.plain(404, `There is no resource type "${c.req.param("name")}".`);
    return scimJson(found);
  })
  .all("/ResourceTypes/:name", getOnly)
  .get("/Schemas", (c) => {
    refuseFilter(c);
    return scimJson(schemaList(discoveryContext(c)));
  })
  .all("/Schemas", getOnly)
  .get("/Schemas/:id", (c) => {
    const found = findSchema(discoveryContext(c), c.req.param("id"));
    if (!found) throw ScimError.plain(404, `There is no schema "${c.req.param("id")}".`);
    return scimJson(found);
  })
  .all("/Schemas/:id", getOnly);
