// Workspaces and seat accounting: seats used are counted from user-owned workspaces, and a seat is taken in the
// same statement that checks it, so concurrent creates can never oversubscribe a licence.
import { and, count, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { licences, users, workspaces } from "./schema";

/**
 * Seats a licence has in use: its workspaces that a provisioned user owns. A workspace transferred to an admin
 * keeps its data but frees the seat, so deprovisioning people frees seats. As a correlated SQL expression over
 * `licences`, written with an alias:
 * Drizzle leaves columns unqualified in single-table queries, which inside the sub-select would mean workspaces.
 */
export const seatsUsedSql = sql<number>`(SELECT count(*) FROM ${workspaces} w
  WHERE w.licence_id = ${licences}.id AND w.owner_user_id IS NOT NULL)`;

/**
 * Allocates a workspace to a user. The licence id is written through a sub-select that is NULL when the licence
 * has no free seat (or is not the organisation's), or when the user row is not at `userVersion` (the write the
 * same batch just made did not happen): the NOT NULL constraint then fails the statement and, in a batch, rolls
 * back everything else with it (isNoFreeSeat recognises the error).
 */
export function allocateWorkspace(
  db: Database,
  input: {
    orgId: string;
    licenceId: string;
    userId: string;
    userVersion: number;
    workspaceId: string;
    now: string;
  },
) {
  const { orgId, licenceId } = input;
  return db.insert(workspaces).values({
    id: input.workspaceId,
    orgId,
    ownerUserId: input.userId,
    createdAt: input.now,
    licenceId: sql`(SELECT l.id FROM ${licences} l WHERE l.id = ${licenceId} AND l.org_id = ${orgId}
      AND l.seats > (SELECT count(*) FROM ${workspaces} w WHERE w.licence_id = l.id AND w.owner_user_id IS NOT NULL)
      AND EXISTS (SELECT 1 FROM ${users} u WHERE u.id = ${input.userId} AND u.version = ${input.userVersion}))`,
  });
}

export const isNoFreeSeat = (error: unknown): boolean =>
  error instanceof Error &&
  /NOT NULL constraint failed: workspaces\.licence_id/i.test(`${error.message} ${String(error.cause ?? "")}`);

export async function licenceUsage(
  db: Database,
  orgId: string,
  licenceId: string,
): Promise<{ name: string; seats: number; used: number } | undefined> {
  const [row] = await db
    .select({ name: licences.name, seats: licences.seats, used: seatsUsedSql })
    .from(licences)
    .where(and(eq(licences.orgId, orgId), eq(licences.id, licenceId)))
    .limit(1);
  return row ? { ...row, used: Number(row.used) } : undefined;
}

export async function workspacesOfUser(db: Database, orgId: string, userId: string) {
  return db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.orgId, orgId), eq(workspaces.ownerUserId, userId)));
}

export async function countWorkspaces(db: Database, orgId: string, licenceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(workspaces)
    .where(and(eq(workspaces.orgId, orgId), eq(workspaces.licenceId, licenceId)));
  return row?.n ?? 0;
}
