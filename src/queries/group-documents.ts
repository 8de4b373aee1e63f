// Groups as response bodies. Members are read only when the selection returns them (never for Entra's
// `excludedAttributes=members`), and a response never holds more than a bounded number of them in memory:
// groups up to MAX_BUFFERED_MEMBERS are read with their rows in one batch (a consistent snapshot); a larger
// group is written page by page and checked afterwards for changes made while it was being read.
import type { Database } from "../db/client";
import { countMembers, groupVersion, memberPage, membersOfGroups } from "../db/group-members";
import { type GroupRow, getGroups } from "../db/groups";
import type { DirectoryScope } from "../db/users";
import type { GroupTextPlan } from "../scim/members/document";
import { type MemberRow, memberElement, pick } from "../scim/members/render";
import { renderResource } from "../scim/render";
import { groupResourceType } from "../scim/schemas/resource-type";
import { MAX_BUFFERED_MEMBERS, MEMBER_PAGE_ROWS } from "./group-limits";

/** A body part: finished text, or text produced as it is read (a large group's members). */
export type BodyPart = string | (() => AsyncGenerator<string>);

export interface GroupBodies {
  /** The groups served, as read with their members; a group deleted meanwhile is left out. */
  rows: GroupRow[];
  /** The JSON text of each served group, in order. */
  parts: BodyPart[];
  /** How many of the given rows were used: a prefix, shorter when their members would exceed the budget. */
  consumed: number;
}

/** Raised inside a streamed body when the group changed while its members were being written. */
export class GroupChangedWhileRead extends Error {
  constructor(groupId: string) {
    super(`Group ${groupId} changed while its members were being read; the response was cut off.`);
    this.name = "GroupChangedWhileRead";
  }
}

export async function groupBodies(
  db: Database,
  scope: DirectoryScope,
  rows: readonly GroupRow[],
  plan: GroupTextPlan,
  baseUrl: string,
): Promise<GroupBodies> {
  const whole = (row: GroupRow, members: readonly MemberRow[] = []) => groupText(row, members, plan, baseUrl);
  if (!plan.memberKeys || rows.length === 0) {
    return { rows: [...rows], parts: rows.map((row) => whole(row)), consumed: rows.length };
  }
  const counts = new Map(
    (
      await countMembers(
        db,
        rows.map((row) => row.id),
      )
    ).map((c) => [c.groupId, c.members]),
  );
  const consumed = budgetedPrefix(rows.map((row) => counts.get(row.id) ?? 0));
  const [first] = rows;
  if (first && (counts.get(first.id) ?? 0) > MAX_BUFFERED_MEMBERS) {
    return { rows: [first], parts: [() => streamedGroup(db, first, plan, baseUrl)], consumed: 1 };
  }
  const served = rows.slice(0, consumed);
  const withMembers = served.filter((row) => (counts.get(row.id) ?? 0) > 0).map((row) => row.id);
  if (withMembers.length === 0) return { rows: served, parts: served.map((row) => whole(row)), consumed };
  // Rows and members read again in one batch, one transaction: each group's version matches its members.
  const [fresh, members] = await db.batch([
    getGroups(
      db,
      scope,
      served.map((row) => row.id),
    ),
    membersOfGroups(db, withMembers),
  ]);
  const byId = new Map(fresh.map((row) => [row.id, row]));
  const membersOf = new Map<string, MemberRow[]>();
  for (const member of members) {
    const list = membersOf.get(member.groupId) ?? [];
    membersOf.set(member.groupId, list);
    list.push(member);
  }
  const current = served.flatMap((row) => byId.get(row.id) ?? []);
  return { rows: current, parts: current.map((row) => whole(row, membersOf.get(row.id))), consumed };
}

/** How many of the groups, in order, fit the member budget together; always at least the first. */
function budgetedPrefix(sizes: readonly number[]): number {
  let total = 0;
  let taken = 0;
  for (const size of sizes) {
    if (taken > 0 && total + size > MAX_BUFFERED_MEMBERS) break;
    total += size;
    taken += 1;
  }
  return taken;
}

function groupText(
  row: GroupRow,
  members: readonly MemberRow[],
  plan: GroupTextPlan,
  baseUrl: string,
): string {
  const text = plan.text(renderResource(groupResourceType, row, baseUrl), members.length > 0);
  if (text.kind === "whole") return text.text;
  return `${text.head}${memberTexts(members, text.keys, baseUrl)}${text.tail}`;
}

const memberTexts = (members: readonly MemberRow[], keys: readonly string[], baseUrl: string) =>
  members.map((member) => JSON.stringify(pick(memberElement(member, baseUrl), keys))).join(",");

/**
 * A group too large to hold: its members in pages of MEMBER_PAGE_ROWS, each an index range after the last.
 * Pages are separate reads, so the version is read again at the end; every membership change bumps it, and a
 * change in between would have produced a membership that never existed. Such a response is cut off (the client
 * sees a broken body and retries) rather than completed with a torn member list under the wrong ETag.
 */
async function* streamedGroup(
  db: Database,
  row: GroupRow,
  plan: GroupTextPlan,
  baseUrl: string,
): AsyncGenerator<string> {
  const text = plan.text(renderResource(groupResourceType, row, baseUrl), true);
  if (text.kind === "whole") {
    yield text.text;
    return;
  }
  yield text.head;
  let after = 0;
  let separator = "";
  for (;;) {
    const page = await memberPage(db, row.id, after, MEMBER_PAGE_ROWS);
    const last = page.at(-1);
    if (last) {
      yield `${separator}${memberTexts(page, text.keys, baseUrl)}`;
      separator = ",";
      after = last.position;
    }
    if (page.length < MEMBER_PAGE_ROWS) break;
  }
  const [now] = await groupVersion(db, row.id);
  if (now?.version !== row.version) throw new GroupChangedWhileRead(row.id);
  yield text.tail;
}
