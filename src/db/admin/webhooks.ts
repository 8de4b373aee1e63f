// An organisation's webhook as an admin manages it: create or update, read with its delivery state, delete,
// rotate the secret, replay from an event, and the delivery log. A missing webhook is `undefined` in an
// existing organisation; a missing organisation is a notFound failure.
import { and, desc, eq, getTableColumns, ne, notExists, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { Database } from "../client";
import { events, webhookDeliveries, webhooks } from "../schema";
import type { DeliveryRow, WebhookRow } from "../webhooks";
import { type AdminResult, notFound, ok } from "./outcome";
import { listInOrganisation } from "./scoped";
import { insertWhere, organisationExists } from "./statements";

const lastEventOf = (orgId: string) =>
  sql<number>`(SELECT coalesce(max(${events.seq}), 0) FROM ${events} WHERE ${events.orgId} = ${orgId})`;

export type WebhookStatus = WebhookRow & { lastEventSeq: number };

const ofOrganisation = (orgId: string) => eq(webhooks.orgId, orgId);

/**
 * A write that puts the webhook back in service: whatever failed before is not held against what follows, and a
 * delivery under way loses its lease (its writes require it), so it stops posting to an old URL or with an old
 * secret. The caller wakes the webhook.
 */
const resetBackoff = {
  failures: 0,
  nextAttemptAt: null,
  lastError: null,
  leaseUntil: null,
  wakePending: false,
} as const;

/**
 * Creates the webhook, or updates its URL (and `enabled`, when given), in one batch. A new webhook gets
 * `secret` and starts at the organisation's last event: it receives the events from its creation on.
 */
export async function saveWebhook(
  db: Database,
  orgId: string,
  input: { url: string; enabled?: boolean; secret: string },
  now: Date,
): Promise<AdminResult<{ webhook: WebhookRow; created: boolean }>> {
  const at = now.toISOString();
  const absent = notExists(db.select({ one: sql`1` }).from(webhooks).where(ofOrganisation(orgId)));
  const row: WebhookRow = {
    orgId,
    url: input.url,
    secret: input.secret,
    enabled: input.enabled ?? true,
    deliveredSeq: 0,
    ...resetBackoff,
    createdAt: at,
    updatedAt: at,
  };
  const [, created, existing] = await db.batch([
    insertWhere(db, webhooks, row, and(organisationExists(db, orgId), absent)),
    // The secret is new and random: it tells the row just inserted from one that was there before.
    db
      .update(webhooks)
      .set({ deliveredSeq: lastEventOf(orgId) })
      .where(and(ofOrganisation(orgId), eq(webhooks.secret, input.secret)))
      .returning(),
    db
      .update(webhooks)
      .set({ url: input.url, enabled: input.enabled, ...resetBackoff, updatedAt: at })
      .where(and(ofOrganisation(orgId), ne(webhooks.secret, input.secret)))
      .returning(),
  ]);
  const [webhook] = created.length > 0 ? created : existing;
  return webhook ? ok({ webhook, created: created.length > 0 }) : notFound("organisation", orgId);
}

/** The webhook with the organisation's last event number, so that an admin sees how far behind it is. */
export async function getWebhookStatus(
  db: Database,
  orgId: string,
): Promise<AdminResult<WebhookStatus | undefined>> {
  const query = db
    .select({ ...getTableColumns(webhooks), lastEventSeq: lastEventOf(orgId) })
    .from(webhooks)
    .where(ofOrganisation(orgId));
  const result = await listInOrganisation(db, orgId, query);
  return result.ok ? ok(result.value[0]) : result;
}

/** Deletes the webhook; its delivery log stays until retention removes it. */
export async function deleteWebhook(db: Database, orgId: string): Promise<AdminResult<boolean>> {
  const query = db.delete(webhooks).where(ofOrganisation(orgId)).returning({ orgId: webhooks.orgId });
  const result = await listInOrganisation(db, orgId, query);
  return result.ok ? ok(result.value.length > 0) : result;
}

async function updateWebhook(
  db: Database,
  orgId: string,
  set: SQLiteUpdateSetSource<typeof webhooks>,
): Promise<AdminResult<WebhookRow | undefined>> {
  const query = db.update(webhooks).set(set).where(ofOrganisation(orgId)).returning();
  const result = await listInOrganisation(db, orgId, query);
  return result.ok ? ok(result.value[0]) : result;
}

/** Replaces the secret at once: deliveries from now on are signed with the new one (one under way stops). */
export const rotateWebhookSecret = (db: Database, orgId: string, secret: string, now: Date) =>
  updateWebhook(db, orgId, { secret, leaseUntil: null, updatedAt: now.toISOString() });

/**
 * Moves the delivered position to just before `fromSequence` (never past the last event), so the events from
 * there are delivered again, at once. The lease is cleared: a delivery under way cannot then move the position
 * forward over the replay (its writes require the lease it took).
 */
export const redeliverFrom = (db: Database, orgId: string, fromSequence: number, now: Date) =>
  updateWebhook(db, orgId, {
    deliveredSeq: sql`min(${fromSequence - 1}, ${lastEventOf(orgId)})`,
    ...resetBackoff,
    updatedAt: now.toISOString(),
  });

/** Where a page of the delivery log starts: after the delivery that ended the previous page. */
export async function deliveryCursor(db: Database, orgId: string, deliveryId: string) {
  const [row] = await db
    .select({ at: webhookDeliveries.at, id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, deliveryId)))
    .limit(1);
  return row;
}

/** The delivery log, newest first, `limit` rows after `after` (a deliveryCursor). */
export function listDeliveries(
  db: Database,
  orgId: string,
  page: { after?: { at: string; id: string }; limit: number },
): Promise<AdminResult<DeliveryRow[]>> {
  const { after } = page;
  const query = db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.orgId, orgId),
        after
          ? sql`(${webhookDeliveries.at}, ${webhookDeliveries.id}) < (${after.at}, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.at), desc(webhookDeliveries.id))
    .limit(page.limit);
  return listInOrganisation(db, orgId, query);
}
