// User rows of one directory. Functions that write return Drizzle statements, so callers can batch them (D1's
// only atomic unit); functions that read run their queries in one round trip.
import { and, eq, sql } from "drizzle-orm";
import { union } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";
import { groupsOfUsersIn, type UserGroupRow } from "./group-members";
import { type ListedRow, listedUserColumns, listPage, type PageQuery, pageStatements } from "./page";
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

/** A user as reads return it (src/db/page.ts). */
export type ListedUser = ListedRow<typeof users>;

/** externalId is not unique, so a few rows may share it; the first few are enough to decide. */
const MAX_KEY_MATCHES = 10;

const inScope = (scope: DirectoryScope) =>
  and(eq(users.orgId, scope.orgId), eq(users.directoryId, scope.directoryId));

/** The statement that reads one user, for callers that batch it with other reads. */
export const userById = (db: Database, scope: DirectoryScope, id: string) =>
  db
    .select()
    .from(users)
    .where(and(inScope(scope), eq(users.id, id)))
    .limit(1);

export async function getUser(db: Database, scope: DirectoryScope, id: string): Promise<UserRow | undefined> {
  const [row] = await userById(db, scope, id);
  return row;
}

/**
 * One user and, when the response shows `groups`, its memberships: one batch, which a request's credential
 * check can ride on too (src/db/first-round-trip.ts).
 */
export async function findUserWithGroups(
  db: Database,
  scope: DirectoryScope,
  id: string,
  withGroups: boolean,
): Promise<{ row: ListedUser | undefined; memberships: UserGroupRow[] }> {
  const user = db
    .select(listedUserColumns())
    .from(users)
    .where(and(inScope(scope), eq(users.id, id)))
    .limit(1);
  if (!withGroups) {
    const [[row]] = await db.batch([user]);
    return { row, memberships: [] };
  }
  const [[row], memberships] = await db.batch([user, groupsOfUsersIn(db, scope, sql`(${id})`)]);
  return { row, memberships: row ? memberships : [] };
}

/**
 * Users that a POST with this userName or externalId could mean (at most one of each, by the indexes). Two
 * index searches joined by UNION: with OR in one WHERE, SQLite walks the directory's whole index instead, and a
 * create then reads every user of the directory (the cause of creates slowing as directories grew).
 */
export function findUsersByKeys(
  db: Database,
  scope: DirectoryScope,
  keys: { userNameKey: string; externalId: string | null },
) {
  const columns = {
    id: users.id,
    active: users.active,
    userNameKey: users.userNameKey,
    externalId: users.externalId,
  };
  const byUserName = db
    .select(columns)
    .from(users)
    .where(and(inScope(scope), eq(users.userNameKey, keys.userNameKey)));
  if (keys.externalId === null) return byUserName.limit(MAX_KEY_MATCHES);
  const byExternalId = db
    .select(columns)
    .from(users)
    .where(and(inScope(scope), eq(users.externalId, keys.externalId)));
  return union(byUserName, byExternalId).limit(MAX_KEY_MATCHES);
}

export type UserPageQuery = PageQuery;

/** The statements behind one page: the rows, and the count of all matches (exported for query-plan tests). */
export const userPageStatements = (db: Database, scope: DirectoryScope, query: UserPageQuery) =>
  pageStatements(db, users, scope, query);

/**
 * A page of users and, when the response shows `groups`, their memberships: one batch, the memberships selected
 * for the page's own rows by a subquery, instead of a second round trip once the page is known.
 */
export async function listUsers(
  db: Database,
  scope: DirectoryScope,
  query: UserPageQuery,
  withGroups: boolean,
): Promise<{ rows: ListedUser[]; total: number; memberships: UserGroupRow[] }> {
  if (!withGroups) return { ...(await listPage(db, users, scope, query)), memberships: [] };
  const { page, total } = userPageStatements(db, scope, query);
  const pageIds = sql`(SELECT p.id FROM ${page.as("p")})`;
  const [rows, totals, memberships] = await db.batch([page, total, groupsOfUsersIn(db, scope, pageIds)]);
  return { rows, total: totals[0]?.n ?? 0, memberships };
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
