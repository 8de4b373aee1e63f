// Workspace transfers: recorded with the deactivation that causes them, moved once, with a visible state.
import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { recordEvents } from "./events";
import { directories, licences, orgAdmins, transfers, users, workspaces } from "./schema";

export type TransferRow = typeof transfers.$inferSelect;

/**
 * Records a pending transfer of the workspaces the user owns now. It is written only if the user row is at
 * `userVersion` (the version the same batch just wrote, or the row about to be deleted): otherwise the NOT NULL
 * user_id fails and the batch rolls back, so a transfer never exists without its deactivation.
 */
export function recordTransfer(
  db: Database,
  input: {
    transferId: string;
    orgId: string;
    directoryId: string;
    userId: string;
    userName: string;
    userVersion: number;
    now: string;
  },
) {
  const { orgId, userId } = input;
  return db.insert(transfers).values({
    id: input.transferId,
    orgId,
    directoryId: input.directoryId,
    userId: sql`(SELECT ${users.id} FROM ${users} WHERE ${users.id} = ${userId} AND ${users.orgId} = ${orgId}
      AND ${users.version} = ${input.userVersion})`,
    userName: input.userName,
    workspaceIds: sql`(SELECT json_group_array(${workspaces.id}) FROM ${workspaces}
      WHERE ${workspaces.orgId} = ${orgId} AND ${workspaces.ownerUserId} = ${userId})`,
    state: "pending",
    createdAt: input.now,
    updatedAt: input.now,
  });
}

export async function getTransfer(
  db: Database,
  orgId: string,
  transferId: string,
): Promise<TransferRow | undefined> {
  const [row] = await db
    .select()
    .from(transfers)
    .where(and(eq(transfers.orgId, orgId), eq(transfers.id, transferId)))
    .limit(1);
  return row;
}

/** The directory's transferee, if one is set and is still an admin of the organisation. */
export async function currentTransferee(
  db: Database,
  orgId: string,
  directoryId: string,
): Promise<{ directoryFound: boolean; adminId: string | null; adminExists: boolean }> {
  const [row] = await db
    .select({ adminId: directories.transfereeAdminId, existing: orgAdmins.id })
    .from(directories)
    .leftJoin(orgAdmins, and(eq(orgAdmins.id, directories.transfereeAdminId), eq(orgAdmins.orgId, orgId)))
    .where(and(eq(directories.orgId, orgId), eq(directories.id, directoryId)))
    .limit(1);
  return {
    directoryFound: row !== undefined,
    adminId: row?.adminId ?? null,
    adminExists: Boolean(row?.existing),
  };
}

/**
 * Moves the recorded workspaces that the user still owns to the admin, and marks the transfer done, in one
 * batch. A workspace already moved, or allocated after the deactivation, is not touched: a second delivery
 * moves nothing, and a reactivated user keeps its new workspace.
 */
export function completeTransfer(db: Database, transfer: TransferRow, adminId: string, now: string) {
  const recorded = JSON.stringify(transfer.workspaceIds);
  // The recorded workspaces the user still owns: the ones that move, their events, and the seats they free.
  const movingWorkspaces = sql`${workspaces.orgId} = ${transfer.orgId} AND ${workspaces.ownerUserId} = ${transfer.userId}
    AND ${workspaces.id} IN (SELECT value FROM json_each(${recorded}))`;
  // Counted before the move, per licence, in the same batch.
  const moving = (licence: SQL) =>
    sql`(SELECT count(*) FROM ${workspaces} WHERE ${movingWorkspaces} AND ${workspaces.licenceId} = ${licence})`;
  const data = sql`json_object('workspace', json_object('id', ${workspaces.id}, 'licenceId', ${workspaces.licenceId}),
    'from', json_object('userId', ${transfer.userId}, 'userName', ${transfer.userName}),
    'to', json_object('adminId', ${adminId}), 'transferId', ${transfer.id})`;
  return [
    // One workspace.transferred event per workspace that really moves, selected before the move.
    recordEvents(
      db,
      transfer.orgId,
      now,
      sql`SELECT 'workspace.transferred' AS type, ${transfer.directoryId} AS directory_id,
        'Workspace' AS resource_type, ${workspaces.id} AS resource_id, ${data} AS data
        FROM ${workspaces} WHERE ${movingWorkspaces}`,
    ),
    db
      .update(licences)
      .set({ seatsUsed: sql`${licences.seatsUsed} - ${moving(sql`${licences}.id`)}` })
      .where(and(eq(licences.orgId, transfer.orgId), sql`${moving(sql`${licences}.id`)} > 0`)),
    db
      .update(workspaces)
      .set({ ownerUserId: null, ownerAdminId: adminId, transferredAt: now })
      .where(movingWorkspaces),
    db
      .update(transfers)
      .set({ state: "done", transfereeAdminId: adminId, reason: null, updatedAt: now })
      .where(and(eq(transfers.id, transfer.id), eq(transfers.orgId, transfer.orgId))),
  ] as const;
}

/** Sets a transfer's state (never once done); `reason` left undefined keeps the last one. */
export function markTransfer(
  db: Database,
  transfer: { id: string; orgId: string },
  change: { state: "pending" | "failed"; reason?: string | null; now: string; countAttempt?: boolean },
) {
  return db
    .update(transfers)
    .set({
      state: change.state,
      updatedAt: change.now,
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
      ...(change.countAttempt ? { attempts: sql`${transfers.attempts} + 1` } : {}),
    })
    .where(
      and(
        eq(transfers.id, transfer.id),
        eq(transfers.orgId, transfer.orgId),
        sql`${transfers.state} <> 'done'`,
      ),
    );
}

/** Pending transfers last touched before `olderThan`: their queue message may never have been sent. */
export function stalePendingTransfers(db: Database, olderThan: string, limit: number) {
  return db
    .select({ id: transfers.id, orgId: transfers.orgId })
    .from(transfers)
    .where(and(eq(transfers.state, "pending"), lt(transfers.updatedAt, olderThan)))
    .limit(limit);
}
