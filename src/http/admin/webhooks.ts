// /organisations/{orgId}/webhook: where the organisation's events are POSTed (docs/events.md, "Webhooks"): set
// it up (the signing secret is shown once), read its delivery state, rotate the secret, replay, read the log.
import { createRoute, z } from "@hono/zod-openapi";
import {
  deleteWebhook,
  deliveryCursor,
  getWebhookStatus,
  listDeliveries,
  redeliverFrom,
  rotateWebhookSecret,
  saveWebhook,
  type WebhookStatus,
} from "../../db/admin/webhooks";
import { catalogDatabase } from "../../db/client";
import { lastEventSeq } from "../../db/events";
import type { DeliveryRow, WebhookRow } from "../../db/webhooks";
import { generateWebhookSecret } from "../../webhooks/signature";
import { webhookUrlProblem } from "../../webhooks/url";
import { wakeWebhook } from "../../webhooks/wake";
import { AdminError } from "./errors";
import { unwrap } from "./failures";
import { readRoute, removeRoute } from "./route-shapes";
import { adminRouter, NO_STORE } from "./router";
import { errors, jsonBody, jsonContent, OrgParams, pageLimit, Timestamp } from "./schemas";

export const DELIVERY_PAGE_DEFAULT = 50;
export const DELIVERY_PAGE_MAX = 200;

const WebhookUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const message = webhookUrlProblem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  })
  .openapi({
    description: "Where events are POSTed. https; plain http only for localhost, *.localhost and *.test.",
    example: "https://app.example.com/webhooks/scim",
  });

