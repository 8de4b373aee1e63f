// Scheduled: deletes events and webhook deliveries older than EVENT_RETENTION_DAYS, a bounded number per run.
import { catalogDatabase } from "../db/client";
import { deleteEventsBefore } from "../db/events";
import { retentionDays } from "../log/retention";

const DAY_MS = 86_400_000;
/** Rows deleted per run and table: one cron run stays far within D1's 30 s per query. */
export const EVENT_RETENTION_BATCH = 5_000;

export async function deleteExpiredEvents(env: Env, now: Date): Promise<number> {
  // Every organisation's: with several databases, this runs once per database.
  const cutoff = new Date(now.getTime() - retentionDays(env.EVENT_RETENTION_DAYS) * DAY_MS).toISOString();
  return deleteEventsBefore(catalogDatabase(env), cutoff, EVENT_RETENTION_BATCH);
}
