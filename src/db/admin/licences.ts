// Licences: a number of workspace seats, and the seats in use (a counter the lifecycle keeps in its batches).
import { and, asc, eq, lte } from "drizzle-orm";
import type { Database } from "../client";
import { licences } from "../schema";
import { type AdminResult, fail, notFound, ok } from "./outcome";
import { insertIntoOrganisation, listInOrganisation, unlessTaken } from "./scoped";
import { definedOnly } from "./statements";

/** A licence; `seatsUsed` is kept by the lifecycle in the batches that allocate and transfer workspaces. */
export type LicenceRow = typeof licences.$inferSelect;

const inOrg = (orgId: string, licenceId: string) =>
  and(eq(licences.orgId, orgId), eq(licences.id, licenceId));

export const listLicences = (db: Database, orgId: string) =>
  listInOrganisation(
    db,
    orgId,
    db.select().from(licences).where(eq(licences.orgId, orgId)).orderBy(asc(licences.name)),
  );

export async function getLicence(
  db: Database,
  orgId: string,
  licenceId: string,
): Promise<AdminResult<LicenceRow>> {
  const [row] = await db.select().from(licences).where(inOrg(orgId, licenceId)).limit(1);
  return row ? ok(row) : notFound("licence", licenceId);
}

export async function createLicence(
  db: Database,
  orgId: string,
  input: { name: string; seats: number },
  now: Date,
): Promise<AdminResult<LicenceRow>> {
  // A new licence has no workspaces yet.
  const row = { id: crypto.randomUUID(), orgId, ...input, seatsUsed: 0, createdAt: now.toISOString() };
  const created = await insertIntoOrganisation(db, licences, row, {
    field: "licenceName",
    value: input.name,
  });
  return created;
}

/** Seats can be lowered down to the seats in use, not below: the check is part of the UPDATE. */
export async function updateLicence(
  db: Database,
  orgId: string,
  licenceId: string,
  changes: { name?: string | undefined; seats?: number | undefined },
): Promise<AdminResult<LicenceRow>> {
  const set = definedOnly(changes);
  if (Object.keys(set).length === 0) return getLicence(db, orgId, licenceId);
  const seatsFit = changes.seats === undefined ? undefined : lte(licences.seatsUsed, changes.seats);
  return unlessTaken("licenceName", changes.name, async () => {
    const [updated] = await db
      .update(licences)
      .set(set)
      .where(and(inOrg(orgId, licenceId), seatsFit))
      .returning({ id: licences.id });
    const current = await getLicence(db, orgId, licenceId);
    if (updated || !current.ok || changes.seats === undefined) return current;
    return fail({ reason: "seatsBelowUse", seats: changes.seats, used: current.value.seatsUsed });
  });
}

/** A licence with workspaces stays: they would lose the licence they were allocated from. */
export async function deleteLicence(
  db: Database,
  orgId: string,
  licenceId: string,
): Promise<AdminResult<null>> {
  const [deleted] = await db
    .delete(licences)
    .where(and(inOrg(orgId, licenceId), eq(licences.seatsUsed, 0)))
    .returning({ id: licences.id });
  if (deleted) return ok(null);
  const current = await getLicence(db, orgId, licenceId);
  return current.ok ? fail({ reason: "hasWorkspaces", resource: "licence", id: licenceId }) : current;
}
