// Lists a directory's users for GET /Users and POST /Users/.search: filter, sort and page in D1, then render.
import type { Database } from "../db/client";
import type { UserGroupRow } from "../db/group-members";
import { userFilterColumns } from "../db/user-columns";
import { type DirectoryScope, listUsers } from "../db/users";
import type { CursorSeal } from "../scim/cursor";
import { type ListQuery, type ListResponse, listResponse, sealCursors } from "../scim/list";
import { projector } from "../scim/projection";
import { renderResource } from "../scim/render";
import { userResourceType } from "../scim/schemas/resource-type";
import { fetchResourcePage } from "./resource-page";
import { groupsByUser, showsGroups, withGroups } from "./user-groups";

export async function searchUsers(
  db: Database,
  scope: DirectoryScope,
  query: ListQuery,
  baseUrl: string,
  seal: CursorSeal,
): Promise<ListResponse<Record<string, unknown>>> {
  // Memberships of the whole page in the page's own batch, not one query per user nor a second round trip.
  let memberships: UserGroupRow[] = [];
  const page = await fetchResourcePage(userResourceType, userFilterColumns, query, async (q) => {
    const found = await listUsers(db, scope, q, showsGroups(query));
    memberships = found.memberships;
    return found;
  });
  const groups = groupsByUser(memberships, baseUrl);
  const project = projector(userResourceType, query);
  const resources = page.rows.map((row) =>
    project(withGroups(renderResource(userResourceType, row, baseUrl), groups)),
  );
  return listResponse(resources, await sealCursors(page.pageInfo(resources.length), seal));
}
