// User rows of one directory. Functions that write return Drizzle statements, so callers can batch them (D1's
// only atomic unit); functions that read run their queries in one round trip.
import { and, asc, count, desc, eq, gt, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { users } from "./schema";

export interface DirectoryScope {
  orgId: string;
  directoryId: string;
}

/** What the SCIM layer hands to storage: the resource and the columns derived from it. */
export interface UserRecord {
  userName: string;
  userNameKey: string;
  externalId: string | null;
  active: boolean;
  resource: Record<string, unknown>;
  search: Record<string, unknown>;
}

export type UserRow = typeof users.$inferSelect;

const inScope = (scope: DirectoryScope) =>
  and(eq(users.orgId, scope.orgId), eq(users.directoryId, scope.directoryId));

export async function getUser(db: Database, scope: DirectoryScope, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(inScope(scope), eq(users.id, id)))
    .limit(1);
  return row;
}

export interface UserPageQuery {
  where?: SQL;
  /** ORDER BY expression for sortBy; without one, users come in creation order. */
  sort?: { expression: SQL; descending: boolean };
  limit: number;
  /** Index paging skips `offset` rows; keyset (cursor) paging starts after the row with sequence `afterSeq`. */
  position: { offset: number } | { afterSeq: number };
}

export async function listUsers(
  db: Database,
  scope: DirectoryScope,
  query: UserPageQuery,
): Promise<{ rows: UserRow[]; total: number }> {
  const filtered = query.where ? and(inScope(scope), query.where) : inScope(scope);
  const pageWhere =
    "afterSeq" in query.position ? and(filtered, gt(users.seq, query.position.afterSeq)) : filtered;
  // Nulls sort last either way (RFC 7644 §3.4.2.3 leaves it open); seq breaks ties so pages never overlap.
  const order = query.sort
    ? [
        sql`(${query.sort.expression}) IS NULL`,
        query.sort.descending ? desc(query.sort.expression) : asc(query.sort.expression),
        asc(users.seq),
      ]
    : [asc(users.seq)];
  const page = db
    .select()
    .from(users)
    .where(pageWhere)
    .orderBy(...order)
    .limit(query.limit)
    .offset("offset" in query.position ? query.position.offset : 0);
  const total = db.select({ n: count() }).from(users).where(filtered);
  const [rows, totals] = await db.batch([page, total]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export function insertUser(db: Database, scope: DirectoryScope, id: string, record: UserRecord, now: string) {
  return db
    .insert(users)
    .values({ id, ...scope, ...record, version: 1, createdAt: now, updatedAt: now })
    .returning();
}

/** Writes only if the row is still at `expectedVersion`: an empty result means someone else got there first. */
export function updateUser(
  db: Database,
  scope: DirectoryScope,
  id: string,
  expectedVersion: number,
  record: UserRecord,
  now: string,
) {
  return db
    .update(users)
    .set({ ...record, version: expectedVersion + 1, updatedAt: now })
    .where(and(inScope(scope), eq(users.id, id), eq(users.version, expectedVersion)))
    .returning();
}

export function deleteUser(db: Database, scope: DirectoryScope, id: string) {
  return db
    .delete(users)
    .where(and(inScope(scope), eq(users.id, id)))
    .returning({ id: users.id });
}

/** SQLite reports unique-index violations in the message; D1 passes it through. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && /UNIQUE constraint failed/i.test(`${error.message} ${String(error.cause ?? "")}`);
