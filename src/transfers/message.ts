// The transfers queue message: versioned, ids only (the transfer row holds what to move), validated on receipt.
import { z } from "zod";

export const transferMessage = z.object({
  v: z.literal(1),
  kind: z.literal("transferWorkspaces"),
  orgId: z.string().min(1),
  /** The transfer row's id: the idempotency key of every delivery. */
  transferId: z.string().min(1),
});

export type TransferMessage = z.infer<typeof transferMessage>;

export const transferMessageFor = (transfer: { id: string; orgId: string }): TransferMessage => ({
  v: 1,
  kind: "transferWorkspaces",
  orgId: transfer.orgId,
  transferId: transfer.id,
});

/** Delay before the n-th retry of a failing delivery, in seconds: exponential, capped (Queues allow 12 hours). */
export const retryDelaySeconds = (attempts: number): number => Math.min(2 ** attempts * 5, 15 * 60);
