// Lists of ids bound as one JSON parameter and unpacked with json_each, so that a statement binds the same few
// parameters whether it names one id or twenty thousand: D1's limit of 100 bound parameters per statement
// (platform-notes.md) never splits a change into several statements. The 1 MiB request body limit
// (src/http/limits.ts) keeps such a list far below D1's 2 MB limit on one value.
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/** `(SELECT value FROM json_each(?))`: the ids as a subquery, for `IN` and `NOT IN`. */
export const idList = (ids: readonly string[]): SQL =>
  sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export const inIdList = (column: SQLWrapper, ids: readonly string[]): SQL => sql`${column} IN ${idList(ids)}`;
