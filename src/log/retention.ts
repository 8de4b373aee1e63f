// Scheduled: deletes system log entries older than LOG_RETENTION_DAYS, a bounded number per run.
import { catalogDatabase } from "../db/client";
import { deleteLogEntriesBefore } from "../db/system-log";

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/** LOG_RETENTION_DAYS as a whole number of days; anything unreadable falls back to the default. */
export function retentionDays(value: string | undefined): number {
  const days = Number(value);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS;
}

/** The instant before which rows are expired, for a retention setting such as LOG_RETENTION_DAYS. */
export const retentionCutoff = (days: string | undefined, now: Date): string =>
  new Date(now.getTime() - retentionDays(days) * DAY_MS).toISOString();

export async function deleteExpiredLogEntries(env: Env, now: Date): Promise<number> {
  // Entries of every organisation: with several databases, this runs once per database.
  return deleteLogEntriesBefore(catalogDatabase(env), retentionCutoff(env.LOG_RETENTION_DAYS, now));
}
