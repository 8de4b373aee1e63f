// One page of a directory's resources (users or groups): filtered, sorted, positioned, and counted, as the
// statements that one D1 batch runs. Both tables keep `seq` (creation order) and the directory scope the same way.
// The statements are compiled once per shape of query (the filter's and the sort's SQL text, the kind of paging)
// and then only bound: an IdP asks the same few shapes thousands of times with other values.
import { and, asc, count, eq, getTableColumns, getTableName, gt, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type Compiled, compiled, prepared, rowDecoder, SCOPE, toQuery, type Values } from "./compiled";
import type { CompiledFilter } from "./filter-sql";
import { directories, groups, users } from "./schema";
import type { DirectoryScope } from "./users";

export interface PageQuery {
  where?: CompiledFilter;
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

const listedColumns = (table: PagedTable) =>
  table === users ? listedUserColumns() : getTableColumns(table as typeof groups);

/** A statement that joins a page's batch, given the ids of the page's rows as a subquery. */
export type Related = (db: Database, pageIds: SQL) => { toSQL(): { sql: string; params: unknown[] } };

/**
 * The statements behind one page, with placeholders for every value (pageValues): the rows, and the count of
 * all matches (exported for query-plan tests). An unfiltered list (an IdP's import walk) reads the directory's
 * counter instead of counting every row per page.
 */
export function pageStatements<T extends PagedTable>(db: Database, table: T, query: PageQuery) {
  // The tables differ in their other columns only; seq, org_id and directory_id are alike in both.
  const t = table as typeof users;
  const inScope = and(eq(t.orgId, SCOPE.orgId), eq(t.directoryId, SCOPE.directoryId));
  const filtered = query.where ? and(inScope, query.where.condition) : inScope;
  const keyset = "afterSeq" in query.position;
  const pageWhere = keyset ? and(filtered, gt(t.seq, sql.placeholder("afterSeq"))) : filtered;
  // seq breaks ties, so that pages never overlap or skip.
  const order = query.sort ? [query.sort, asc(t.seq)] : [asc(t.seq)];
  const page = db
    .select(listedColumns(table))
    .from(t)
    .where(pageWhere)
    .orderBy(...order)
    .limit(sql.placeholder("limit"))
    .offset(keyset ? 0 : sql.placeholder("offset"));
  const counter = table === users ? directories.userCount : directories.groupCount;
  const total = query.where
    ? db.select({ n: count() }).from(t).where(filtered)
    : db
        .select({ n: counter })
        .from(directories)
        .where(and(eq(directories.orgId, SCOPE.orgId), eq(directories.id, SCOPE.directoryId)));
  return { page, total };
}

/** What the placeholders of pageStatements stand for. */
export const pageValues = (scope: DirectoryScope, query: PageQuery): Values => ({
  ...query.where?.values,
  orgId: scope.orgId,
  directoryId: scope.directoryId,
  limit: query.limit,
  ...query.position,
});

interface CompiledPage {
  page: Compiled;
  total: Compiled;
  related: Compiled | undefined;
}

/**
 * Shapes seen by this isolate, least recently used first. An IdP uses a handful; the bound keeps a client sending
 * endless shapes in check (an `ew` suffix of each length is a shape of its own).
 */
export const SHAPES_MAX = 200;
const shapes = new Map<string, CompiledPage>();

/** How many shapes this isolate keeps compiled (tests check the bound). */
export const shapesKept = (): number => shapes.size;

/** What decides a page's SQL text: everything but the values its placeholders stand for. */
function shapeOf(table: PagedTable, query: PageQuery, related: string | undefined): string {
  const where = query.where && toQuery(query.where.condition);
  const sort = query.sort && toQuery(query.sort);
  const keyset = "afterSeq" in query.position;
  return JSON.stringify([getTableName(table), where, sort, keyset, related]);
}

function compiledPage(
  db: Database,
  table: PagedTable,
  query: PageQuery,
  related: { name: string; statement: Related } | undefined,
): CompiledPage {
  const shape = shapeOf(table, query, related?.name);
  const known = shapes.get(shape);
  if (known) {
    shapes.delete(shape);
    shapes.set(shape, known);
    return known;
  }
  const { page, total } = pageStatements(db, table, query);
  const pageIds = sql`(SELECT p.id FROM ${page.as("p")})`;
  const fresh = {
    page: compiled(page.toSQL()),
    total: compiled(total.toSQL()),
    related: related && compiled(related.statement(db, pageIds).toSQL()),
  };
  const leastRecent = shapes.keys().next().value;
  if (shapes.size >= SHAPES_MAX && leastRecent !== undefined) shapes.delete(leastRecent);
  shapes.set(shape, fresh);
  return fresh;
}

const decodeUser = rowDecoder(listedColumns(users));
const decodeGroup = rowDecoder(listedColumns(groups));

/** A count, whatever name SQLite gave its column. */
const firstValue = (rows: Record<string, unknown>[]) => Number(Object.values(rows[0] ?? {})[0] ?? 0);

/**
 * One page and its count in one batch, and, if asked, one more statement about the page's rows (a user page's
 * groups) in the same batch instead of a second round trip once the page is known.
 */
export async function listPage<T extends PagedTable>(
  db: Database,
  table: T,
  scope: DirectoryScope,
  query: PageQuery,
  related?: { name: string; statement: Related },
): Promise<{ rows: ListedRow<T>[]; total: number; related: Record<string, unknown>[] }> {
  const statements = compiledPage(db, table, query, related);
  const values = pageValues(scope, query);
  const batch = [statements.page, statements.total, ...(statements.related ? [statements.related] : [])];
  const [rows, totals, relatedRows] = await db.$client.batch<Record<string, unknown>>(
    batch.map((statement) => prepared(db.$client, statement, values)),
  );
  const decode = table === users ? decodeUser : decodeGroup;
  return {
    rows: (rows?.results ?? []).map(decode) as ListedRow<T>[],
    total: firstValue(totals?.results ?? []),
    related: relatedRows?.results ?? [],
  };
}
