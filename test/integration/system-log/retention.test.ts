// The scheduled job deletes log entries older than LOG_RETENTION_DAYS and keeps the rest.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { systemLog } from "../../../src/db/schema";
import { deleteLogEntriesBefore } from "../../../src/db/system-log";
import worker from "../../../src/index";
import { retentionDays } from "../../../src/log/retention";
import { logOf } from "../../support/system-log";
import { createTenant } from "../../support/tenant";

const DAY_MS = 86_400_000;

const entry = (orgId: string, at: Date) => ({
  id: crypto.randomUUID(),
  orgId,
  at: at.toISOString(),
  method: "GET",
  path: "/scim/v2/Users",
  status: 200,
  durationMs: 1,
  operation: "listUsers",
});

it("deletes entries older than the retention period on the scheduled run", async () => {
  const { orgId } = await createTenant();
  const now = Date.now();
  const days = retentionDays(env.LOG_RETENTION_DAYS);
  expect(days).toBe(30);
  const old = entry(orgId, new Date(now - (days + 1) * DAY_MS));
  const recent = entry(orgId, new Date(now - (days - 1) * DAY_MS));
  await catalogDatabase(env).insert(systemLog).values([old, recent]);

  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "*/5 * * * *" }), env);

  expect((await logOf(orgId)).map((e) => e.id)).toEqual([recent.id]);
});

it("deletes at most a batch per run, oldest first", async () => {
  const { orgId } = await createTenant();
  const base = Date.UTC(2000, 0, 1);
  const rows = Array.from({ length: 5 }, (_, i) => entry(orgId, new Date(base + i * 1000)));
  await catalogDatabase(env).insert(systemLog).values(rows);

  // Entries of the year 2000 belong only to this test.
  const deleted = await deleteLogEntriesBefore(
    catalogDatabase(env),
    new Date(base + 10_000).toISOString(),
    2,
  );
  expect(deleted).toBe(2);
  expect((await logOf(orgId)).map((e) => e.id).sort()).toEqual(
    rows
      .slice(2)
      .map((r) => r.id)
      .sort(),
  );
});

it("falls back to 30 days for a missing or unreadable setting", () => {
  expect(retentionDays(undefined)).toBe(30);
  expect(retentionDays("abc")).toBe(30);
  expect(retentionDays("0")).toBe(30);
  expect(retentionDays("7")).toBe(7);
});
