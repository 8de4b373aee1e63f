// The SCIM base URL: discovery is public (it is the same for every tenant), everything else needs the token.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { ScimError } from "../../scim/errors";
import { bearerAuth } from "../middleware/bearer-auth";
import { discoveryRoutes } from "./discovery";
import { groupRoutes } from "./groups";
import { userRoutes } from "./users";

export const scimRoutes = new Hono<AppEnv>()
  .route("/", discoveryRoutes)
  // `/Users/*` matches `/Users` too: one mount, one authentication per request.
  .use("/Users/*", bearerAuth)
  .route("/Users", userRoutes)
  .use("/Groups/*", bearerAuth)
  .route("/Groups", groupRoutes)
  // ServiceProviderConfig says bulk.supported=false; RFC 7644 §3.12 answers unsupported operations with 501.
  .all("/Bulk", () => {
    throw ScimError.plain(501, "Bulk operations are not supported; send each change as its own request.");
  });
