// Scheduled: re-sends transfers left pending without a message (a Worker can stop between the deactivation's
// batch and the queue send). Deliveries are idempotent, so a transfer that does have a message is safe to resend.
import { catalogDatabase } from "../db/client";
import { markTransfer, stalePendingTransfers } from "../db/transfers";
import { transferMessageFor } from "./message";

/** A pending transfer untouched this long has most likely lost its message. */
export const STALE_PENDING_MS = 10 * 60 * 1000;
/** Transfers re-sent per run; Queues take at most 100 messages per sendBatch. */
export const SWEEP_BATCH = 100;

export async function sweepPendingTransfers(env: Env, now: Date): Promise<number> {
  // Pending transfers of every organisation: with several databases, this runs once per database.
  const db = catalogDatabase(env);
  const stale = await stalePendingTransfers(
    db,
    new Date(now.getTime() - STALE_PENDING_MS).toISOString(),
    SWEEP_BATCH,
  );
  if (stale.length === 0) return 0;
  await env.TRANSFERS.sendBatch(stale.map((t) => ({ body: transferMessageFor(t) })));
  const touched = now.toISOString();
  await db.batch(
    stale.map((t) => markTransfer(db, t, { state: "pending", now: touched })) as [
      ReturnType<typeof markTransfer>,
      ...ReturnType<typeof markTransfer>[],
    ],
  );
  return stale.length;
}
