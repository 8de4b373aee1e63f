// Workspaces and seat accounting: a seat is taken by a conditional UPDATE in the same batch as the workspace, so
// concurrent creates can never oversubscribe a licence and a create costs the same whatever the licence's size.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type Bound, bound, compileOnce } from "./compiled";
import { licences, users, workspaces } from "./schema";

/**
 * Allocates a workspace to a user: two statements for the caller's batch. The first takes a seat with a
 * conditional UPDATE — only if one is free, the licence is the organisation's, and the user row is at
 * `userVersion` (the write the same batch just made happened). The second inserts the workspace with its licence
 * id written through a sub-select that is NULL unless the first changed a row: the NOT NULL constraint then
 * fails and rolls the whole batch back (isNoFreeSeat recognises the error). SQLite runs one write at a time, so
 * concurrent creates cannot both take the last seat.
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
): [Bound, Bound] {
  return [bound(takeSeatStatement(db), input), bound(insertWorkspaceStatement(db), input)];
}

// Every create and reactivation writes these: compiled once (src/db/compiled.ts).
const takeSeatStatement = compileOnce((db: Database) =>
  db
    .update(licences)
    .set({ seatsUsed: sql`${licences.seatsUsed} + 1` })
    .where(
      and(
        eq(licences.id, sql.placeholder("licenceId")),
        eq(licences.orgId, sql.placeholder("orgId")),
        sql`${licences.seatsUsed} < ${licences.seats}`,
        sql`EXISTS (SELECT 1 FROM ${users} u WHERE u.id = ${sql.placeholder("userId")}
          AND u.version = ${sql.placeholder("userVersion")})`,
      ),
    ),
);
const insertWorkspaceStatement = compileOnce((db: Database) =>
  db.insert(workspaces).values({
    id: sql.placeholder("workspaceId"),
    orgId: sql.placeholder("orgId"),
    ownerUserId: sql.placeholder("userId"),
    createdAt: sql.placeholder("now"),
    // changes() is the row count of the batch's previous statement: the seat taken, or not.
    licenceId: sql`(SELECT l.id FROM ${licences} l WHERE l.id = ${sql.placeholder("licenceId")} AND changes() = 1)`,
  }),
);

export const isNoFreeSeat = (error: unknown): boolean =>
  error instanceof Error &&
  /NOT NULL constraint failed: workspaces\.licence_id/i.test(`${error.message} ${String(error.cause ?? "")}`);

export async function licenceUsage(
  db: Database,
  orgId: string,
  licenceId: string,
): Promise<{ name: string; seats: number; used: number } | undefined> {
  const [row] = await db
    .select({ name: licences.name, seats: licences.seats, used: licences.seatsUsed })
    .from(licences)
    .where(and(eq(licences.orgId, orgId), eq(licences.id, licenceId)))
    .limit(1);
  return row ? { ...row, used: Number(row.used) } : undefined;
}
