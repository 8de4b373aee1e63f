// Group rows of one directory. As for users: writes return statements for the caller to batch (built by Drizzle for
// each change here; a user's are compiled once), reads run in one round trip. Members live in group_members
// (src/db/group-members.ts), never in these rows.
import { and, eq } from "drizzle-orm";
import type { Database } from "./client";
import { inIdList } from "./id-list";
import { listPage, type PageQuery } from "./page";
import { groups } from "./schema";
import type { DirectoryScope } from "./users";

/** What the SCIM layer hands to storage: the resource (without members) and the columns derived from it. */
export interface GroupRecord {
  displayName: string;
  displayNameKey: string;
  externalId: string | null;
  resource: Record<string, unknown>;
  search: Record<string, unknown>;
}

export type GroupRow = typeof groups.$inferSelect;

const inScope = (scope: DirectoryScope) =>
  and(eq(groups.orgId, scope.orgId), eq(groups.directoryId, scope.directoryId));

export function getGroup(db: Database, scope: DirectoryScope, id: string) {
  return db
    .select()
    .from(groups)
    .where(and(inScope(scope), eq(groups.id, id)))
    .limit(1);
}

/** The current rows of some groups, for reading them again together with their members (one batch). */
export function getGroups(db: Database, scope: DirectoryScope, ids: readonly string[]) {
  return db
    .select()
    .from(groups)
    .where(and(inScope(scope), inIdList(groups.id, ids)));
}

export const listGroups = (db: Database, scope: DirectoryScope, query: PageQuery) =>
  listPage(db, groups, scope, query);

export function insertGroup(
  db: Database,
  scope: DirectoryScope,
  id: string,
  record: GroupRecord,
  now: string,
) {
  return db
    .insert(groups)
    .values({ id, ...scope, ...record, version: 1, createdAt: now, updatedAt: now })
    .returning();
}

/**
 * Writes only if the row is still at `expectedVersion`; an empty result means someone else got there first.
 * Membership changes bump the version too, so that meta.version and ETags cover members.
 */
export function updateGroup(
  db: Database,
  scope: DirectoryScope,
  id: string,
  expectedVersion: number,
  record: GroupRecord,
  now: string,
) {
  return db
    .update(groups)
    .set({ ...record, version: expectedVersion + 1, updatedAt: now })
    .where(and(inScope(scope), eq(groups.id, id), eq(groups.version, expectedVersion)))
    .returning();
}

/** Deleting the row deletes its memberships too (ON DELETE CASCADE on group_members.group_id). */
export function deleteGroup(db: Database, scope: DirectoryScope, id: string) {
  return db
    .delete(groups)
    .where(and(inScope(scope), eq(groups.id, id)))
    .returning({ id: groups.id });
}
