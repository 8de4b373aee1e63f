// How the users table serves filters and sorting: which SCIM attributes are columns (src/db/schema.ts).
import type { FilterColumns } from "./filter-sql";
import { users } from "./schema";

/**
 * Columns win over the documents: userName compares through user_name_key (fold(userName), unique index), and
 * `userName eq`, `externalId eq` and `id eq` compile to plain `column = ?` so those indexes serve IdPs' lookups.
 */
export const userFilterColumns: FilterColumns = {
  resource: users.resource,
  search: users.search,
  columns: {
    id: { kind: "column", expr: users.id },
    externalId: { kind: "column", expr: users.externalId },
    userName: { kind: "column", expr: users.userNameKey, folded: true },
    active: { kind: "column", expr: users.active },
    "meta.created": { kind: "column", expr: users.createdAt },
    "meta.lastModified": { kind: "column", expr: users.updatedAt },
    "meta.resourceType": { kind: "constant", value: "User" },
  },
  // Not in `resource`: id and meta are columns, groups come from group memberships, not yet filterable.
  external: ["id", "meta", "groups"],
};
