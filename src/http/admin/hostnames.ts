// /organisations/{orgId}/hostnames: custom hostnames (e.g. scim.acme.com) where the SCIM endpoint also answers.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { addHostname, listHostnames, removeHostname } from "../../db/admin/hostnames";
import { catalogDatabase } from "../../db/client";
import { isWithin } from "../../domain/names";
import type { AppEnv } from "../../env";
import { AdminError } from "./errors";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, removeRoute } from "./route-shapes";
import { adminRouter, scimBaseUrl } from "./router";
import { DomainName, OrgParams, pathId, Timestamp } from "./schemas";

const HostnameView = z
  .object({
    hostname: z.string().openapi({ example: "scim.acme.com" }),
    baseUrl: z.string().openapi({ description: "The SCIM base URL on this hostname." }),
    createdAt: Timestamp,
  })
  .openapi("CustomHostname");

const tags = ["Custom hostnames"];
const collection = { path: "/organisations/{orgId}/hostnames", tags, params: OrgParams };

const list = listRoute({
  ...collection,
  summary: "List the organisation's custom hostnames",
  item: HostnameView,
});
const add = createItemRoute(
  {
    ...collection,
    summary: "Register a custom hostname",
    description:
      "Routes the hostname to this organisation. The Cloudflare side (a custom hostname of Cloudflare for SaaS pointing at the Worker) is set up separately; see the README. A hostname belongs to one organisation (409).",
    body: z.strictObject({ hostname: DomainName }),
    item: HostnameView,
  },
  409,
);
const remove = removeRoute({
  path: "/organisations/{orgId}/hostnames/{hostname}",
  tags,
  summary: "Unregister a custom hostname",
  params: OrgParams.extend({ hostname: pathId("hostname", "The custom hostname.") }),
});

const hostnameView = (c: Context<AppEnv>, row: { hostname: string; createdAt: string }) => ({
  hostname: row.hostname,
  baseUrl: scimBaseUrl(c, row.hostname),
  createdAt: row.createdAt,
});

export const hostnameRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(await listHostnames(catalogDatabase(c.env), c.req.valid("param").orgId));
    return c.json({ items: rows.map((row) => hostnameView(c, row)) }, 200);
  })
  .openapi(add, async (c) => {
    const { orgId } = c.req.valid("param");
    const { hostname } = c.req.valid("json");
    // Names under SCIM_DOMAIN are the organisations' own subdomains, resolved by slug.
    if (isWithin(hostname, c.env.SCIM_DOMAIN.toLowerCase())) {
      throw new AdminError(
        "invalid_request",
        `"${hostname}" is under ${c.env.SCIM_DOMAIN}, where organisations answer on <slug>.${c.env.SCIM_DOMAIN}; a custom hostname must be outside it.`,
        [{ path: "body.hostname", message: `must not be under ${c.env.SCIM_DOMAIN}` }],
      );
    }
    const row = unwrap(await addHostname(catalogDatabase(c.env), orgId, hostname, new Date()));
    return c.json(hostnameView(c, row), 201);
  })
  .openapi(remove, async (c) => {
    const { orgId, hostname } = c.req.valid("param");
    unwrap(await removeHostname(catalogDatabase(c.env), orgId, hostname.toLowerCase()));
    return c.body(null, 204);
  });
