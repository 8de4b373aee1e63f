// The shapes of the admin routes, so that every collection, item and credential says the same things in the
// OpenAPI document: the method, the parameters, the success response and the errors that can happen.
import { createRoute, z } from "@hono/zod-openapi";
import { type ErrorStatus, errors, jsonBody, jsonContent } from "./schemas";

interface RouteShape<P extends z.ZodObject> {
  path: string;
  tags: string[];
  summary: string;
  description?: string;
  params: P;
}

type WithItem<P extends z.ZodObject, I extends z.ZodType> = RouteShape<P> & { item: I };
type WithBody<P extends z.ZodObject, B extends z.ZodType, I extends z.ZodType> = WithItem<P, I> & { body: B };

/** GET a collection under a parent that may not exist: `{items}`, or 404. */
export const listRoute = <P extends z.ZodObject, I extends z.ZodType>(route: WithItem<P, I>) =>
  createRoute({
    method: "get",
    path: route.path,
    tags: route.tags,
    summary: route.summary,
    request: { params: route.params },
    responses: { 200: jsonContent(z.object({ items: z.array(route.item) }), "The list."), ...errors(404) },
  });

/** GET one resource, or 404. */
export const readRoute = <P extends z.ZodObject, I extends z.ZodType>(route: WithItem<P, I>) =>
  createRoute({
    method: "get",
    path: route.path,
    tags: route.tags,
    summary: route.summary,
    request: { params: route.params },
    responses: { 200: jsonContent(route.item, "The resource."), ...errors(404) },
  });

/** POST a new resource (or credential) under a parent: 201, 400 for bad input, 404, and the refusals given. */
export const createItemRoute = <
  P extends z.ZodObject,
  B extends z.ZodType,
  I extends z.ZodType,
  S extends ErrorStatus = never,
>(
  route: WithBody<P, B, I>,
  ...refusals: S[]
) =>
  createRoute({
    method: "post",
    path: route.path,
    tags: route.tags,
    summary: route.summary,
    description: route.description,
    request: { params: route.params, body: jsonBody(route.body) },
    responses: { 201: jsonContent(route.item, "Created."), ...errors<S | 400 | 404>(400, 404, ...refusals) },
  });

/** PATCH a resource: only the fields sent change. 200, 400, 404, or 409 for conflicts and rules. */
export const updateRoute = <P extends z.ZodObject, B extends z.ZodType, I extends z.ZodType>(
  route: WithBody<P, B, I>,
) =>
  createRoute({
    method: "patch",
    path: route.path,
    tags: route.tags,
    summary: route.summary,
    description: route.description,
    request: { params: route.params, body: jsonBody(route.body) },
    responses: { 200: jsonContent(route.item, "The resource as it is now."), ...errors(400, 404, 409) },
  });

/** DELETE one resource: 204, or 404 (and the statuses of the rules that can refuse it). */
export const removeRoute = <P extends z.ZodObject, S extends ErrorStatus>(
  route: RouteShape<P>,
  ...refusals: S[]
) =>
  createRoute({
    method: "delete",
    path: route.path,
    tags: route.tags,
    summary: route.summary,
    description: route.description,
    request: { params: route.params },
    responses: { 204: { description: "Deleted." }, ...errors<S | 404>(404, ...refusals) },
  });

/** POST …/revoke on a credential: 200 with the credential as it is now, or 404. */
export const revokeRoute = <P extends z.ZodObject, I extends z.ZodType>(route: WithItem<P, I>) =>
  createRoute({
    method: "post",
    path: route.path,
    tags: route.tags,
    summary: route.summary,
    request: { params: route.params },
    responses: { 200: jsonContent(route.item, "The revoked credential."), ...errors(404) },
  });
