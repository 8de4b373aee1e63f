// The retry schedule's promise: a receiver down for an hour misses nothing, because the queue's retries alone
// outlast an hour (and the sweep carries on after them).
import { describe, expect, it } from "vitest";
import { backoffSeconds, leaseRefusal, MAX_BACKOFF_SECONDS } from "../../../src/webhooks/schedule";

/** wrangler.toml, [[queues.consumers]] scim-edge-webhooks. */
const MAX_RETRIES = 10;

describe("backoffSeconds", () => {
  it("doubles from 30 s and stays at 15 min", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffSeconds)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(backoffSeconds(1000)).toBe(MAX_BACKOFF_SECONDS);
  });

  it("spans more than an hour over the queue's retries", () => {
    const total = Array.from({ length: MAX_RETRIES }, (_, i) => backoffSeconds(i + 1)).reduce(
      (a, b) => a + b,
    );
    expect(total).toBeGreaterThan(60 * 60);
  });
});

describe("leaseRefusal", () => {
  const now = new Date("2031-01-01T00:00:00.000Z");
  const later = "2031-01-01T00:01:00.000Z";

  it("tells a missing or disabled webhook, one backing off, and one held by another delivery apart", () => {
    expect(leaseRefusal(undefined, now)).toBe("noWebhook");
    expect(leaseRefusal({ enabled: false, leaseUntil: null, nextAttemptAt: null }, now)).toBe("noWebhook");
    expect(leaseRefusal({ enabled: true, leaseUntil: null, nextAttemptAt: later }, now)).toBe("backingOff");
    expect(leaseRefusal({ enabled: true, leaseUntil: later, nextAttemptAt: null }, now)).toBe("leased");
  });
});
