// What every administration read and write shares: a list under a parent that may not exist (404, not an
// empty list), and a unique-index violation reported as the value that is taken.
import { and, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchRows, Database } from "../client";
import { directories } from "../schema";
import { isUniqueViolation } from "../users";
import { type AdminResult, fail, notFound, ok, type UniqueField } from "./outcome";
import { findOrganisation, insertWhere, organisationExists } from "./statements";

/** Runs `query` with, in the same round trip, the check that the organisation exists. */
export async function listInOrganisation<Q extends BatchItem<"sqlite">>(
  db: Database,
  orgId: string,
  query: Q,
): Promise<AdminResult<BatchRows<Q>>> {
  const [org, rows] = await db.batch([findOrganisation(db, orgId), query]);
  return org.length > 0 ? ok(rows as BatchRows<Q>) : notFound("organisation", orgId);
}

/** Runs `query` with, in the same round trip, the check that the directory is the organisation's. */
export async function listInDirectory<Q extends BatchItem<"sqlite">>(
  db: Database,
  scope: { orgId: string; directoryId: string },
  query: Q,
): Promise<AdminResult<BatchRows<Q>>> {
  const [found, rows] = await db.batch([directoryOf(db, scope), query]);
  return found.length > 0 ? ok(rows as BatchRows<Q>) : notFound("directory", scope.directoryId);
}

/** The directory's id if it is the organisation's: the existence check of a batch. */
export const directoryOf = (db: Database, scope: { orgId: string; directoryId: string }) =>
  db
    .select({ id: directories.id })
    .from(directories)
    .where(and(eq(directories.orgId, scope.orgId), eq(directories.id, scope.directoryId)));

/** Runs a write; a unique-index violation becomes "`value` of `field` is taken" (409), anything else is thrown. */
export async function unlessTaken<T>(
  field: UniqueField,
  value: string | undefined,
  write: () => Promise<AdminResult<T>>,
): Promise<AdminResult<T>> {
  try {
    return await write();
  } catch (error) {
    if (value !== undefined && isUniqueViolation(error)) return fail({ reason: "taken", field, value });
    throw error;
  }
}

/** Inserts a row the organisation owns: 404 if there is no such organisation, 409 if `taken.field` is taken. */
export function insertIntoOrganisation<T extends SQLiteTable>(
  db: Database,
  table: T,
  row: T["$inferSelect"] & { orgId: string },
  taken: { field: UniqueField; value: string },
): Promise<AdminResult<T["$inferSelect"]>> {
  return unlessTaken(taken.field, taken.value, async () => {
    const [created] = await insertWhere(db, table, row, organisationExists(db, row.orgId));
    return created ? ok(created) : notFound("organisation", row.orgId);
  });
}
