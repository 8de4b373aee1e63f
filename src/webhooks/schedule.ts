// When webhook deliveries happen: batch sizes, the lease, the backoff after failures. Pure, so that the
// schedule's promise ("a receiver down for an hour misses nothing") is checked by a unit test.

/** Events per POST: a receiver handles a bounded body; a backlog goes in several POSTs, in order. */
export const EVENTS_PER_POST = 50;
/** Bytes of events per POST (at least one event is sent): user events carry whole SCIM resources. */
export const BYTES_PER_POST = 256 * 1024;
/** POSTs per queue message; a longer backlog continues in a new message, so no invocation runs unbounded. */
export const POSTS_PER_MESSAGE = 20;
/** Time one message may spend posting: a slow receiver must not hold the consumer (and its other messages). */
export const RUN_BUDGET_MS = 60_000;
/** A receiver that has not answered in this long has failed; the events are sent again later. */
export const POST_TIMEOUT_MS = 10_000;
/**
 * How long a delivery holds an organisation's webhook. Renewed after each successful POST, so it only needs to
 * outlast one POST and its writes; a consumer that dies holding it delays the next delivery by this much.
 */
export const LEASE_MS = 60_000;
/** When D1 failed under a delivery: come back soon (the lease, if taken, expires on its own). */
export const D1_FAILURE_RETRY_SECONDS = 10;

export const FIRST_BACKOFF_SECONDS = 30;
export const MAX_BACKOFF_SECONDS = 15 * 60;

/**
 * Delay after the n-th consecutive failure: 30 s doubling to 15 min. The queue's 10 retries span about
 * 90 minutes; after them, the sweep keeps coming back every 5 minutes once the delay is over.
 */
export const backoffSeconds = (failures: number): number =>
  Math.min(FIRST_BACKOFF_SECONDS * 2 ** Math.max(failures - 1, 0), MAX_BACKOFF_SECONDS);

export const addMs = (at: Date, ms: number): string => new Date(at.getTime() + ms).toISOString();

export interface LeaseState {
  enabled: boolean;
  leaseUntil: string | null;
  nextAttemptAt: string | null;
}

/** Why a delivery could not take the lease, read after the conditional UPDATE matched nothing. */
export function leaseRefusal(row: LeaseState | undefined, now: Date): "noWebhook" | "backingOff" | "leased" {
  if (!row?.enabled) return "noWebhook";
  const at = now.toISOString();
  if (row.nextAttemptAt !== null && row.nextAttemptAt > at) return "backingOff";
  // Also when the lease has just expired: the conditional UPDATE saw it held, so try again shortly.
  return "leased";
}
