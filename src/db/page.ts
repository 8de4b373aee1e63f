// One page of a directory's resources (users or groups): filtered, sorted, positioned, and counted, as the two
// statements that one D1 batch runs. Both tables keep `seq` (creation order) and the directory scope the same way.
import { and, asc, count, eq, getTableColumns, gt, type SQL } from "drizzle-orm";
import type { Database } from "./client";
import { directories, type groups, users } from "./schema";
import type { DirectoryScope } from "./users";

export interface PageQuery {
  where?: SQL;
  /** ORDER BY term for sortBy; ties, and lists without one, follow creation order. */
  sort?: SQL;
  limit: number;
  /** Index paging skips `offset` rows; keyset (cursor) paging starts after the row with sequence `afterSeq`. */
  position: { offset: number } | { afterSeq: number };
}

type PagedTable = typeof users | typeof groups;

/**
 * A row as a list returns it. A user's search document (src/scim/fold.ts) is as large as its resource and only
 * filters read it: a page of users leaves it in D1 (half the bytes D1 hands back and the Worker converts).
 */
export type ListedRow<T extends PagedTable> = T extends typeof users
  ? Omit<T["$inferSelect"], "search">
  : T["$inferSelect"];

/** The user columns a read selects: all but `search`. */
export function listedUserColumns() {
  const { search: _search, ...columns } = getTableColumns(users);
  return columns;
}

/**
 * The statements behind one page: the rows, and the count of all matches (exported for query-plan tests). An
 * unfiltered list (an IdP's import walk) reads the directory's counter instead of counting every row per page.
 */
export function pageStatements<T extends PagedTable>(
  db: Database,
  table: T,
  scope: DirectoryScope,
  query: PageQuery,
) {
  // The tables differ in their other columns only; seq, org_id and directory_id are alike in both.
  const t = table as typeof users;
  const inScope = and(eq(t.orgId, scope.orgId), eq(t.directoryId, scope.directoryId));
  const filtered = query.where ? and(inScope, query.where) : inScope;
  const pageWhere =
    "afterSeq" in query.position ? and(filtered, gt(t.seq, query.position.afterSeq)) : filtered;
  // seq breaks ties, so that pages never overlap or skip.
  const order = query.sort ? [query.sort, asc(t.seq)] : [asc(t.seq)];
  const page = db
    .select(table === users ? listedUserColumns() : getTableColumns(t))
    .from(t)
    .where(pageWhere)
    .orderBy(...order)
    .limit(query.limit)
    .offset("offset" in query.position ? query.position.offset : 0);
  const counter = table === users ? directories.userCount : directories.groupCount;
  const total = query.where
    ? db.select({ n: count() }).from(t).where(filtered)
    : db
        .select({ n: counter })
        .from(directories)
        .where(and(eq(directories.orgId, scope.orgId), eq(directories.id, scope.directoryId)));
  return { page, total };
}

export async function listPage<T extends PagedTable>(
  db: Database,
  table: T,
  scope: DirectoryScope,
  query: PageQuery,
): Promise<{ rows: ListedRow<T>[]; total: number }> {
  const { page, total } = pageStatements(db, table, scope, query);
  const [rows, totals] = await db.batch([page, total]);
  return { rows: rows as unknown as ListedRow<T>[], total: totals[0]?.n ?? 0 };
}
