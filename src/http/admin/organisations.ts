// /organisations: create, list, read, update, and delete with an explicit confirmation.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from "../../db/admin/organisations";
import { catalogDatabase } from "../../db/client";
import type { Organisation } from "../../db/tenancy";
import type { AppEnv } from "../../env";
import { unwrap } from "./failures";
import { readRoute, updateRoute } from "./route-shapes";
import { adminRouter, scimBaseUrl, tenantHost } from "./router";
import { errors, jsonBody, jsonContent, Name, OrgParams, Slug, Timestamp } from "./schemas";

/** Organisations per page when the client names no limit, and the most it may ask for. */
export const ORGANISATIONS_PAGE_DEFAULT = 50;
export const ORGANISATIONS_PAGE_MAX = 200;

const OrganisationView = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    host: z.string().openapi({ description: "<slug>.<SCIM_DOMAIN>, where the SCIM endpoint answers." }),
    baseUrl: z.string().openapi({ description: "The SCIM base URL on that host." }),
    createdAt: Timestamp,
  })
  .openapi("Organisation");

const view = (c: Context<AppEnv>, org: Organisation): z.infer<typeof OrganisationView> => {
  const host = tenantHost(c, org.slug);
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    host,
    baseUrl: scimBaseUrl(c, host),
    createdAt: org.createdAt,
  };
};

const tags = ["Organisations"];

const item = { path: "/organisations/{orgId}", tags, params: OrgParams };

const create = createRoute({
  method: "post",
  path: "/organisations",
  tags,
  summary: "Create an organisation",
  request: { body: jsonBody(z.strictObject({ slug: Slug, name: Name })) },
  responses: { 201: jsonContent(OrganisationView, "The organisation."), ...errors(400, 409) },
});

const list = createRoute({
  method: "get",
  path: "/organisations",
  tags,
  summary: "List organisations in slug order",
  request: {
    query: z.object({
      limit: z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be at least 1")
        .max(ORGANISATIONS_PAGE_MAX, `must be at most ${ORGANISATIONS_PAGE_MAX}`)
        .default(ORGANISATIONS_PAGE_DEFAULT),
      after: z.string().optional().openapi({ description: "The nextCursor of the previous page." }),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(OrganisationView), nextCursor: z.string().nullable() }),
      "A page of organisations; nextCursor is null on the last page.",
    ),
    ...errors(400),
  },
});

const read = readRoute({ ...item, summary: "Read an organisation", item: OrganisationView });
const update = updateRoute({
  ...item,
  summary: "Rename an organisation or change its slug (and so its SCIM host)",
  body: z.strictObject({ slug: Slug.optional(), name: Name.optional() }),
  item: OrganisationView,
});

const remove = createRoute({
  method: "delete",
  path: "/organisations/{orgId}",
  tags,
  summary: "Delete an organisation and all its SCIM data",
  description:
    "Deletes the organisation with its hostnames, domains, licences, admins, directories, tokens, users and groups. Nothing of other organisations is touched. The body must repeat the organisation's slug as confirmSlug.",
  request: {
    params: OrgParams,
    body: jsonBody(
      z.strictObject({
        confirmSlug: z.string().openapi({ description: "The organisation's slug, to confirm the deletion." }),
      }),
    ),
  },
  responses: { 204: { description: "Deleted." }, ...errors(400, 404) },
});

export const organisationRoutes = adminRouter()
  .openapi(create, async (c) => {
    const org = unwrap(await createOrganisation(catalogDatabase(c.env), c.req.valid("json")));
    return c.json(view(c, org), 201);
  })
  .openapi(list, async (c) => {
    const { limit, after } = c.req.valid("query");
    const page = await listOrganisations(catalogDatabase(c.env), { limit, after });
    return c.json({ items: page.rows.map((org) => view(c, org)), nextCursor: page.next }, 200);
  })
  .openapi(read, async (c) => {
    const org = unwrap(await getOrganisation(catalogDatabase(c.env), c.req.valid("param").orgId));
    return c.json(view(c, org), 200);
  })
  .openapi(update, async (c) => {
    const { orgId } = c.req.valid("param");
    const org = unwrap(await updateOrganisation(catalogDatabase(c.env), orgId, c.req.valid("json")));
    return c.json(view(c, org), 200);
  })
  .openapi(remove, async (c) => {
    const { orgId } = c.req.valid("param");
    unwrap(await deleteOrganisation(catalogDatabase(c.env), orgId, c.req.valid("json").confirmSlug));
    return c.body(null, 204);
  });
