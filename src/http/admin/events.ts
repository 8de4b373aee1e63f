// An organisation's events for the host application: read in order from a sequence number, the same events the
// webhook delivers (docs/events.md).
import { createRoute, z } from "@hono/zod-openapi";
import { listInOrganisation } from "../../db/admin/scoped";
import { catalogDatabase } from "../../db/client";
import { eventsAfter } from "../../db/events";
import { EVENT_TYPES, toWireEvent } from "../../events/catalogue";
import { unwrap } from "./failures";
import { adminRouter } from "./router";
import { errors, jsonContent, OrgParams, pageLimit, Timestamp } from "./schemas";

export const EVENT_PAGE_DEFAULT = 100;
export const EVENT_PAGE_MAX = 1000;

const EventsQuery = z.object({
  after: z.coerce
    .number()
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .default(0)
    .openapi({ description: "Events with a sequence number greater than this; 0 for the oldest kept." }),
  limit: pageLimit(EVENT_PAGE_DEFAULT, EVENT_PAGE_MAX),
  type: z.enum(EVENT_TYPES).optional().openapi({ description: "Only events of this type." }),
  resourceId: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ description: "Only events about this user, group (member events included) or workspace." }),
});

const EventView = z
  .object({
    id: z.string().openapi({ description: "evt_…: unique, the receiver's idempotency key." }),
    type: z.enum(EVENT_TYPES),
    sequence: z.number().int().openapi({ description: "The organisation's event number, increasing." }),
    occurredAt: Timestamp,
    organisationId: z.string(),
    directoryId: z.string().nullable(),
    resource: z.object({ type: z.enum(["User", "Group", "Workspace"]), id: z.string() }),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("Event");

const list = createRoute({
  method: "get",
  path: "/organisations/{orgId}/events",
  tags: ["Events"],
  summary: "Read the organisation's events in order",
  description: `Events after the sequence number \`after\`, oldest first. Keep the last sequence you processed and pass it as \`after\` next time: \`nextAfter\` is that number for this page, and \`hasMore\` says whether to ask again at once. limit defaults to ${EVENT_PAGE_DEFAULT}, at most ${EVENT_PAGE_MAX}.`,
  request: { params: OrgParams, query: EventsQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(EventView), nextAfter: z.number().int(), hasMore: z.boolean() }),
      "A page of events.",
    ),
    ...errors(400, 404),
  },
});

export const eventRoutes = adminRouter().openapi(list, async (c) => {
  const { orgId } = c.req.valid("param");
  const { after, limit, type, resourceId } = c.req.valid("query");
  const db = catalogDatabase(c.env);
  // One more than asked: whether there is a next page, without a count.
  const rows = unwrap(
    await listInOrganisation(db, orgId, eventsAfter(db, orgId, after, limit + 1, { type, resourceId })),
  );
  const items = rows.slice(0, limit).map(toWireEvent);
  return c.json({ items, nextAfter: items.at(-1)?.sequence ?? after, hasMore: rows.length > limit }, 200);
});
