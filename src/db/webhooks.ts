// Webhook rows: whether an organisation has a webhook to wake (read in the batch that writes the change), the
// delivery lease and position, the delivery log, and what the sweep and retention need.
import { and, eq, exists, gt, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";
import { type Bound, compileOnce, prepared, statementOf } from "./compiled";
import { events, webhookDeliveries, webhooks } from "./schema";

/**
 * Marks an enabled webhook as waking; a row back means no wake-up was pending, so this change sends one. Every
 * change writes it: compiled once (src/db/compiled.ts).
 */
const markWakePending = compileOnce((db: Database) =>
  db
    .update(webhooks)
    .set({ wakePending: true })
    .where(
      and(
        eq(webhooks.orgId, sql.placeholder("orgId")),
        eq(webhooks.enabled, true),
        eq(webhooks.wakePending, false),
      ),
    )
    .returning({ orgId: webhooks.orgId }),
);

/** A statement of a change: compiled once and bound (src/db/compiled.ts), or built by Drizzle for this change. */
export type ChangeStatement = Bound | { toSQL(): Bound };

/**
 * Runs a change's statements as one batch, ending with the webhook's wake-up mark: the caller learns whether to
 * send a wake-up message without another round trip, and only the first change since the last delivery does.
 * Each statement's rows come back as D1 returns them (objects by column name): a caller that reads rows decodes
 * them (a Read's decoder, or rowDecoder).
 */
export async function batchWithWebhookCheck(
  db: Database,
  orgId: string,
  statements: readonly [ChangeStatement, ...ChangeStatement[]],
): Promise<{ results: Record<string, unknown>[][]; wake: boolean }> {
  const bind = (statement: ChangeStatement) =>
    statementOf(db.$client, "toSQL" in statement ? statement.toSQL() : statement);
  const results = await db.$client.batch<Record<string, unknown>>([
    ...statements.map(bind),
    prepared(db.$client, markWakePending(db), { orgId }),
  ]);
  const marked = results.pop();
  return { results: results.map((result) => result.results), wake: (marked?.results.length ?? 0) > 0 };
}

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const isPast = (column: SQLiteColumn, at: string) => or(isNull(column), lte(column, at));

/** A retry the queue delivers a moment early, or a clock a moment behind, still counts as on time. */
const BACKOFF_GRACE_MS = 2_000;
const backoffGrace = (now: string) => new Date(Date.parse(now) + BACKOFF_GRACE_MS).toISOString();

/**
 * Takes the organisation's webhook for one delivery, in one conditional UPDATE: only an enabled webhook that no
 * one holds and that is not backing off. The returned `leaseUntil` is the holder's fencing token: every later
 * write of the delivery requires it, so a holder whose lease was taken over or cleared changes nothing.
 */
export async function takeLease(
  db: Database,
  orgId: string,
  now: string,
  leaseUntil: string,
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .update(webhooks)
    .set({ leaseUntil })
    .where(
      and(
        eq(webhooks.orgId, orgId),
        eq(webhooks.enabled, true),
        isPast(webhooks.leaseUntil, now),
        isPast(webhooks.nextAttemptAt, backoffGrace(now)),
      ),
    )
    .returning();
  return row;
}

/** What decides why a lease was refused (src/webhooks/schedule.ts, leaseRefusal). */
export async function leaseState(db: Database, orgId: string) {
  const [row] = await db
    .select({
      enabled: webhooks.enabled,
      leaseUntil: webhooks.leaseUntil,
      nextAttemptAt: webhooks.nextAttemptAt,
    })
    .from(webhooks)
    .where(eq(webhooks.orgId, orgId))
    .limit(1);
  return row;
}

const held = (orgId: string, lease: string) => and(eq(webhooks.orgId, orgId), eq(webhooks.leaseUntil, lease));

export const recordDelivery = (db: Database, delivery: DeliveryRow) =>
  db.insert(webhookDeliveries).values(delivery);

/**
 * After a 2xx: the receiver has the events up to `lastSeq`. The position only moves forward, failures reset,
 * and the lease is renewed to `renewedLease` for the next POST. No row back: the lease was lost.
 */
export const advanceDelivered = (
  db: Database,
  orgId: string,
  lease: string,
  change: { lastSeq: number; renewedLease: string; now: string },
) =>
  db
    .update(webhooks)
    .set({
      deliveredSeq: change.lastSeq,
      failures: 0,
      nextAttemptAt: null,
      lastError: null,
      leaseUntil: change.renewedLease,
      updatedAt: change.now,
    })
    .where(and(held(orgId, lease), lt(webhooks.deliveredSeq, change.lastSeq)))
    .returning({ leaseUntil: webhooks.leaseUntil });

/** After a failed POST: count it, back off until `nextAttemptAt`, say why, and let go of the lease. */
export const recordFailure = (
  db: Database,
  orgId: string,
  lease: string,
  failure: { error: string; nextAttemptAt: string; now: string },
) =>
  db
    .update(webhooks)
    .set({
      failures: sql`${webhooks.failures} + 1`,
      nextAttemptAt: failure.nextAttemptAt,
      lastError: failure.error,
      leaseUntil: null,
      updatedAt: failure.now,
    })
    .where(held(orgId, lease));

export const releaseLease = (db: Database, orgId: string, lease: string) =>
  db.update(webhooks).set({ leaseUntil: null }).where(held(orgId, lease));

/**
 * Lets go of the lease, and clears the wake-up mark, only if no event is left to deliver: one statement, so an
 * event committed before it keeps the holder delivering, and one committed after it finds the mark clear and
 * sends a wake-up. Back: null if released, the lease if events remain, no row if the lease was lost.
 */
export async function releaseIfCaughtUp(db: Database, orgId: string, lease: string) {
  const pending = sql`EXISTS (SELECT 1 FROM ${events} e WHERE e.org_id = ${orgId}
    AND e.seq > ${webhooks.deliveredSeq})`;
  const [row] = await db
    .update(webhooks)
    .set({
      leaseUntil: sql`CASE WHEN ${pending} THEN ${webhooks.leaseUntil} ELSE NULL END`,
      wakePending: sql`CASE WHEN ${pending} THEN ${webhooks.wakePending} ELSE 0 END`,
    })
    .where(held(orgId, lease))
    .returning({ leaseUntil: webhooks.leaseUntil });
  return row;
}

/**
 * Enabled webhooks with events after their delivered position that are neither held nor backing off: the
 * ones whose wake-up message was lost, or given up on by the queue. At most `limit`, any organisation.
 */
export async function webhooksToWake(db: Database, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ orgId: webhooks.orgId })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.enabled, true),
        isPast(webhooks.leaseUntil, now),
        isPast(webhooks.nextAttemptAt, now),
        exists(
          db
            .select({ one: sql`1` })
            .from(events)
            .where(and(eq(events.orgId, webhooks.orgId), gt(events.seq, webhooks.deliveredSeq))),
        ),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.orgId);
}

/** Deletes delivery log rows older than `cutoff`, at most `limit` of them (retention runs in bounded steps). */
export async function deleteDeliveriesBefore(db: Database, cutoff: string, limit: number): Promise<number> {
  const expired = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(lt(webhookDeliveries.at, cutoff))
    .limit(limit);
  const result = await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, expired));
  return result.meta.changes ?? 0;
}
