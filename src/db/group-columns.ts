// How the groups table serves filters and sorting: which SCIM attributes are columns (src/db/schema.ts).
import type { FilterColumns } from "./filter-sql";
import { groups } from "./schema";

/**
 * displayName compares through display_name_key (fold(displayName), unique index), so Entra's existence check
 * `displayName eq "…"` is one index search; `externalId eq` and `id eq` use their indexes too.
 */
export const groupFilterColumns: FilterColumns = {
  resource: groups.resource,
  search: groups.search,
  columns: {
    id: { kind: "column", expr: groups.id },
    externalId: { kind: "column", expr: groups.externalId },
    displayName: { kind: "column", expr: groups.displayNameKey, folded: true },
    "meta.created": { kind: "column", expr: groups.createdAt },
    "meta.lastModified": { kind: "column", expr: groups.updatedAt },
    "meta.resourceType": { kind: "constant", value: "Group" },
  },
  // Not in `resource`: id and meta are columns; members live in group_members and are not filterable yet.
  external: ["id", "meta", "members"],
};
