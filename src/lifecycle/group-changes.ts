// The changes a group can go through. They run inside the group's Durable Object, one at a time, so each sees
// the state the previous one left; each writes its row and its membership delta in one D1 batch (one transaction).
import { getTableColumns } from "drizzle-orm";
import type { Database } from "../db/client";
import { readAll, rowDecoder, statementOf } from "../db/compiled";
import {
  addMembers,
  atVersion,
  type GroupVersion,
  keepOnlyMembers,
  type MemberProbe,
  probeMembers,
  removeMembers,
} from "../db/group-members";
import {
  deleteGroup,
  type GroupRecord,
  type GroupRow,
  getGroup,
  insertGroup,
  updateGroup,
} from "../db/groups";
import { groups } from "../db/schema";
import { type DirectoryScope, isUniqueViolation } from "../db/users";
import { batchWithWebhookCheck, type ChangeStatement } from "../db/webhooks";
import { ScimError } from "../scim/errors";
import { changesMembers, type MemberDelta } from "../scim/members/delta";
import { applyResourceOperations, type GroupPatchPlan } from "../scim/members/patch";
import { jsonEqual } from "../scim/resource/json";
import { groupDeletedEvent, groupEvent, membershipEvents } from "./group-event-statements";
import { groupRecord } from "./group-record";
import { fail, type LifecycleFailure, type Outcome, succeed, type Written } from "./outcome";
import { checkPreconditions } from "./preconditions";

export interface CreateGroup {
  scope: DirectoryScope;
  id: string;
  resource: Record<string, unknown>;
  members: string[];
}

export interface ReplaceGroup {
  scope: DirectoryScope;
  id: string;
  resource: Record<string, unknown>;
  /** Undefined keeps the membership (a PUT without `members`); a list, even empty, replaces it. */
  members: string[] | undefined;
  ifMatch?: string;
}

export interface PatchGroup {
  scope: DirectoryScope;
  id: string;
  plan: GroupPatchPlan;
  ifMatch?: string;
}

export interface DeleteGroup {
  scope: DirectoryScope;
  id: string;
  ifMatch?: string;
}

export async function createGroup(
  db: Database,
  command: CreateGroup,
  now: string,
): Promise<Outcome<Written<GroupRow>>> {
  const { scope, id } = command;
  const probes =
    command.members.length > 0 ? await readAll(db.$client, probeMembers(scope, id, command.members)) : [];
  const unknown = unknownAmong(command.members, probes);
  if (unknown) return fail(unknown);
  const record = groupRecord(command.resource);
  // A new group has no members yet, so the listed ones are all added.
  const delta: MemberDelta = { add: command.members, remove: [] };
  const at = { groupId: id, version: 1 };
  return write(db, scope, record, insertGroup(db, scope, id, record, now), [
    groupEvent(db, scope, { type: "group.created", id, record, onlyIf: atVersion(at) }, now),
    ...memberStatements(db, scope, at, delta, now),
  ]);
}

export async function replaceGroup(
  db: Database,
  command: ReplaceGroup,
  now: string,
): Promise<Outcome<Written<GroupRow>>> {
  const { scope, members } = command;
  const { current, probes } = await readForChange(db, command, members ?? []);
  if (!current.ok) return current;
  const unknown = members === undefined ? undefined : unknownAmong(members, probes);
  if (unknown) return fail(unknown);
  const row = current.value;
  const record = groupRecord(command.resource);
  const delta: MemberDelta = { replace: members, add: [], remove: [] };
  return writeUpdate(db, scope, { row, record, delta }, now);
}

export async function patchGroup(
  db: Database,
  command: PatchGroup,
  now: string,
): Promise<Outcome<Written<GroupRow>>> {
  const { scope } = command;
  const { members } = command.plan;
  const { current, probes } = await readForChange(
    db,
    command,
    members.replace ?? [...members.add, ...members.remove],
  );
  if (!current.ok) return current;
  const row = current.value;
  let resource: Record<string, unknown>;
  try {
    resource = applyResourceOperations(row.resource, command.plan.resourceOperations);
  } catch (error) {
    if (error instanceof ScimError) return fail({ reason: "invalid", error: error.toBody() });
    throw error;
  }
  const delta = effectiveDelta(members, probes);
  if (!delta.ok) return delta;
  // A PATCH that changes nothing (a repeated add, a remove of a member already gone, a rename to the same name)
  // is not a new version (RFC 7644 §3.5.2 leaves the version to the server).
  if (jsonEqual(resource, row.resource) && !changesMembers(delta.value)) return succeed({ value: row });
  return writeUpdate(db, scope, { row, record: groupRecord(resource), delta: delta.value }, now);
}

/** A change of an existing group: the version-checked row, its group.updated event, the membership statements. */
function writeUpdate(
  db: Database,
  scope: DirectoryScope,
  change: { row: GroupRow; record: GroupRecord; delta: MemberDelta },
  now: string,
): Promise<Outcome<Written<GroupRow>>> {
  const { row, record, delta } = change;
  const at = { groupId: row.id, version: row.version + 1 };
  return write(db, scope, record, updateGroup(db, scope, row.id, row.version, record, now), [
    ...updatedEvent(db, scope, { at, before: row.resource, record }, now),
    ...memberStatements(db, scope, at, delta, now),
  ]);
}

