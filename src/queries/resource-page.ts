// What listing users and listing groups share: filter and sortBy compiled against the type's columns, the page
// window (RFC 7644 §3.4.2.4, RFC 9865), and the paging fields of the ListResponse.
import type { FilterColumns } from "../db/filter-sql";
import { compileFilter, orderBy } from "../db/filter-sql";
import type { PageQuery } from "../db/page";
import { parseFilter } from "../scim/filter/parse";
import { resolveSortBy } from "../scim/filter/sort";
import { cursorLinks, type ListQuery, type PageInfo, pageWindow } from "../scim/list";
import type { ResourceTypeDef } from "../scim/schemas/resource-type";

export interface ResourcePage<Row> {
  /** At most `count` rows, in list order. */
  rows: Row[];
  total: number;
  /**
   * The paging fields for a response that holds the first `served` of `rows` (a server may return fewer
   * resources than asked, RFC 7644 §3.4.2.4): the next page then starts right after the last one served.
   */
  pageInfo(served: number): PageInfo;
}

export async function fetchResourcePage<Row extends { seq: number }>(
  type: ResourceTypeDef,
  columns: FilterColumns,
  query: ListQuery,
  fetch: (page: PageQuery) => Promise<{ rows: Row[]; total: number }>,
): Promise<ResourcePage<Row>> {
  const filter = query.filter === undefined ? undefined : parseFilter(type, query.filter);
  const sortBy = query.sort && resolveSortBy(type, query.sort.by);
  const window = pageWindow(query);
  // One row more than the page tells cursor paging whether another page follows.
  const { rows, total } = await fetch({
    where: filter && compileFilter(filter, columns),
    sort: sortBy && query.sort && orderBy(sortBy, columns, query.sort.order),
    limit: window.limit + 1,
    position: window.afterSeq === undefined ? { offset: window.offset } : { afterSeq: window.afterSeq },
  });
  const page = rows.slice(0, window.limit);
  return {
    rows: page,
    total,
    pageInfo(served) {
      if (query.paging.method === "index") {
        return { method: "index", totalResults: total, startIndex: query.paging.startIndex };
      }
      const shortened = served < page.length ? { ...query, count: served } : query;
      const links = cursorLinks(shortened, { hasMore: rows.length > served, lastSeq: page[served - 1]?.seq });
      return { method: "cursor", totalResults: total, ...links };
    },
  };
}
