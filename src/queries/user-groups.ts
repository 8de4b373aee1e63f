// A user's read-only `groups` attribute (RFC 7643 §4.1.2), rendered from group_members joined to groups: read
// only when the selection returns it, and for a whole list page in one query.
import type { Database } from "../db/client";
import { groupsOfUsers, type UserGroupRow } from "../db/group-members";
import type { DirectoryScope } from "../db/users";
import { groupReference, selectedSubAttributes } from "../scim/members/render";
import { type AttributeSelection, projectResource } from "../scim/projection";
import { type RenderedResource, renderResource, type StoredResource } from "../scim/render";
import type { JsonObject } from "../scim/resource/json";
import { userResourceType } from "../scim/schemas/resource-type";

/** Whether the response shows `groups`: if not, memberships are never read. */
export const showsGroups = (selection: AttributeSelection): boolean =>
  selectedSubAttributes(userResourceType, "groups", selection) !== undefined;

/** Memberships as each user's `groups` values, by user id. */
export function groupsByUser(
  memberships: readonly UserGroupRow[],
  baseUrl: string,
): Map<string, JsonObject[]> {
  const byUser = new Map<string, JsonObject[]>();
  for (const row of memberships) {
    const list = byUser.get(row.userId) ?? [];
    byUser.set(row.userId, list);
    list.push(groupReference(row, baseUrl));
  }
  return byUser;
}

/** The rendered user with its groups (none: the attribute is left out, as unassigned attributes are). */
export function withGroups(user: RenderedResource, groups: Map<string, JsonObject[]> | undefined) {
  const list = groups?.get(user.id);
  if (!list || list.length === 0) return user;
  const { meta, ...attributes } = user;
  return { ...attributes, groups: list, meta };
}

/**
 * One user as a response body: rendered, with its groups, projected by the request's selection. `memberships`
 * already known (read with the user, or none for a user this request created) are not read again.
 */
export async function userDocument(
  db: Database,
  scope: DirectoryScope,
  row: StoredResource,
  selection: AttributeSelection,
  baseUrl: string,
  memberships?: readonly UserGroupRow[],
) {
  const groups = showsGroups(selection)
    ? groupsByUser(memberships ?? (await groupsOfUsers(db, scope, [row.id])), baseUrl)
    : undefined;
  const rendered = renderResource(userResourceType, row, baseUrl);
  return {
    location: rendered.meta.location,
    body: projectResource(userResourceType, withGroups(rendered, groups), selection),
  };
}
