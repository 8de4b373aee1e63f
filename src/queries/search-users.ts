// Lists a directory's users for GET /Users and POST /Users/.search: filter, sort and page in D1, then render.
import type { Database } from "../db/client";
import { compileFilter, orderBy } from "../db/filter-sql";
import { userFilterColumns } from "../db/user-columns";
import { type DirectoryScope, listUsers } from "../db/users";
import { parseFilter } from "../scim/filter/parse";
import { resolveSortBy } from "../scim/filter/sort";
import { cursorLinks, type ListQuery, type ListResponse, listResponse, pageWindow } from "../scim/list";
import { projector } from "../scim/projection";
import { renderResource } from "../scim/render";
import { userResourceType } from "../scim/schemas/resource-type";

export async function searchUsers(
  db: Database,
  scope: DirectoryScope,
  query: ListQuery,
  baseUrl: string,
): Promise<ListResponse<Record<string, unknown>>> {
  const filter = query.filter === undefined ? undefined : parseFilter(userResourceType, query.filter);
  const sortBy = query.sort && resolveSortBy(userResourceType, query.sort.by);
  const window = pageWindow(query);
  // One row more than the page tells cursor paging whether another page follows.
  const { rows, total } = await listUsers(db, scope, {
    where: filter && compileFilter(filter, userFilterColumns),
    sort: sortBy && query.sort && orderBy(sortBy, userFilterColumns, query.sort.order),
    limit: window.limit + 1,
    position: window.afterSeq === undefined ? { offset: window.offset } : { afterSeq: window.afterSeq },
  });
  const page = rows.slice(0, window.limit);
  const project = projector(userResourceType, query);
  const resources = page.map((row) => project(renderResource(userResourceType, row, baseUrl)));
  if (query.paging.method === "index") {
    return listResponse(resources, {
      method: "index",
      totalResults: total,
      startIndex: query.paging.startIndex,
    });
  }
  const links = cursorLinks(query, { hasMore: rows.length > window.limit, lastSeq: page.at(-1)?.seq });
  return listResponse(resources, { method: "cursor", totalResults: total, ...links });
}
