// The SCIM base URL: discovery is public (it is the same for every tenant), everything else needs the token.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { bearerAuth } from "../middleware/bearer-auth";
import { discoveryRoutes } from "./discovery";
import { userRoutes } from "./users";

export const scimRoutes = new Hono<AppEnv>()
  .route("/", discoveryRoutes)
  .use("/Users/*", bearerAuth)
  .use("/Users", bearerAuth)
  .route("/Users", userRoutes);
