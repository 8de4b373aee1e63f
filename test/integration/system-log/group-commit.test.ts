// The system log under load: the entries of overlapping requests are written together (src/log/group-commit.ts),
// every one of them, each request's waitUntil ending only once its own entry is stored.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../../src/index";
import { recordingDatabase } from "../../support/d1-recording";
import { logOf } from "../../support/system-log";
import { createTenant } from "../../support/tenant";

const LOG_INSERT = /^insert into "system_log"/;
const REQUESTS = 20;

it("writes the entries of overlapping requests in fewer batches than requests, and every entry", async () => {
  const tenant = await createTenant();
  const { binding, trips } = recordingDatabase();
  const statuses = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const ctx = createExecutionContext();
      const request = new Request(`${tenant.baseUrl}/Users?count=${i + 1}`, {
        headers: { Authorization: `Bearer ${tenant.token}` },
      });
      const response = await worker.fetch(
        request as Parameters<typeof worker.fetch>[0],
        { ...env, DB: binding },
        ctx,
      );
      await response.arrayBuffer();
      await waitOnExecutionContext(ctx);
      // Its entry is stored by the time its waitUntil ends, whichever request's round wrote it.
      const stored = await logOf(tenant.orgId);
      expect(stored.map((entry) => entry.path)).toContain(`/scim/v2/Users?count=${i + 1}`);
      return response.status;
    }),
  );
  expect(statuses).toEqual(Array(REQUESTS).fill(200));
  const logWrites = trips.filter((trip) => trip.some((statement) => LOG_INSERT.test(statement)));
  const inserts = logWrites.flat().filter((statement) => LOG_INSERT.test(statement));
  expect(inserts).toHaveLength(REQUESTS);
  expect(logWrites.length).toBeLessThan(REQUESTS);
  expect(await logOf(tenant.orgId)).toHaveLength(REQUESTS);
});
