// The system log's reads and writes: one insert per SCIM request, the filtered and cursor-paged list of the
// admin API, and the bounded retention delete of the scheduled job.
import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { systemLog, users } from "./schema";

export type LogEntry = typeof systemLog.$inferSelect;
export type NewLogEntry = typeof systemLog.$inferInsert;

/**
 * Writes one entry. A userName the request did not carry (PATCH, DELETE, GET by id) is taken from the user row
 * in the same statement, when the user still exists.
 */
export function insertLogEntry(db: Database, entry: NewLogEntry) {
  const fromUser = (column: typeof users.userName | typeof users.userNameKey) =>
    entry.resourceType === "User" && entry.resourceId
      ? sql`(SELECT ${column} FROM ${users} WHERE ${users.id} = ${entry.resourceId} AND ${users.orgId} = ${entry.orgId})`
      : null;
  return db.insert(systemLog).values({
    ...entry,
    userName: entry.userName ?? fromUser(users.userName),
    userNameKey: entry.userNameKey ?? fromUser(users.userNameKey),
  });
}

/**
 * Writes entries in one batch. One entry that fails (its organisation deleted since) must not take the others
 * with it: after a failed batch, each is written alone and the failures are returned, for the log's own report.
 */
export async function insertLogEntries(db: Database, entries: NewLogEntry[]): Promise<unknown[]> {
  const [first, ...rest] = entries.map((entry) => insertLogEntry(db, entry));
  if (!first) return [];
  try {
    await db.batch([first, ...rest]);
    return [];
  } catch (error) {
    if (rest.length === 0) return [error];
    // One at a time: the batch may have failed because D1 is busy, and a burst of single inserts would not help.
    const failures: unknown[] = [];
    for (const statement of [first, ...rest]) {
      await statement.run().catch((failure: unknown) => failures.push(failure));
    }
    return failures;
  }
}

export type StatusClass = "2xx" | "4xx" | "5xx";

export interface LogFilter {
  from?: string;
  to?: string;
  status?: StatusClass;
  /** Already folded: compared with user_name_key. */
  userNameKey?: string;
  operation?: string;
  directoryId?: string;
  /** Failed requests only (status 400 and above): the CSV report. */
  failedOnly?: boolean;
}

/** The position of the last entry of a page: the next page starts strictly after it, newest first. */
export interface LogCursor {
  at: string;
  id: string;
}

const STATUS_RANGE: Record<StatusClass, [number, number]> = {
  "2xx": [200, 300],
  "4xx": [400, 500],
  "5xx": [500, 600],
};

function conditions(orgId: string, filter: LogFilter, after?: LogCursor): SQL[] {
  const where: (SQL | undefined)[] = [eq(systemLog.orgId, orgId)];
  if (filter.directoryId) where.push(eq(systemLog.directoryId, filter.directoryId));
  if (filter.from) where.push(gte(systemLog.at, filter.from));
  if (filter.to) where.push(lt(systemLog.at, filter.to));
  if (filter.status) {
    const [low, high] = STATUS_RANGE[filter.status];
    where.push(gte(systemLog.status, low), lt(systemLog.status, high));
  }
  if (filter.failedOnly) where.push(gte(systemLog.status, 400));
  if (filter.userNameKey) where.push(eq(systemLog.userNameKey, filter.userNameKey));
  if (filter.operation) where.push(eq(systemLog.operation, filter.operation));
  if (after) {
    where.push(or(lt(systemLog.at, after.at), and(eq(systemLog.at, after.at), lt(systemLog.id, after.id))));
  }
  return where.filter((c): c is SQL => c !== undefined);
}

/** Entries newest first, `limit` of them after the cursor. */
export function listLogEntries(
  db: Database,
  orgId: string,
  filter: LogFilter,
  limit: number,
  after?: LogCursor,
) {
  return db
    .select()
    .from(systemLog)
    .where(and(...conditions(orgId, filter, after)))
    .orderBy(desc(systemLog.at), desc(systemLog.id))
    .limit(limit);
}

/** Rows deleted per retention run, so that one run stays far below D1's 30 s statement limit. */
export const RETENTION_DELETE_BATCH = 5_000;

/** Deletes up to `limit` entries older than `before`, oldest first; returns how many went. */
export async function deleteLogEntriesBefore(db: Database, before: string, limit = RETENTION_DELETE_BATCH) {
  const oldest = db
    .select({ id: systemLog.id })
    .from(systemLog)
    .where(lt(systemLog.at, before))
    .orderBy(systemLog.at)
    .limit(limit);
  const result = await db.delete(systemLog).where(inArray(systemLog.id, oldest)).run();
  return result.meta.changes;
}
