// /organisations/{orgId}/domains: the verified email domains. SCIM cannot be enabled without one.
import { z } from "@hono/zod-openapi";
import { addDomain, listDomains, removeDomain, type VerifiedDomainRow } from "../../db/admin/domains";
import { catalogDatabase } from "../../db/client";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, removeRoute } from "./route-shapes";
import { adminRouter } from "./router";
import { DomainName, OrgParams, pathId, Timestamp } from "./schemas";

const DomainView = z
  .object({ domain: z.string().openapi({ example: "acme.com" }), createdAt: Timestamp })
  .openapi("VerifiedDomain");

const tags = ["Verified domains"];
const collection = { path: "/organisations/{orgId}/domains", tags, params: OrgParams };

const list = listRoute({
  ...collection,
  summary: "List the organisation's verified domains",
  item: DomainView,
});
const add = createItemRoute(
  {
    ...collection,
    summary: "Add a verified domain",
    description:
      "The domain has been verified by the vendor's back office. A domain belongs to one organisation.",
    body: z.strictObject({ domain: DomainName }),
    item: DomainView,
  },
  409,
);
const remove = removeRoute(
  {
    path: "/organisations/{orgId}/domains/{domain}",
    tags,
    summary: "Remove a verified domain",
    description:
      "The last domain cannot be removed while a SCIM directory of the organisation is enabled (409).",
    params: OrgParams.extend({ domain: pathId("domain", "The verified domain.") }),
  },
  409,
);

const domainView = ({ domain, createdAt }: VerifiedDomainRow) => ({ domain, createdAt });

export const domainRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(await listDomains(catalogDatabase(c.env), c.req.valid("param").orgId));
    return c.json({ items: rows.map(domainView) }, 200);
  })
  .openapi(add, async (c) => {
    const { orgId } = c.req.valid("param");
    const { domain } = c.req.valid("json");
    return c.json(
      domainView(unwrap(await addDomain(catalogDatabase(c.env), orgId, domain, new Date()))),
      201,
    );
  })
  .openapi(remove, async (c) => {
    const { orgId, domain } = c.req.valid("param");
    unwrap(await removeDomain(catalogDatabase(c.env), orgId, domain.toLowerCase()));
    return c.body(null, 204);
  });
