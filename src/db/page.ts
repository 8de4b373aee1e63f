// One page of a directory's resources (users or groups): filtered, sorted, positioned, and counted, as the two
// statements that one D1 batch runs. Both tables keep `seq` (creation order) and the directory scope the same way.
import { and, asc, count, eq, gt, type SQL } from "drizzle-orm";
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
    .select()
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
): Promise<{ rows: T["$inferSelect"][]; total: number }> {
  const { page, total } = pageStatements(db, table, scope, query);
  const [rows, totals] = await db.batch([page, total]);
  return { rows: rows as T["$inferSelect"][], total: totals[0]?.n ?? 0 };
}
