// The events a group's change writes into its own batch: group.created/updated/deleted, and one
// group.member_added or group.member_removed per member that really joins or leaves. Member events are selected
// in SQL against the membership as it stands at that point of the batch, so a repeated add or a remove of a
// member already gone writes none. All are guarded by the group being at the version the batch wrote.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { recordEvent, recordEvents } from "../db/events";
import { atVersion, type GroupVersion } from "../db/group-members";
import type { GroupRecord } from "../db/groups";
import { idList } from "../db/id-list";
import { groupMembers, groups } from "../db/schema";
import type { DirectoryScope } from "../db/users";
import type { EventType } from "../events/catalogue";

const groupSnapshot = (id: string, record: GroupRecord) => ({
  id,
  displayName: record.displayName,
  externalId: record.externalId,
});

export function groupEvent(
  db: Database,
  scope: DirectoryScope,
  change: { type: EventType; id: string; record: GroupRecord; onlyIf: SQL },
  now: string,
) {
  return recordEvent(
    db,
    {
      orgId: scope.orgId,
      directoryId: scope.directoryId,
      type: change.type,
      resourceType: "Group",
      resourceId: change.id,
      data: { group: groupSnapshot(change.id, change.record) },
      occurredAt: now,
    },
    change.onlyIf,
  );
}

/** group.deleted, written before the delete in the same batch (the guard reads the row about to go). */
export const groupDeletedEvent = (
  db: Database,
  scope: DirectoryScope,
  row: { id: string; version: number } & GroupRecord,
  now: string,
) =>
  groupEvent(
    db,
    scope,
    {
      type: "group.deleted",
      id: row.id,
      record: row,
      onlyIf: atVersion({ groupId: row.id, version: row.version }),
    },
    now,
  );

type MemberSelection = { from: SQL; where: SQL };

function memberEvents(
  db: Database,
  scope: DirectoryScope,
  at: GroupVersion,
  type: "group.member_added" | "group.member_removed",
  members: MemberSelection,
  now: string,
) {
  const data = sql`json_object('group', json_object('id', g.id, 'displayName', g.display_name),
    'user', json_object('id', u.id, 'userName', u.user_name))`;
  return recordEvents(
    db,
    scope.orgId,
    now,
    sql`SELECT ${type} AS type, ${scope.directoryId} AS directory_id, 'Group' AS resource_type,
      ${at.groupId} AS resource_id, ${data} AS data
      FROM ${members.from} CROSS JOIN ${groups} AS g ON g.id = ${at.groupId}
      WHERE ${members.where} AND u.org_id = ${scope.orgId} AND u.directory_id = ${scope.directoryId}
        AND ${atVersion(at)}`,
  );
}

const isMember = (at: GroupVersion) =>
  sql`EXISTS (SELECT 1 FROM ${groupMembers} m WHERE m.group_id = ${at.groupId} AND m.user_id = u.id)`;

const listed = (ids: readonly string[]) =>
  sql`(SELECT DISTINCT value FROM json_each(${JSON.stringify(ids)})) AS j CROSS JOIN users AS u ON u.id = j.value`;

/**
 * The member events of one membership statement, written just before it: `joining` the listed users who are not
 * members yet (before an add), `leaving` the listed users who are members (before a remove), `leavingAllBut`
 * the members not listed (before a replace of the whole membership removes them).
 */
export function membershipEvents(
  db: Database,
  scope: DirectoryScope,
  at: GroupVersion,
  change: { kind: "joining" | "leaving" | "leavingAllBut"; ids: readonly string[] },
  now: string,
) {
  const { kind, ids } = change;
  const selection: MemberSelection =
    kind === "leavingAllBut"
      ? {
          from: sql`${groupMembers} AS m CROSS JOIN users AS u ON u.id = m.user_id`,
          where: sql`m.group_id = ${at.groupId} AND m.user_id NOT IN ${idList(ids)}`,
        }
      : { from: listed(ids), where: kind === "joining" ? sql`NOT ${isMember(at)}` : isMember(at) };
  const type = kind === "joining" ? "group.member_added" : "group.member_removed";
  return memberEvents(db, scope, at, type, selection, now);
}