/** group.updated when the group itself changed (a rename, a new externalId), not for membership alone. */
function updatedEvent(
  db: Database,
  scope: DirectoryScope,
  change: { at: GroupVersion; before: Record<string, unknown>; record: GroupRecord },
  now: string,
) {
  if (jsonEqual(change.before, change.record.resource)) return [];
  const { at, record } = change;
  return [
    groupEvent(db, scope, { type: "group.updated", id: at.groupId, record, onlyIf: atVersion(at) }, now),
  ];
}

export async function removeGroup(
  db: Database,
  command: DeleteGroup,
  now: string,
): Promise<Outcome<Written<{ id: string }>>> {
  const { current } = await readForChange(db, command, []);
  if (!current.ok) return current;
  const { scope } = command;
  const { results, wake } = await batchWithWebhookCheck(db, scope.orgId, [
    groupDeletedEvent(db, scope, current.value, now),
    deleteGroup(db, scope, command.id),
  ]);
  const id = results[1]?.[0]?.id;
  return typeof id === "string"
    ? succeed({ value: { id }, wakeWebhook: wake })
    : fail({ reason: "notFound" });
}

/**
 * The group a change starts from, if it exists and If-Match (RFC 7644 §3.14) names its current version, and, in
 * the same round trip, what each member id the change names is (src/db/group-members.ts, probeMembers).
 */
async function readForChange(
  db: Database,
  command: { scope: DirectoryScope; id: string; ifMatch?: string | undefined },
  ids: readonly string[],
): Promise<{ current: Outcome<GroupRow>; probes: MemberProbe[] }> {
  const group = getGroup(db, command.scope, command.id);
  if (ids.length === 0) {
    const [row] = await group;
    return { current: checkPreconditions(row, command.ifMatch), probes: [] };
  }
  const probe = probeMembers(command.scope, command.id, ids);
  const [found, probes] = await db.$client.batch<Record<string, unknown>>([
    statementOf(db.$client, group.toSQL()),
    statementOf(db.$client, probe),
  ]);
  const record = found?.results[0];
  return {
    current: checkPreconditions(record && decodeGroup(record), command.ifMatch),
    probes: (probes?.results ?? []).map((row) => probe.decode(row)),
  };
}

/** Ids that are not users of this directory, as the failure to report before anything is written. */
function unknownAmong(ids: readonly string[], probes: readonly MemberProbe[]): LifecycleFailure | undefined {
  const known = new Set(probes.filter((p) => p.known).map((p) => p.id));
  const unknown = ids.filter((id) => !known.has(id));
  return unknown.length > 0 ? { reason: "unknownMembers", ids: unknown } : undefined;
}

/**
 * The delta with what would change nothing taken out: adds of current members and removes of non-members. Adds
 * of ids that are not users of this directory fail the whole change. A replace is kept whole (it is checked for
 * unknown ids only): telling whether it changes anything would mean reading the whole membership.
 */
function effectiveDelta(delta: MemberDelta, found: readonly MemberProbe[]): Outcome<MemberDelta> {
  if (delta.replace !== undefined) {
    const unknown = unknownAmong(delta.replace, found);
    return unknown ? fail(unknown) : succeed(delta);
  }
  if (!changesMembers(delta)) return succeed(delta);
  const probes = new Map(found.map((p) => [p.id, p]));
  const unknown = unknownAmong(delta.add, found);
  if (unknown) return fail(unknown);
  return succeed({
    add: delta.add.filter((id) => !probes.get(id)?.member),
    remove: delta.remove.filter((id) => probes.get(id)?.member),
  });
}

/** The membership statements, each preceded by the events of the members it is about to add or remove. */
function memberStatements(
  db: Database,
  scope: DirectoryScope,
  at: GroupVersion,
  delta: MemberDelta,
  now: string,
): ChangeStatement[] {
  const statements: ChangeStatement[] = [];
  const change = (kind: "joining" | "leaving" | "leavingAllBut", ids: string[], statement: ChangeStatement) =>
    statements.push(membershipEvents(db, scope, at, { kind, ids }, now), statement);
  if (delta.replace !== undefined) {
    change("leavingAllBut", delta.replace, keepOnlyMembers(db, at, delta.replace));
    if (delta.replace.length > 0) change("joining", delta.replace, addMembers(db, scope, at, delta.replace));
  }
  if (delta.remove.length > 0) change("leaving", delta.remove, removeMembers(db, at, delta.remove));
  if (delta.add.length > 0) change("joining", delta.add, addMembers(db, scope, at, delta.add));
  return statements;
}

type RowStatement = ReturnType<typeof insertGroup> | ReturnType<typeof updateGroup>;
const decodeGroup = rowDecoder(getTableColumns(groups));

/**
 * Runs the row's write and the member statements as one batch. A unique-index violation is a taken displayName;
 * a version-checked write that touches no row means the group changed outside this object since it was read
 * (the member statements then do nothing either: they check the version the write would have set).
 */
async function write(
  db: Database,
  scope: DirectoryScope,
  record: GroupRecord,
  row: RowStatement,
  members: ChangeStatement[],
): Promise<Outcome<Written<GroupRow>>> {
  try {
    const { results, wake } = await batchWithWebhookCheck(db, scope.orgId, [row, ...members]);
    const first = results[0]?.[0];
    const written = first && decodeGroup(first);
    return written ? succeed({ value: written, wakeWebhook: wake }) : fail({ reason: "conflict" });
  } catch (error) {
    if (isUniqueViolation(error))
      return fail({ reason: "displayNameTaken", displayName: record.displayName });
    throw error;
  }
}
