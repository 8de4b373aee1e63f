// /organisations/{orgId}/admins: the organisation's admins, who can be chosen as a directory's transferee.
import { z } from "@hono/zod-openapi";
import {
  createAdmin,
  deleteAdmin,
  getAdmin,
  listAdmins,
  type OrgAdminRow,
  updateAdmin,
} from "../../db/admin/org-admins";
import { catalogDatabase } from "../../db/client";
import { EMAIL_MAX_LENGTH } from "../../domain/names";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, readRoute, removeRoute, updateRoute } from "./route-shapes";
import { adminRouter } from "./router";
import { Name, OrgParams, pathId, Timestamp } from "./schemas";

/** Stored lower-case: one admin per address, whatever its case. */
const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`)
  .pipe(z.email("must be an email address"))
  .transform((email) => email.toLowerCase())
  .openapi({ example: "ada@acme.com" });

const AdminView = z
  .object({ id: z.string(), email: z.string(), name: z.string(), createdAt: Timestamp })
  .openapi("OrganisationAdmin");

const tags = ["Organisation admins"];
const collection = { path: "/organisations/{orgId}/admins", tags, params: OrgParams };
const item = {
  path: "/organisations/{orgId}/admins/{adminId}",
  tags,
  params: OrgParams.extend({ adminId: pathId("adminId", "The admin's id.") }),
};

const list = listRoute({ ...collection, summary: "List the organisation's admins", item: AdminView });
const create = createItemRoute(
  {
    ...collection,
    summary: "Add an organisation admin",
    body: z.strictObject({ email: Email, name: Name }),
    item: AdminView,
  },
  409,
);
const read = readRoute({ ...item, summary: "Read an organisation admin", item: AdminView });
const update = updateRoute({
  ...item,
  summary: "Change an admin's email or name",
  body: z.strictObject({ email: Email.optional(), name: Name.optional() }),
  item: AdminView,
});
const remove = removeRoute(
  {
    ...item,
    summary: "Remove an organisation admin",
    description:
      "Directories that named this admin as transferee are left without one; an admin who owns transferred workspaces stays (409).",
  },
  409,
);

const adminView = ({ orgId: _org, ...row }: OrgAdminRow) => row;

export const orgAdminRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(await listAdmins(catalogDatabase(c.env), c.req.valid("param").orgId));
    return c.json({ items: rows.map(adminView) }, 200);
  })
  .openapi(create, async (c) => {
    const { orgId } = c.req.valid("param");
    const row = unwrap(await createAdmin(catalogDatabase(c.env), orgId, c.req.valid("json"), new Date()));
    return c.json(adminView(row), 201);
  })
  .openapi(read, async (c) => {
    const { orgId, adminId } = c.req.valid("param");
    return c.json(adminView(unwrap(await getAdmin(catalogDatabase(c.env), orgId, adminId))), 200);
  })
  .openapi(update, async (c) => {
    const { orgId, adminId } = c.req.valid("param");
    const row = unwrap(await updateAdmin(catalogDatabase(c.env), orgId, adminId, c.req.valid("json")));
    return c.json(adminView(row), 200);
  })
  .openapi(remove, async (c) => {
    const { orgId, adminId } = c.req.valid("param");
    unwrap(await deleteAdmin(catalogDatabase(c.env), orgId, adminId));
    return c.body(null, 204);
  });
