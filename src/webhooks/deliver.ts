// One delivery run for an organisation's webhook: take the lease, POST the undelivered events in order, a batch
// at a time, and move the delivered position only when the receiver answers 2xx. At least once: a receiver that
// stored a batch but whose answer was lost gets the same events, with the same ids, again.
import type { Database } from "../db/client";
import { eventsAfter } from "../db/events";
import {
  advanceDelivered,
  type DeliveryRow,
  leaseState,
  recordDelivery,
  recordFailure,
  releaseIfCaughtUp,
  releaseLease,
  takeLease,
} from "../db/webhooks";
import { toWireEvent } from "../events/catalogue";
import { postEvents } from "./post";
import {
  addMs,
  BYTES_PER_POST,
  backoffSeconds,
  EVENTS_PER_POST,
  LEASE_MS,
  leaseRefusal,
  POST_TIMEOUT_MS,
  POSTS_PER_MESSAGE,
  RUN_BUDGET_MS,
} from "./schedule";

export type DeliveryRun =
  | { outcome: "noWebhook" | "backingOff" | "leased" }
  /** Everything committed so far has been delivered. */
  | { outcome: "caughtUp" }
  /** POSTS_PER_MESSAGE or RUN_BUDGET_MS reached with events left: continue in a new message. */
  | { outcome: "more" }
  | { outcome: "failed"; retryInSeconds: number }
  /** The lease was cleared under this run (a redelivery from the admin API): whoever cleared it wakes the webhook. */
  | { outcome: "leaseLost" };

export async function deliverWebhook(db: Database, orgId: string): Promise<DeliveryRun> {
  const start = new Date();
  const webhook = await takeLease(db, orgId, start.toISOString(), addMs(start, LEASE_MS));
  if (!webhook?.leaseUntil) return { outcome: leaseRefusal(await leaseState(db, orgId), start) };
  let lease = webhook.leaseUntil;
  let delivered = webhook.deliveredSeq;
  let failures = webhook.failures;
  for (let posts = 0; posts < POSTS_PER_MESSAGE && Date.now() - start.getTime() < RUN_BUDGET_MS; ) {
    const batch = withinBytes(await eventsAfter(db, orgId, delivered, EVENTS_PER_POST), BYTES_PER_POST);
    const first = batch[0];
    const last = batch.at(-1);
    if (!first || !last) {
      const released = await releaseIfCaughtUp(db, orgId, lease);
      if (!released) return { outcome: "leaseLost" };
      if (released.leaseUntil === null) return { outcome: "caughtUp" };
      continue;
    }
    posts++;
    const deliveryId = crypto.randomUUID();
    const result = await postEvents({
      url: webhook.url,
      secret: webhook.secret,
      deliveryId,
      events: batch.map(toWireEvent),
      timeoutMs: POST_TIMEOUT_MS,
    });
    const at = new Date();
    const delivery: DeliveryRow = {
      id: deliveryId,
      orgId,
      at: at.toISOString(),
      url: webhook.url,
      firstSeq: first.seq,
      lastSeq: last.seq,
      eventCount: batch.length,
      status: result.status,
      succeeded: result.succeeded,
      error: result.error,
      durationMs: result.durationMs,
      attempt: failures + 1,
    };
    if (!result.succeeded) {
      const delay = backoffSeconds(failures + 1);
      const error = result.error ?? "Delivery failed";
      await db.batch([
        recordDelivery(db, delivery),
        recordFailure(db, orgId, lease, {
          error,
          nextAttemptAt: addMs(at, delay * 1000),
          now: at.toISOString(),
        }),
      ]);
      return { outcome: "failed", retryInSeconds: delay };
    }
    const renewed = addMs(at, LEASE_MS);
    const [, advanced] = await db.batch([
      recordDelivery(db, delivery),
      advanceDelivered(db, orgId, lease, { lastSeq: last.seq, renewedLease: renewed, now: at.toISOString() }),
    ]);
    if (advanced.length === 0) return { outcome: "leaseLost" };
    lease = renewed;
    delivered = last.seq;
    failures = 0;
  }
  await releaseLease(db, orgId, lease);
  return { outcome: "more" };
}

/** The first events whose JSON fits in `bytes`, and always the first one: a receiver's body limit is bounded. */
function withinBytes<T>(batch: T[], bytes: number): T[] {
  let size = 0;
  const fitting = batch.findIndex((event, i) => {
    size += JSON.stringify(event).length;
    return i > 0 && size > bytes;
  });
  return fitting === -1 ? batch : batch.slice(0, fitting);
}
