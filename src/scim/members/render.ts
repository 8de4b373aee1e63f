// The two views of a membership: a group's `members` and a user's read-only `groups` (RFC 7643 §4.1.2, §4.2).
// Neither is in the stored documents; both are built from membership rows, so they can never disagree.
import { type AttributeSelection, projectResource } from "../projection";
import { resourceLocation } from "../render";
import { isObject, type JsonObject } from "../resource/json";
import {
  coreAttributes,
  groupResourceType,
  type ResourceTypeDef,
  userResourceType,
} from "../schemas/resource-type";

/** A member as storage reads it: the user's id and the names its `display` comes from. */
export interface MemberRow {
  userId: string;
  userName: string;
  displayName: string | null;
}

/** A membership as seen from the user: the group's id and name. */
export interface MembershipRow {
  groupId: string;
  displayName: string;
}

export function memberElement(row: MemberRow, baseUrl: string): JsonObject {
  return {
    value: row.userId,
    $ref: resourceLocation(userResourceType, baseUrl, row.userId),
    display: row.displayName ?? row.userName,
    type: "User",
  };
}

/** Memberships are direct only: groups are not nested here, so there is nothing "indirect" to report. */
export function groupReference(row: MembershipRow, baseUrl: string): JsonObject {
  return {
    value: row.groupId,
    $ref: resourceLocation(groupResourceType, baseUrl, row.groupId),
    display: row.displayName,
    type: "direct",
  };
}

/**
 * Which sub-attributes of a multi-valued attribute kept outside the stored document (`members`, `groups`) a
 * selection returns, in schema order; undefined when it returns the attribute not at all, in which case the
 * caller must not read the memberships. Decided by projecting one element that has every sub-attribute, so
 * the rules are exactly those of projection.ts.
 */
export function selectedSubAttributes(
  type: ResourceTypeDef,
  name: string,
  selection: AttributeSelection,
): string[] | undefined {
  const attribute = coreAttributes(type).find((a) => a.name === name);
  if (!attribute?.subAttributes) throw new Error(`${type.name}.${name} is not a complex attribute`);
  const element = Object.fromEntries(attribute.subAttributes.map((sub) => [sub.name, "x"]));
  const projected = projectResource(type, { [name]: [element] }, selection)[name];
  const first = Array.isArray(projected) ? projected[0] : undefined;
  return isObject(first) ? Object.keys(first) : undefined;
}

/** The element with only the selected sub-attributes, in the order given. */
export function pick(element: Readonly<JsonObject>, keys: readonly string[]): JsonObject {
  return Object.fromEntries(
    keys.filter((key) => element[key] !== undefined).map((key) => [key, element[key]]),
  );
}
