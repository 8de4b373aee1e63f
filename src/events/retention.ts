// Scheduled: deletes events and webhook deliveries older than EVENT_RETENTION_DAYS, a bounded number per run.
import { catalogDatabase } from "../db/client";
import { deleteEventsBefore } from "../db/events";
import { deleteDeliveriesBefore } from "../db/webhooks";
import { retentionCutoff } from "../log/retention";

/** Rows deleted per run and table: one cron run stays far within D1's 30 s per query. */
export const EVENT_RETENTION_BATCH = 5_000;

export async function deleteExpiredEvents(env: Env, now: Date): Promise<number> {
  // Every organisation's: with several databases, this runs once per database.
  const db = catalogDatabase(env);
  const cutoff = retentionCutoff(env.EVENT_RETENTION_DAYS, now);
  const events = await deleteEventsBefore(db, cutoff, EVENT_RETENTION_BATCH);
  const deliveries = await deleteDeliveriesBefore(db, cutoff, EVENT_RETENTION_BATCH);
  return events + deliveries;
}
