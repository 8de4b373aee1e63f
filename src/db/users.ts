// User rows of one directory. Functions that write return statements, so callers can batch them (D1's only atomic
// unit); functions that read run their queries in one round trip. What every IdP request reads or writes (by id,
// by keys, a page, the row's insert, update and delete) is compiled once per isolate and only bound
// (src/db/compiled.ts).
import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { type SQLiteColumn, union } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";
import { compileOnce, prepared, type Read, read, readAll, rowDecoder, SCOPE } from "./compiled";
import { groupsOfUsersIn, USER_GROUP_FIELDS, type UserGroupRow } from "./group-members";
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

const SCOPED = and(eq(users.orgId, SCOPE.orgId), eq(users.directoryId, SCOPE.directoryId));

/** One user's `columns` by id, compiled once (src/db/compiled.ts), and the decoder of its row. */
function byId<F extends Record<string, SQLiteColumn>>(columns: F) {
  const statement = compileOnce((db: Database) =>
    db
      // Widened: Drizzle's select types do not resolve over a generic selection; the decoder keeps the precise one.
      .select(columns as Record<string, SQLiteColumn>)
      .from(users)
      .where(and(SCOPED, eq(users.id, sql.placeholder("id"))))
      .limit(1),
  );
  return { statement, decode: rowDecoder(columns) };
}

const wholeUser = byId(getTableColumns(users));

/** The read of one whole user, for callers that batch it with other reads. */
export const userById = (db: Database, scope: DirectoryScope, id: string): Read<UserRow> =>
  read(wholeUser.statement(db), { ...scope, id }, wholeUser.decode);

export async function getUser(db: Database, scope: DirectoryScope, id: string): Promise<UserRow | undefined> {
  const [row] = await readAll(db.$client, userById(db, scope, id));
  return row;
}

/** A user as GET /Users/{id} shows it: IdPs read users by id more than anything but lookups. */
const listedUser = byId(listedUserColumns());
const userGroupsStatement = compileOnce((db: Database) =>
  groupsOfUsersIn(db, SCOPE, sql`(${sql.placeholder("id")})`),
);
const decodeMembership = rowDecoder(USER_GROUP_FIELDS);

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
  const values = { orgId: scope.orgId, directoryId: scope.directoryId, id };
  const statements = [listedUser.statement(db), ...(withGroups ? [userGroupsStatement(db)] : [])];
  const [found, memberships] = await db.$client.batch<Record<string, unknown>>(
    statements.map((statement) => prepared(db.$client, statement, values)),
  );
  const record = found?.results[0];
  if (!record) return { row: undefined, memberships: [] };
  return { row: listedUser.decode(record), memberships: (memberships?.results ?? []).map(decodeMembership) };
}

const KEY_COLUMNS = {
  id: users.id,
  active: users.active,
  userNameKey: users.userNameKey,
  externalId: users.externalId,
};
const decodeKeys = rowDecoder(KEY_COLUMNS);

const byUserName = (db: Database) =>
  db
    .select(KEY_COLUMNS)
    .from(users)
    .where(and(SCOPED, eq(users.userNameKey, sql.placeholder("userNameKey"))));
const byUserNameOnly = compileOnce((db: Database) => byUserName(db).limit(MAX_KEY_MATCHES));
const byUserNameOrExternalId = compileOnce((db: Database) =>
  union(
    byUserName(db),
    db
      .select(KEY_COLUMNS)
      .from(users)
      .where(and(SCOPED, eq(users.externalId, sql.placeholder("externalId")))),
  ).limit(MAX_KEY_MATCHES),
);

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
  const statement = keys.externalId === null ? byUserNameOnly(db) : byUserNameOrExternalId(db);
  return read(statement, { ...scope, ...keys }, decodeKeys);
}

export type UserPageQuery = PageQuery;

/** The statements behind one page: the rows, and the count of all matches (exported for query-plan tests). */
export const userPageStatements = (db: Database, query: UserPageQuery) => pageStatements(db, users, query);

/** A page's memberships, selected for the page's own rows by a subquery (src/db/page.ts). */
const PAGE_GROUPS = {
  name: "user groups",
  statement: (db: Database, pageIds: SQL) => groupsOfUsersIn(db, SCOPE, pageIds),
};

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
  const { rows, total, related } = await listPage(
    db,
    users,
    scope,
    query,
    withGroups ? PAGE_GROUPS : undefined,
  );
  return { rows, total, memberships: related.map(decodeMembership) };
}

/** Every column of a user row but those a write sets from its own arguments. */
const RECORD_PLACEHOLDERS = {
  userName: sql.placeholder("userName"),
  userNameKey: sql.placeholder("userNameKey"),
  externalId: sql.placeholder("externalId"),
  active: sql.placeholder("active"),
  resource: sql.placeholder("resource"),
  search: sql.placeholder("search"),
};

// Every create and every change of a user writes one of these: compiled once (src/db/compiled.ts).
const insertStatement = compileOnce((db: Database) =>
  db
    .insert(users)
    .values({
      id: sql.placeholder("id"),
      ...SCOPE,
      ...RECORD_PLACEHOLDERS,
      version: 1,
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .returning(),
);
const updateStatement = compileOnce((db: Database) =>
  db
    .update(users)
    // Drizzle's types leave placeholders out of update sets; its runtime binds them as it does in inserts.
    .set({
      ...RECORD_PLACEHOLDERS,
      version: sql`${sql.placeholder("expectedVersion")} + 1`,
      updatedAt: sql.placeholder("now"),
    } as unknown as Partial<UserRow>)
    .where(
      and(SCOPED, eq(users.id, sql.placeholder("id")), eq(users.version, sql.placeholder("expectedVersion"))),
    )
    .returning(),
);
const deleteStatement = compileOnce((db: Database) =>
  db
    .delete(users)
    .where(and(SCOPED, eq(users.id, sql.placeholder("id"))))
    .returning({ id: users.id }),
);
const decodeId = rowDecoder({ id: users.id });

export const insertUser = (
  db: Database,
  scope: DirectoryScope,
  id: string,
  record: UserRecord,
  now: string,
) => read(insertStatement(db), { ...scope, ...record, id, now }, wholeUser.decode);

/** Writes only if the row is still at `expectedVersion`: no row back means someone else got there first. */
export const updateUser = (
  db: Database,
  scope: DirectoryScope,
  id: string,
  expectedVersion: number,
  record: UserRecord,
  now: string,
) => read(updateStatement(db), { ...scope, ...record, id, expectedVersion, now }, wholeUser.decode);

export const deleteUser = (db: Database, scope: DirectoryScope, id: string) =>
  read(deleteStatement(db), { ...scope, id }, decodeId);

/** SQLite reports unique-index violations in the message; D1 passes it through. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && /UNIQUE constraint failed/i.test(`${error.message} ${String(error.cause ?? "")}`);
