// Puts the directory's dialect profile on the request (src/scim/normalise): the routes read bodies and queries
// through it, so the protocol code sees canonical SCIM, and the system log shows which rules fired.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";
import { createNormaliser } from "../../scim/normalise/normaliser";
import type { ResourceTypeDef } from "../../scim/schemas/resource-type";
import { readJsonBody } from "../body";

/** For the routes of one resource type; runs after bearer authentication, which names the directory. */
export const normalise = (type: ResourceTypeDef) =>
  createMiddleware<AppEnv>(async function normalise(c, next) {
    const normaliser = createNormaliser(c.get("directory").idp);
    c.set("normaliser", normaliser);
    c.set("query", normaliser.query(type, c.req.url));
    await next();
  });

/** The request body, its media type checked against the directory's profile. */
export const readBody = (c: Context<AppEnv>) => readJsonBody(c.req.raw, c.get("normaliser"));
