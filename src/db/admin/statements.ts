// Building blocks of conditional writes: D1 has no read-then-write transaction, so a write that depends on other
// rows carries the condition itself and RETURNING tells whether it happened (platform-notes: D1).
import { and, eq, exists, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../client";
import { directories, licences, orgAdmins, organisations, verifiedDomains } from "../schema";

/**
 * `INSERT INTO table (every column) SELECT <row> WHERE <condition>`: one statement that writes the row only if
 * the condition holds. Every column is given, in the table's order, encoded as Drizzle would encode it.
 */
export function insertWhere<T extends SQLiteTable>(
  db: Database,
  table: T,
  row: T["$inferSelect"],
  condition: SQL | undefined,
) {
  const values = Object.entries(getTableColumns(table)).map(([key, column]) =>
    sql.param((row as Record<string, unknown>)[key] ?? null, column),
  );
  const select = sql`select ${sql.join(values, sql`, `)} where ${condition ?? sql`1`}`;
  return db.insert(table).select(select).returning();
}

const one = sql`1`;

/** SQLite's insertion order, to break ties between rows created in the same millisecond. */
export const rowid = (table: SQLiteTable) => sql`${table}.rowid`;

export const organisationExists = (db: Database, orgId: string) =>
  exists(db.select({ one }).from(organisations).where(eq(organisations.id, orgId)));

export const hasVerifiedDomain = (db: Database, orgId: string) =>
  exists(db.select({ one }).from(verifiedDomains).where(eq(verifiedDomains.orgId, orgId)));

export const hasEnabledDirectory = (db: Database, orgId: string) =>
  exists(
    db
      .select({ one })
      .from(directories)
      .where(and(eq(directories.orgId, orgId), eq(directories.enabled, true))),
  );

/** Tables whose rows an organisation owns, by id. */
type Owned = typeof licences | typeof orgAdmins | typeof directories;

/** The row `id` of `table` exists and is the organisation's (a foreign key alone would accept anyone's). */
export const ownedBy = (db: Database, table: Owned, orgId: string, id: string) =>
  exists(
    db
      .select({ one })
      .from(table)
      .where(and(eq(table.orgId, orgId), eq(table.id, id))),
  );

export const licenceInOrganisation = (db: Database, orgId: string, licenceId: string) =>
  ownedBy(db, licences, orgId, licenceId);
export const adminInOrganisation = (db: Database, orgId: string, adminId: string) =>
  ownedBy(db, orgAdmins, orgId, adminId);
export const directoryInOrganisation = (db: Database, orgId: string, directoryId: string) =>
  ownedBy(db, directories, orgId, directoryId);

/** One round trip that says whether the organisation exists, for lists that would otherwise just be empty. */
export const findOrganisation = (db: Database, orgId: string) =>
  db
    .select({ id: organisations.id, slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .limit(1);

/** The fields of a partial update that were given; `undefined` means "leave as it is". */
export function definedOnly<T extends Record<string, unknown>>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
