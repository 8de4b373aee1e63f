// The system log's reads and writes: one insert per SCIM request (compiled once per isolate), the filtered and
// cursor-paged list of the admin API, and the bounded retention delete of the scheduled job.
import { and, desc, eq, getTableColumns, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { compileOnce, prepared } from "./compiled";
import { systemLog, users } from "./schema";

export type LogEntry = typeof systemLog.$inferSelect;
export type NewLogEntry = typeof systemLog.$inferInsert;

/** Every column's placeholder; the user's names fall back on the user row (insertLogEntry). */
const insertStatement = compileOnce((db: Database) => {
  const fromUser = (column: typeof users.userName | typeof users.userNameKey, given: string) =>
    sql`coalesce(${sql.placeholder(given)}, (SELECT ${column} FROM ${users} WHERE ${users.id} = ${sql.placeholder("userId")} AND ${users.orgId} = ${sql.placeholder("orgId")}))`;
  const placeholders = Object.fromEntries(
    Object.keys(getTableColumns(systemLog)).map((key) => [key, sql.placeholder(key)]),
  ) as unknown as NewLogEntry;
  return db.insert(systemLog).values({
    ...placeholders,
    userName: fromUser(users.userName, "userName"),
    userNameKey: fromUser(users.userNameKey, "userNameKey"),
  });
});

/** The columns an entry may leave out, as the insert stores them. */
const ABSENT = Object.fromEntries(Object.keys(getTableColumns(systemLog)).map((key) => [key, null]));

/**
 * Writes one entry. A userName the request did not carry (PATCH, DELETE, GET by id) is taken from the user row
 * in the same statement, when the user still exists. The statement is compiled once: the log writes an entry for
 * every SCIM request.
 */
export const insertLogEntry = (db: Database, entry: NewLogEntry): D1PreparedStatement =>
  prepared(db.$client, insertStatement(db), {
    ...ABSENT,
    ...entry,
    userId: entry.resourceType === "User" ? (entry.resourceId ?? null) : null,
  });

/**
 * Writes entries in one batch. One entry that fails (its organisation deleted since) must not take the others
 * with it: after a failed batch, each is written alone and the failures are returned, for the log's own report.
 */
export async function insertLogEntries(db: Database, entries: NewLogEntry[]): Promise<unknown[]> {
  const statements = entries.map((entry) => insertLogEntry(db, entry));
  if (statements.length === 0) return [];
  try {
    await db.$client.batch(statements);
    return [];
  } catch (error) {
    if (statements.length === 1) return [error];
    // One at a time: the batch may have failed because D1 is busy, and a burst of single inserts would not help.
    const failures: unknown[] = [];
    for (const statement of statements) {
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