const WebhookView = z
  .object({
    url: z.string(),
    enabled: z.boolean(),
    deliveredSequence: z
      .number()
      .int()
      .openapi({ description: "The last event the receiver acknowledged with a 2xx." }),
    lastEventSequence: z.number().int().openapi({ description: "The organisation's last event." }),
    failures: z.number().int().openapi({ description: "Consecutive failed deliveries; 0 after a success." }),
    lastError: z.string().nullable(),
    nextAttemptAt: Timestamp.nullable().openapi({
      description: "While backing off: when it is tried again.",
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Webhook");

const WebhookWithSecret = WebhookView.extend({
  secret: z.string().openapi({ description: "whsec_…: the signing secret. Shown this once." }),
}).openapi("WebhookWithSecret");

const DeliveryView = z
  .object({
    id: z.string().openapi({ description: "Also sent as the scim-edge-delivery header." }),
    at: Timestamp,
    url: z.string(),
    firstSequence: z.number().int(),
    lastSequence: z.number().int(),
    eventCount: z.number().int(),
    status: z.number().int().nullable().openapi({ description: "The receiver's status; null if none came." }),
    succeeded: z.boolean(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    attempt: z
      .number()
      .int()
      .openapi({ description: "1, or n for the n-th attempt in a row after failures." }),
  })
  .openapi("WebhookDelivery");

const view = (row: WebhookRow, lastEventSequence: number): z.infer<typeof WebhookView> => ({
  url: row.url,
  enabled: row.enabled,
  deliveredSequence: row.deliveredSeq,
  lastEventSequence,
  failures: row.failures,
  lastError: row.lastError,
  nextAttemptAt: row.nextAttemptAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const deliveryView = (row: DeliveryRow): z.infer<typeof DeliveryView> => ({
  id: row.id,
  at: row.at,
  url: row.url,
  firstSequence: row.firstSeq,
  lastSequence: row.lastSeq,
  eventCount: row.eventCount,
  status: row.status,
  succeeded: row.succeeded,
  error: row.error,
  durationMs: row.durationMs,
  attempt: row.attempt,
});

/** The organisation exists (or unwrap has answered 404) but has no webhook. */
const noWebhook = () =>
  new AdminError(
    "not_found",
    "This organisation has no webhook; create one with PUT /organisations/{orgId}/webhook.",
  );

function found<T>(row: T | undefined): T {
  if (row === undefined) throw noWebhook();
  return row;
}

const tags = ["Webhook"];
const path = "/organisations/{orgId}/webhook";

const save = createRoute({
  method: "put",
  path,
  tags,
  summary: "Create or update the organisation's webhook",
  description:
    "Creating it answers 201 with the signing secret, shown this once; it receives the events from its creation on. Updating answers 200 without the secret, and resets the backoff of a failing webhook: delivery is tried again at once. A disabled webhook keeps its position: enabled again, it delivers what it missed.",
  request: {
    params: OrgParams,
    body: jsonBody(z.strictObject({ url: WebhookUrl, enabled: z.boolean().optional() })),
  },
  responses: {
    200: jsonContent(WebhookView, "Updated."),
    201: jsonContent(WebhookWithSecret, "Created."),
    ...errors(400, 404),
  },
});

const read = readRoute({
  path,
  tags,
  summary: "Read the webhook and its delivery state (never the secret)",
  params: OrgParams,
  item: WebhookView,
});

const remove = removeRoute({
  path,
  tags,
  summary: "Delete the webhook",
  description: "Events are still recorded and readable through the events API; the delivery log stays.",
  params: OrgParams,
});

const rotate = createRoute({
  method: "post",
  path: `${path}/rotate-secret`,
  tags,
  summary: "Replace the signing secret",
  description: "Deliveries from now on are signed with the new secret, returned this once.",
  request: { params: OrgParams },
  responses: { 200: jsonContent(WebhookWithSecret, "The new secret."), ...errors(404) },
});

const redeliver = createRoute({
  method: "post",
  path: `${path}/redeliver`,
  tags,
  summary: "Deliver the events again from a sequence number",
  description:
    "Moves the delivered position back to just before fromSequence and delivers from there at once: for a receiver that lost data. Events older than the retention period are gone.",
  request: {
    params: OrgParams,
    body: jsonBody(
      z.strictObject({
        fromSequence: z
          .number({ error: "must be a number" })
          .int("must be a whole number")
          .min(1, "must be at least 1"),
      }),
    ),
  },
  responses: { 202: jsonContent(WebhookView, "Queued."), ...errors(400, 404) },
});

const deliveries = createRoute({
  method: "get",
  path: `${path}/deliveries`,
  tags,
  summary: "The delivery log, newest first",
  description: `One entry per POST, whatever its outcome. limit defaults to ${DELIVERY_PAGE_DEFAULT}, at most ${DELIVERY_PAGE_MAX}; pass nextCursor as cursor for the next page.`,
  request: {
    params: OrgParams,
    query: z.object({
      cursor: z
        .string()
        .min(1)
        .max(128)
        .optional()
        .openapi({ description: "nextCursor of the previous page." }),
      limit: pageLimit(DELIVERY_PAGE_DEFAULT, DELIVERY_PAGE_MAX),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() }),
      "A page of deliveries.",
    ),
    ...errors(400, 404),
  },
});

const statusView = (row: WebhookStatus) => view(row, row.lastEventSeq);

export const webhookRoutes = adminRouter()
  .openapi(save, async (c) => {
    const { orgId } = c.req.valid("param");
    const db = catalogDatabase(c.env);
    const input = { ...c.req.valid("json"), secret: generateWebhookSecret() };
    const { webhook, created } = unwrap(await saveWebhook(db, orgId, input, new Date()));
    const body = view(webhook, await lastEventSeq(db, orgId));
    if (created) {
      c.header("Cache-Control", NO_STORE);
      return c.json({ ...body, secret: webhook.secret }, 201);
    }
    // Enabled again, or its backoff reset: deliver what is waiting now.
    if (webhook.enabled) await wakeWebhook(c.env, orgId);
    return c.json(body, 200);
  })
  .openapi(read, async (c) => {
    const { orgId } = c.req.valid("param");
    return c.json(statusView(found(unwrap(await getWebhookStatus(catalogDatabase(c.env), orgId)))), 200);
  })
  .openapi(remove, async (c) => {
    const { orgId } = c.req.valid("param");
    if (!unwrap(await deleteWebhook(catalogDatabase(c.env), orgId))) throw noWebhook();
    return c.body(null, 204);
  })
  .openapi(rotate, async (c) => {
    const { orgId } = c.req.valid("param");
    const db = catalogDatabase(c.env);
    const webhook = found(unwrap(await rotateWebhookSecret(db, orgId, generateWebhookSecret(), new Date())));
    c.header("Cache-Control", NO_STORE);
    return c.json({ ...view(webhook, await lastEventSeq(db, orgId)), secret: webhook.secret }, 200);
  })
  .openapi(redeliver, async (c) => {
    const { orgId } = c.req.valid("param");
    const db = catalogDatabase(c.env);
    const { fromSequence } = c.req.valid("json");
    const webhook = found(unwrap(await redeliverFrom(db, orgId, fromSequence, new Date())));
    if (webhook.enabled) await wakeWebhook(c.env, orgId);
    return c.json(view(webhook, await lastEventSeq(db, orgId)), 202);
  })
  .openapi(deliveries, async (c) => {
    const { orgId } = c.req.valid("param");
    const { cursor, limit } = c.req.valid("query");
    const db = catalogDatabase(c.env);
    const after = cursor === undefined ? undefined : await deliveryCursor(db, orgId, cursor);
    if (cursor !== undefined && !after) {
      // A delivery of this organisation that retention has not removed: anything else cannot continue a page.
      throw new AdminError(
        "invalid_request",
        `No delivery "${cursor}" to continue from; start again without cursor.`,
        [{ path: "query.cursor", message: "not a delivery of this organisation" }],
      );
    }
    // One more than asked: whether there is a next page, without a count.
    const rows = unwrap(await listDeliveries(db, orgId, { after, limit: limit + 1 }));
    const items = rows.slice(0, limit).map(deliveryView);
    const nextCursor = rows.length > limit ? (items.at(-1)?.id ?? null) : null;
    return c.json({ items, nextCursor }, 200);
  });
