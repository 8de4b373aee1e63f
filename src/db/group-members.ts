// Group membership rows (group_members): one row per member, so adding or removing a member is one indexed
// statement whatever the group's size, and a group is read page by page, never as one value.
import { and, asc, count, eq, gt, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { compiled, type Read, read, SCOPE, toQuery } from "./compiled";
import { idList, inIdList } from "./id-list";
import { groupMembers, groups, users } from "./schema";
import type { DirectoryScope } from "./users";

/** The group at the version a change is about to write; member statements run only if the bump went through. */
export interface GroupVersion {
  groupId: string;
  version: number;
}

/** Member statements run only in a batch whose first statement moved the group to `version` (version-checked). */
export const atVersion = (at: GroupVersion) =>
  // A scalar subquery, not EXISTS: SQLite turns that EXISTS into a join that scans groups; this runs once.
  sql`(SELECT ${groups.version} FROM ${groups} WHERE ${groups.id} = ${at.groupId}) = ${at.version}`;

/** The rowid orders a group's members as they were added: group_members_group's entries end in it. */
const position = sql<number>`${groupMembers}.rowid`;

export interface MemberProbe {
  id: string;
  /** A user of this directory. */
  known: number;
  /** Already a member of the group. */
  member: number;
}

// The ids go in as one JSON array, so the statement is the same for any number of them: compiled once.
const probeStatement = compiled(
  toQuery(sql`
    SELECT j.value AS id,
      EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = j.value
        AND ${users.orgId} = ${SCOPE.orgId} AND ${users.directoryId} = ${SCOPE.directoryId}) AS known,
      EXISTS (SELECT 1 FROM ${groupMembers} WHERE ${groupMembers.groupId} = ${sql.placeholder("groupId")}
        AND ${groupMembers.userId} = j.value) AS member
    FROM json_each(${sql.placeholder("ids")}) AS j`),
);

/**
 * For each id, whether it is a user of this directory and whether it is already a member: one statement, two
 * index lookups per id, whatever the size of the group. Lets a change refuse unknown ids before writing anything
 * and skip the version bump when adding members who are there already or removing members who are gone. A read
 * for the caller to batch with the group's own row.
 */
export const probeMembers = (
  scope: DirectoryScope,
  groupId: string,
  ids: readonly string[],
): Read<MemberProbe> =>
  read(
    probeStatement,
    { ...scope, groupId, ids: JSON.stringify(ids) },
    (record) => record as unknown as MemberProbe,
  );

/**
 * Adds users of this directory as members, in the order given; ids already members are left alone (ON CONFLICT
 * DO NOTHING), ids that are not users of this directory are never inserted (the SELECT from users is the check).
 */
export function addMembers(db: Database, scope: DirectoryScope, at: GroupVersion, ids: readonly string[]) {
  // Columns in table order: org_id, group_id, user_id.
  return db
    .insert(groupMembers)
    .select(
      // CROSS JOIN fixes the loop order (SQLite never reorders it): for each id, one lookup in users' primary
      // index. With a plain JOIN the planner may walk the directory's users instead, O(directory size).
      sql`SELECT ${scope.orgId}, ${at.groupId}, u.id FROM json_each(${JSON.stringify(ids)}) AS j
        CROSS JOIN ${users} AS u ON u.id = j.value
        WHERE u.org_id = ${scope.orgId} AND u.directory_id = ${scope.directoryId} AND ${atVersion(at)}
        ORDER BY j.key`,
    )
    .onConflictDoNothing();
}

/** Removes the listed members; ids that are not members remove nothing. */
export function removeMembers(db: Database, at: GroupVersion, ids: readonly string[]) {
  return db
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, at.groupId), inIdList(groupMembers.userId, ids), atVersion(at)));
}

/** Removes every member not listed: with addMembers, a replace of the whole membership. */
export function keepOnlyMembers(db: Database, at: GroupVersion, ids: readonly string[]) {
  return db
    .delete(groupMembers)
    .where(
      and(
        eq(groupMembers.groupId, at.groupId),
        sql`${groupMembers.userId} NOT IN ${idList(ids)}`,
        atVersion(at),
      ),
    );
}

/** How many members each of these groups has (groups without members are absent). */
export function countMembers(db: Database, groupIds: readonly string[]) {
  return db
    .select({ groupId: groupMembers.groupId, members: count() })
    .from(groupMembers)
    .where(inIdList(groupMembers.groupId, groupIds))
    .groupBy(groupMembers.groupId);
}

/** What a member's `value`, `$ref` and `display` are made of (src/scim/members/render.ts). */
const memberColumns = {
  userId: users.id,
  userName: users.userName,
  displayName: sql<string | null>`json_extract(${users.resource}, '$.displayName')`,
};

/**
 * Every member of these groups, grouped by group and in the order they were added: one walk of the
 * group_members_group index. For groups whose sizes the caller has counted and bounded.
 */
export function membersOfGroups(db: Database, groupIds: readonly string[]) {
  return db
    .select({ groupId: groupMembers.groupId, ...memberColumns })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(inIdList(groupMembers.groupId, groupIds))
    .orderBy(asc(groupMembers.groupId), asc(position));
}

/** One page of a group's members after position `after` (keyset on the rowid: each page is an index range). */
export function memberPage(db: Database, groupId: string, after: number, limit: number) {
  return (
    db
      .select({ position, ...memberColumns })
      // Without INDEXED BY the planner may walk the whole table's rowids after `after`, every group's members.
      .from(sql`${groupMembers} INDEXED BY group_members_group`)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(and(eq(groupMembers.groupId, groupId), gt(position, after)))
      .orderBy(asc(position))
      .limit(limit)
  );
}

export function groupVersion(db: Database, groupId: string) {
  return db.select({ version: groups.version }).from(groups).where(eq(groups.id, groupId)).limit(1);
}

/**
 * The groups each of these users belongs to, for their `groups` attribute: one query for a whole page, driven
 * from the users' memberships (group_members_user), each group found by id. The unary `+` keeps the planner from
 * walking the directory's groups (groups_directory) instead, which costs as many steps as the directory has groups.
 */
export interface UserGroupRow {
  userId: string;
  groupId: string;
  displayName: string;
}

export const groupsOfUsers = (db: Database, scope: DirectoryScope, userIds: readonly string[]) =>
  groupsOfUsersIn(db, scope, idList(userIds));

/** What groupsOfUsersIn selects: the names are distinct, so that D1's row objects keep every field. */
export const USER_GROUP_FIELDS = {
  userId: groupMembers.userId,
  groupId: groups.id,
  displayName: groups.displayName,
};

/**
 * The same for the users a subquery selects (`SELECT id FROM …`), as a statement: a list page's groups join the
 * page's own batch, one round trip instead of two. The scope may be placeholders (src/db/page.ts).
 */
export const groupsOfUsersIn = (
  db: Database,
  scope: { orgId: string | Placeholder; directoryId: string | Placeholder },
  userIds: SQL,
) =>
  db
    .select(USER_GROUP_FIELDS)
    .from(groupMembers)
    .crossJoin(groups)
    .where(
      sql`${groups.id} = ${groupMembers.groupId} AND ${groupMembers.userId} IN ${userIds}
        AND +${groups.orgId} = ${scope.orgId} AND +${groups.directoryId} = ${scope.directoryId}`,
    )
    .orderBy(groups.seq);
