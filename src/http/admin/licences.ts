// /organisations/{orgId}/licences: workspace seats. seatsUsed counts the workspaces provisioned users own.
import { z } from "@hono/zod-openapi";
import {
  createLicence,
  deleteLicence,
  getLicence,
  type LicenceRow,
  listLicences,
  updateLicence,
} from "../../db/admin/licences";
import { catalogDatabase } from "../../db/client";
import { LICENCE_MAX_SEATS } from "../../domain/names";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, readRoute, removeRoute, updateRoute } from "./route-shapes";
import { adminRouter } from "./router";
import { Name, OrgParams, pathId, Timestamp } from "./schemas";

const Seats = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(LICENCE_MAX_SEATS, `must be at most ${LICENCE_MAX_SEATS}`);

const LicenceView = z
  .object({
    id: z.string(),
    name: z.string(),
    seats: z.number().int(),
    seatsUsed: z.number().int().openapi({
      description:
        "Workspaces of this licence that provisioned users own; a transferred workspace frees its seat.",
    }),
    createdAt: Timestamp,
  })
  .openapi("Licence");

const tags = ["Licences"];
const collection = { path: "/organisations/{orgId}/licences", tags, params: OrgParams };
const item = {
  path: "/organisations/{orgId}/licences/{licenceId}",
  tags,
  params: OrgParams.extend({ licenceId: pathId("licenceId", "The licence's id.") }),
};

const list = listRoute({ ...collection, summary: "List the organisation's licences", item: LicenceView });
const create = createItemRoute(
  {
    ...collection,
    summary: "Create a licence",
    body: z.strictObject({ name: Name, seats: Seats }),
    item: LicenceView,
  },
  409,
);
const read = readRoute({ ...item, summary: "Read a licence", item: LicenceView });
const update = updateRoute({
  ...item,
  summary: "Rename a licence or change its seats",
  description: "Seats cannot go below the seats in use (409).",
  body: z.strictObject({ name: Name.optional(), seats: Seats.optional() }),
  item: LicenceView,
});
const remove = removeRoute(
  {
    ...item,
    summary: "Delete a licence",
    description:
      "Directories that provisioned from it are left without a licence; one with workspaces stays (409).",
  },
  409,
);

const licenceView = ({ orgId: _org, ...row }: LicenceRow) => row;

export const licenceRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(await listLicences(catalogDatabase(c.env), c.req.valid("param").orgId));
    return c.json({ items: rows.map(licenceView) }, 200);
  })
  .openapi(create, async (c) => {
    const { orgId } = c.req.valid("param");
    const row = unwrap(await createLicence(catalogDatabase(c.env), orgId, c.req.valid("json"), new Date()));
    return c.json(licenceView(row), 201);
  })
  .openapi(read, async (c) => {
    const { orgId, licenceId } = c.req.valid("param");
    return c.json(licenceView(unwrap(await getLicence(catalogDatabase(c.env), orgId, licenceId))), 200);
  })
  .openapi(update, async (c) => {
    const { orgId, licenceId } = c.req.valid("param");
    const row = unwrap(await updateLicence(catalogDatabase(c.env), orgId, licenceId, c.req.valid("json")));
    return c.json(licenceView(row), 200);
  })
  .openapi(remove, async (c) => {
    const { orgId, licenceId } = c.req.valid("param");
    unwrap(await deleteLicence(catalogDatabase(c.env), orgId, licenceId));
    return c.body(null, 204);
  });
