// Organisation admins: the people who can be chosen as transferee of deprovisioned users' workspaces.
import { and, asc, eq, exists, not, sql } from "drizzle-orm";
import type { Database } from "../client";
import { orgAdmins, workspaces } from "../schema";
import { type AdminResult, fail, notFound, ok } from "./outcome";
import { insertIntoOrganisation, listInOrganisation, unlessTaken } from "./scoped";
import { definedOnly } from "./statements";

export type OrgAdminRow = typeof orgAdmins.$inferSelect;

const inOrg = (orgId: string, adminId: string) => and(eq(orgAdmins.orgId, orgId), eq(orgAdmins.id, adminId));

export const listAdmins = (db: Database, orgId: string) =>
  listInOrganisation(
    db,
    orgId,
    db.select().from(orgAdmins).where(eq(orgAdmins.orgId, orgId)).orderBy(asc(orgAdmins.email)),
  );

export async function getAdmin(
  db: Database,
  orgId: string,
  adminId: string,
): Promise<AdminResult<OrgAdminRow>> {
  const [row] = await db.select().from(orgAdmins).where(inOrg(orgId, adminId)).limit(1);
  return row ? ok(row) : notFound("admin", adminId);
}

export const createAdmin = (db: Database, orgId: string, input: { email: string; name: string }, now: Date) =>
  insertIntoOrganisation(
    db,
    orgAdmins,
    { id: crypto.randomUUID(), orgId, ...input, createdAt: now.toISOString() },
    { field: "adminEmail", value: input.email },
  );

export function updateAdmin(
  db: Database,
  orgId: string,
  adminId: string,
  changes: { email?: string | undefined; name?: string | undefined },
): Promise<AdminResult<OrgAdminRow>> {
  const set = definedOnly(changes);
  if (Object.keys(set).length === 0) return getAdmin(db, orgId, adminId);
  return unlessTaken("adminEmail", changes.email, async () => {
    const [updated] = await db.update(orgAdmins).set(set).where(inOrg(orgId, adminId)).returning();
    return updated ? ok(updated) : notFound("admin", adminId);
  });
}

/**
 * A directory whose transferee this admin was keeps working without one (the foreign key sets it to null); an
 * admin who owns transferred workspaces stays, so that the workspaces keep an owner.
 */
export async function deleteAdmin(db: Database, orgId: string, adminId: string): Promise<AdminResult<null>> {
  const owned = db
    .select({ one: sql`1` })
    .from(workspaces)
    .where(and(eq(workspaces.orgId, orgId), eq(workspaces.ownerAdminId, adminId)));
  const [deleted] = await db
    .delete(orgAdmins)
    .where(and(inOrg(orgId, adminId), not(exists(owned))))
    .returning({ id: orgAdmins.id });
  if (deleted) return ok(null);
  const current = await getAdmin(db, orgId, adminId);
  return current.ok ? fail({ reason: "hasWorkspaces", resource: "admin", id: adminId }) : current;
}
