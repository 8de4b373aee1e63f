// /organisations/{orgId}/directories: SCIM directories and their settings (enabled, IdP, licence, transferee).
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  createDirectory,
  deleteDirectory,
  getDirectory,
  listDirectories,
  updateDirectory,
} from "../../db/admin/directories";
import { type OrganisationHosts, organisationHosts } from "../../db/admin/hostnames";
import { catalogDatabase } from "../../db/client";
import type { Directory } from "../../db/tenancy";
import { IDPS } from "../../domain/idps";
import type { AppEnv } from "../../env";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, readRoute, removeRoute, updateRoute } from "./route-shapes";
import { adminRouter, scimBaseUrl, tenantHost } from "./router";
import { DirectoryParams, Name, OrgParams, Timestamp } from "./schemas";

const Idp = z.enum(IDPS).openapi({
  description:
    "The identity provider this directory expects; it chooses the dialect profile requests are read with: generic tolerates every known IdP dialect, strict none (it follows the IETF SCIM interoperability profile and says so in /ServiceProviderConfig). See docs/conformance.md.",
});
const Reference = z.string().min(1).max(128);
const UserNameIsPrimaryEmail = z
  .boolean()
  .openapi({ description: "Accept a user only if userName is an email equal to its primary email." });

const DirectoryView = z
  .object({
    id: z.string(),
    name: z.string(),
    idp: z.string(),
    enabled: z
      .boolean()
      .openapi({ description: "A disabled directory's SCIM endpoint answers 403; data is kept." }),
    licenceId: z.string().nullable(),
    transfereeAdminId: z.string().nullable(),
    userNameIsPrimaryEmail: z.boolean(),
    baseUrl: z.string().openapi({
      description:
        "The SCIM base URL. Every directory of an organisation shares it; the token (or OAuth client) chooses the directory, and users and groups are kept apart per directory.",
    }),
    customBaseUrls: z
      .array(z.string())
      .openapi({ description: "The same endpoint on the custom hostnames." }),
    createdAt: Timestamp,
  })
  .openapi("Directory");

const view = (
  c: Context<AppEnv>,
  hosts: OrganisationHosts,
  row: Directory,
): z.infer<typeof DirectoryView> => ({
  id: row.id,
  name: row.name,
  idp: row.idp,
  enabled: row.enabled,
  licenceId: row.licenceId,
  transfereeAdminId: row.transfereeAdminId,
  userNameIsPrimaryEmail: row.userNameIsPrimaryEmail,
  baseUrl: scimBaseUrl(c, tenantHost(c, hosts.slug)),
  customBaseUrls: hosts.hostnames.map((hostname) => scimBaseUrl(c, hostname)),
  createdAt: row.createdAt,
});

const tags = ["SCIM directories"];
const collection = { path: "/organisations/{orgId}/directories", tags, params: OrgParams };
const item = { path: "/organisations/{orgId}/directories/{directoryId}", tags, params: DirectoryParams };

const list = listRoute({
  ...collection,
  summary: "List the organisation's SCIM directories",
  item: DirectoryView,
});
const create = createItemRoute(
  {
    ...collection,
    summary: "Create a SCIM directory",
    description:
      "A directory starts disabled unless enabled is true; enabling needs a verified domain (409 verified_domain_required). The licence and the transferee must belong to the organisation.",
    body: z.strictObject({
      name: Name,
      idp: Idp.default("generic"),
      enabled: z.boolean().default(false),
      licenceId: Reference.nullable().default(null),
      transfereeAdminId: Reference.nullable().default(null),
      userNameIsPrimaryEmail: UserNameIsPrimaryEmail.default(false),
    }),
    item: DirectoryView,
  },
  409,
);
const read = readRoute({ ...item, summary: "Read a SCIM directory", item: DirectoryView });
const update = updateRoute({
  ...item,
  summary: "Change a directory's settings, or enable or disable it",
  description:
    "Disabling makes the directory's SCIM endpoint answer 403 without deleting anything; enabling resumes. null clears the licence or the transferee.",
  body: z.strictObject({
    name: Name.optional(),
    idp: Idp.optional(),
    enabled: z.boolean().optional(),
    licenceId: Reference.nullable().optional(),
    transfereeAdminId: Reference.nullable().optional(),
    userNameIsPrimaryEmail: UserNameIsPrimaryEmail.optional(),
  }),
  item: DirectoryView,
});
const remove = removeRoute({
  ...item,
  summary: "Delete a directory with its tokens, OAuth clients, users and groups",
});

export const directoryRoutes = adminRouter()
  .openapi(list, async (c) => {
    const db = catalogDatabase(c.env);
    const { orgId } = c.req.valid("param");
    const hosts = unwrap(await organisationHosts(db, orgId));
    const rows = await listDirectories(db, orgId);
    return c.json({ items: rows.map((row) => view(c, hosts, row)) }, 200);
  })
  .openapi(create, async (c) => {
    const db = catalogDatabase(c.env);
    const { orgId } = c.req.valid("param");
    const row = unwrap(await createDirectory(db, orgId, c.req.valid("json"), new Date()));
    return c.json(view(c, unwrap(await organisationHosts(db, orgId)), row), 201);
  })
  .openapi(read, async (c) => {
    const db = catalogDatabase(c.env);
    const { orgId, directoryId } = c.req.valid("param");
    const row = unwrap(await getDirectory(db, orgId, directoryId));
    return c.json(view(c, unwrap(await organisationHosts(db, orgId)), row), 200);
  })
  .openapi(update, async (c) => {
    const db = catalogDatabase(c.env);
    const { orgId, directoryId } = c.req.valid("param");
    const row = unwrap(await updateDirectory(db, orgId, directoryId, c.req.valid("json")));
    return c.json(view(c, unwrap(await organisationHosts(db, orgId)), row), 200);
  })
  .openapi(remove, async (c) => {
    const { orgId, directoryId } = c.req.valid("param");
    unwrap(await deleteDirectory(catalogDatabase(c.env), orgId, directoryId));
    return c.body(null, 204);
  });
