// The event log's statements. Events are written by the same batch as the change they describe (a transactional
// outbox): a change that rolls back leaves no event, and a stored change always has its event.
import { and, asc, eq, gt, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { EventResourceType, EventType } from "../events/catalogue";
import type { Database } from "./client";
import { events } from "./schema";

/**
 * Inserts the events that `rows` selects, numbered after the organisation's last event. `rows` yields the columns
 * type, directory_id, resource_type, resource_id and data (JSON text). SQLite runs one write at a time and a
 * batch is one transaction, so two changes never take the same number.
 */
export function recordEvents(
  db: Database,
  orgId: string | Placeholder,
  occurredAt: string | Placeholder,
  rows: SQL,
) {
  // Columns in table order: org_id, seq, id, type, directory_id, resource_type, resource_id, data, occurred_at.
  return db.insert(events).select(
    // The last number as a scalar subquery: evaluated once, and SQLite's min/max optimisation reads one index
    // entry. As a subquery in FROM, joined with the rows, it was planned as a walk of the organisation's events.
    sql`SELECT ${orgId}, (SELECT coalesce(max(seq), 0) FROM ${events} WHERE org_id = ${orgId}) + row_number() OVER (),
      'evt_' || lower(hex(randomblob(16))), r.type, r.directory_id, r.resource_type, r.resource_id, r.data,
      ${occurredAt}
    FROM (${rows}) AS r`,
  );
}

export interface NewEvent {
  orgId: string;
  directoryId: string | null;
  type: EventType;
  resourceType: EventResourceType;
  resourceId: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

/** An event's values as its statement binds them: the data as JSON text. */
export const eventValues = (event: NewEvent) => ({
  orgId: event.orgId,
  directoryId: event.directoryId,
  type: event.type,
  resourceType: event.resourceType,
  resourceId: event.resourceId,
  data: JSON.stringify(event.data),
  occurredAt: event.occurredAt,
});

/** Each value, or a placeholder standing for it. */
type Bindable<T> = { [K in keyof T]: T[K] | Placeholder };

function eventStatement(db: Database, event: Bindable<ReturnType<typeof eventValues>>, onlyIf: SQL) {
  const rows = sql`SELECT ${event.type} AS type, ${event.directoryId} AS directory_id,
    ${event.resourceType} AS resource_type, ${event.resourceId} AS resource_id, ${event.data} AS data
    WHERE ${onlyIf}`;
  return recordEvents(db, event.orgId, event.occurredAt, rows);
}

/**
 * One event, written only if `onlyIf` holds when the statement runs: the condition that the batch's change
 * really happened (a version-checked write that matched no row must leave no event).
 */
export const recordEvent = (db: Database, event: NewEvent, onlyIf: SQL) =>
  eventStatement(db, eventValues(event), onlyIf);

/**
 * recordEvent with a placeholder for each of eventValues' values and whatever `onlyIf` names: for a statement
 * compiled once (src/db/compiled.ts).
 */
export const eventTemplate = (db: Database, onlyIf: SQL) =>
  eventStatement(
    db,
    {
      orgId: sql.placeholder("orgId"),
      directoryId: sql.placeholder("directoryId"),
      type: sql.placeholder("type"),
      resourceType: sql.placeholder("resourceType"),
      resourceId: sql.placeholder("resourceId"),
      data: sql.placeholder("data"),
      occurredAt: sql.placeholder("occurredAt"),
    },
    onlyIf,
  );

/** The organisation's events after `after`, oldest first: a page of the events API, or of a webhook delivery. */
export function eventsAfter(
  db: Database,
  orgId: string,
  after: number,
  limit: number,
  only: { type?: string | undefined; resourceId?: string | undefined } = {},
) {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.orgId, orgId),
        gt(events.seq, after),
        only.type ? eq(events.type, only.type) : undefined,
        only.resourceId ? eq(events.resourceId, only.resourceId) : undefined,
      ),
    )
    .orderBy(asc(events.seq))
    .limit(limit);
}

/** The organisation's last event number, 0 before its first event. */
export async function lastEventSeq(db: Database, orgId: string): Promise<number> {
  const [row] = await db
    .select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` })
    .from(events)
    .where(eq(events.orgId, orgId));
  return Number(row?.seq ?? 0);
}

/**
 * Deletes events that occurred before `cutoff`, at most `limit` of them (retention runs in bounded steps). An
 * organisation's newest event is kept whatever its age: numbering continues from it, so a reader's position
 * stays valid and a new event never reuses a number.
 */
export async function deleteEventsBefore(db: Database, cutoff: string, limit: number): Promise<number> {
  const result = await db.run(sql`DELETE FROM ${events} WHERE rowid IN
    (SELECT e.rowid FROM ${events} AS e WHERE e.occurred_at < ${cutoff}
      AND e.seq < (SELECT max(n.seq) FROM ${events} AS n WHERE n.org_id = e.org_id) LIMIT ${limit})`);
  return result.meta.changes ?? 0;
}
