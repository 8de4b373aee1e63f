// PATCH on a group (RFC 7644 §3.5.2): operations on `members` become a membership delta that storage applies
// row by row; the others go through the generic PATCH engine on the stored resource, which never holds members.
import { invalidFilter, mutability, ScimError } from "../errors";
import type { Filter } from "../filter/ast";
import { applyPatch } from "../patch/apply";
import type { PatchOperation } from "../patch/operation";
import { type PatchPath, parsePatchPath } from "../patch/path";
import { removeWithValue } from "../patch/remove";
import { isObject, type JsonObject } from "../resource/json";
import { isSchemasKey } from "../resource/keys";
import { groupResourceType } from "../schemas/resource-type";
import { type MemberDelta, MemberDeltaBuilder } from "./delta";
import { MEMBERS, memberIds } from "./ids";

/** An operation on the group's own attributes, with its place in the request for error details. */
export interface ResourceOperation {
  index: number;
  operation: PatchOperation;
}

export interface GroupPatchPlan {
  resourceOperations: ResourceOperation[];
  members: MemberDelta;
}

type MembersPath = Extract<PatchPath, { kind: "attribute" }>;

/** The path when it names `members` (plain, URN-qualified or filtered); anything else is left to the engine. */
function membersPath(text: string): MembersPath | undefined {
  try {
    const path = parsePatchPath(groupResourceType, text);
    return path.kind === "attribute" && !path.target.extension && path.target.attribute.name === MEMBERS
      ? path
      : undefined;
  } catch (error) {
    if (error instanceof ScimError) return undefined; // the engine reports it, with the same detail
    throw error;
  }
}

/**
 * Splits a group PATCH. Needs no stored state: what members to add, remove or set follows from the request alone,
 * so the plan is made before the group's Durable Object is called. Reads canonical SCIM (src/scim/normalise has
 * rewritten the IdPs' dialects): `add` with a value array, `remove` by `members[value eq "…"]` (or several joined
 * by `or`), `remove` of all members, `replace` of members, and path-less values holding `members` beside other
 * attributes.
 */
export function planGroupPatch(operations: readonly PatchOperation[]): GroupPatchPlan {
  const members = new MemberDeltaBuilder();
  const resourceOperations: ResourceOperation[] = [];
  operations.forEach((operation, index) => {
    try {
      const rest = planOperation(operation, members);
      if (rest) resourceOperations.push({ index, operation: rest });
    } catch (error) {
      throw located(error, index);
    }
  });
  return { resourceOperations, members: members.build() };
}

/** Records what `operation` does to members; returns what is left of it for the resource, if anything. */
function planOperation(operation: PatchOperation, members: MemberDeltaBuilder): PatchOperation | undefined {
  if (operation.path !== undefined) {
    const path = membersPath(operation.path);
    if (!path) return operation;
    applyToMembers(operation.op, path, operation.value, members);
    return undefined;
  }
  if (operation.op === "remove" || !isObject(operation.value)) return operation;
  const rest: JsonObject = {};
  let found = false;
  for (const [key, value] of Object.entries(operation.value)) {
    const path = isSchemasKey(key) ? undefined : membersPath(key);
    if (path) {
      found = true;
      applyToMembers(operation.op, path, value, members);
    } else rest[key] = value;
  }
  return found && Object.keys(rest).length === 0 ? undefined : { ...operation, value: rest };
}

function applyToMembers(
  op: PatchOperation["op"],
  path: MembersPath,
  raw: unknown,
  members: MemberDeltaBuilder,
) {
  // RFC 7643 §4.2: "sub-attributes of members are immutable"; a member is added or removed, never edited.
  if (path.sub || (path.filter && op !== "remove")) {
    throw mutability(`'${path.label}' cannot be changed: add or remove the member instead`);
  }
  if (path.filter) return members.remove(filteredIds(path.filter, path.label));
  switch (op) {
    case "add":
      return members.add(memberIds(raw, path.label));
    case "replace":
      return members.replace(memberIds(raw, path.label));
    case "remove":
      // Without a value every member goes (§3.5.2.2).
      if (raw === undefined || raw === null) return members.replace([]);
      throw removeWithValue(path.label);
  }
}

/**
 * The ids a member filter names: `value eq "…"`, or several joined by `or`. Other filters would need every
 * member read to evaluate, which a group of 100,000 cannot afford on each change, and no IdP sends them.
 */
function filteredIds(filter: Filter, label: string): string[] {
  const ids = (f: Filter): string[] | undefined => {
    if (f.op === "eq") {
      return f.attr.subAttribute?.name === "value" && typeof f.value === "string" ? [f.value] : undefined;
    }
    if (f.op !== "or") return undefined;
    const parts = f.filters.map(ids);
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  };
  const found = ids(filter);
  if (!found) {
    throw invalidFilter(`'${label}': members are selected by id only, as members[value eq "<user id>"]`);
  }
  return found;
}

/**
 * Applies the resource operations of a plan to the stored group (which holds no members), one at a time so that
 * an error names the operation's place in the request. Throws a ScimError; the input is never modified.
 */
export function applyResourceOperations(
  resource: Readonly<JsonObject>,
  operations: readonly ResourceOperation[],
): JsonObject {
  let current: JsonObject = { ...resource };
  for (const { index, operation } of operations) {
    try {
      current = applyPatch(groupResourceType, current, [operation]);
    } catch (error) {
      throw located(unlocated(error), index);
    }
  }
  return current;
}

/** applyPatch prefixes errors with their place in the list it was given; here that list has one operation. */
function unlocated(error: unknown): unknown {
  if (!(error instanceof ScimError) || !error.scimType) return error;
  return ScimError.typed(error.scimType, error.detail.replace(/^Operations\[0\]: /, ""));
}

function located(error: unknown, index: number): unknown {
  if (error instanceof ScimError && error.scimType) {
    return ScimError.typed(error.scimType, `Operations[${index}]: ${error.detail}`);
  }
  return error;
}
