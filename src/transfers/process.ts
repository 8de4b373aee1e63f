// Carries out one transfer, idempotently: a done transfer is left alone, a missing transferee leaves it failed
// and visible until an admin sets one and retries.
import type { Database } from "../db/client";
import { completeTransfer, currentTransferee, getTransfer, markTransfer } from "../db/transfers";
import { batchWithWebhookCheck } from "../db/webhooks";

export type TransferResult =
  /** Moved; `wakeWebhook` tells whether the organisation has a webhook to wake for the workspace events. */
  { state: "done"; wakeWebhook: boolean } | { state: "alreadyDone" | "waitingForTransferee" | "unknown" };

export async function processTransfer(
  db: Database,
  orgId: string,
  transferId: string,
  now: string,
): Promise<TransferResult> {
  const transfer = await getTransfer(db, orgId, transferId);
  if (!transfer) return { state: "unknown" };
  if (transfer.state === "done") return { state: "alreadyDone" };
  const transferee = await currentTransferee(db, orgId, transfer.directoryId);
  if (!transferee.adminId || !transferee.adminExists) {
    const reason = transferee.adminId
      ? `The transferee admin ${transferee.adminId} is no longer an admin of the organisation; choose another one for the directory and retry.`
      : "The directory has no transferee admin; choose one in the directory settings and retry.";
    await markTransfer(db, transfer, { state: "failed", reason, now });
    return { state: "waitingForTransferee" };
  }
  const statements = completeTransfer(db, transfer, transferee.adminId, now);
  const { wake } = await batchWithWebhookCheck(db, orgId, statements);
  return { state: "done", wakeWebhook: wake };
}
