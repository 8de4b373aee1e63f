// Administration of a directory's workspace transfers and deprovisioned users.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { recordEvents } from "../events";
import { transfers, users } from "../schema";
import { getTransfer, markTransfer, type TransferRow } from "../transfers";
import { batchWithWebhookCheck } from "../webhooks";
import { type AdminResult, notFound, ok } from "./outcome";
import { directoryOf, listInDirectory } from "./scoped";

type Scope = { orgId: string; directoryId: string };

/** Transfers shown per list: the newest; older ones are history. */
export const TRANSFER_LIST_LIMIT = 200;

export function listDirectoryTransfers(
  db: Database,
  scope: Scope,
  state?: TransferRow["state"],
): Promise<AdminResult<TransferRow[]>> {
  const inDirectory = and(eq(transfers.orgId, scope.orgId), eq(transfers.directoryId, scope.directoryId));
  return listInDirectory(
    db,
    scope,
    db
      .select()
      .from(transfers)
      .where(state ? and(inDirectory, eq(transfers.state, state)) : inDirectory)
      .orderBy(desc(transfers.createdAt))
      .limit(TRANSFER_LIST_LIMIT),
  );
}

/** Puts a transfer that is not done back to pending; the caller sends it to the queue. */
export async function reopenTransfer(
  db: Database,
  scope: Scope,
  transferId: string,
  now: Date,
): Promise<AdminResult<TransferRow>> {
  const transfer = await getTransfer(db, scope.orgId, transferId);
  if (!transfer || transfer.directoryId !== scope.directoryId) return notFound("transfer", transferId);
  if (transfer.state === "done") return ok(transfer);
  await markTransfer(db, transfer, { state: "pending", now: now.toISOString() });
  return ok({ ...transfer, state: "pending", updatedAt: now.toISOString() });
}

/**
 * Deletes the directory's deactivated users in one batch, with a user.deleted event for each. Their workspaces
 * were recorded for transfer when they were deactivated and move regardless; memberships go with the users.
 */
export async function deleteDeactivatedUsers(
  db: Database,
  scope: Scope,
  now: Date,
): Promise<AdminResult<{ deleted: number; wakeWebhook: boolean }>> {
  const deactivated = and(
    eq(users.orgId, scope.orgId),
    eq(users.directoryId, scope.directoryId),
    eq(users.active, false),
  );
  const deletedEvents = recordEvents(
    db,
    scope.orgId,
    now.toISOString(),
    sql`SELECT 'user.deleted' AS type, ${scope.directoryId} AS directory_id, 'User' AS resource_type,
      ${users.id} AS resource_id, json_object('user', json_object('id', ${users.id},
        'userName', ${users.userName}, 'externalId', ${users.externalId})) AS data
      FROM ${users} WHERE ${deactivated} ORDER BY ${users.seq}`,
  );
  const removal = db.delete(users).where(deactivated).returning({ id: users.id });
  const { results, wake } = await batchWithWebhookCheck(db, scope.orgId, [
    directoryOf(db, scope),
    deletedEvents,
    removal,
  ]);
  if (results[0]?.length === 0) return notFound("directory", scope.directoryId);
  return ok({ deleted: results[2]?.length ?? 0, wakeWebhook: wake });
}
