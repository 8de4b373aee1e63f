// A request's first D1 batch carrying one more statement at its head (src/db/first-round-trip.ts), against real D1:
// the head is looked at exactly once, parallel batches wait for it, and a failed check fails every read.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { firstRoundTrip } from "../../src/db/first-round-trip";

const read = (db: D1Database) => db.prepare("SELECT 2 AS two");

function counted(check: (result: D1Result<Record<string, unknown>>) => void = () => {}) {
  const seen: unknown[] = [];
  const first = firstRoundTrip(env.DB, env.DB.prepare("SELECT 1 AS one"), (result) => {
    seen.push(result.results[0]);
    check(result);
  });
  return { ...first, seen };
}

describe("the first round trip", () => {
  it("carries the head once, in the first batch, and hands back only the batch's own results", async () => {
    const { binding, settle, seen } = counted();
    const [results, other] = await Promise.all([
      binding.batch([read(binding)]),
      binding.batch([read(binding)]),
    ]);
    expect(results?.map((r) => r.results)).toEqual([[{ two: 2 }]]);
    expect(other?.map((r) => r.results)).toEqual([[{ two: 2 }]]);
    await settle();
    expect(seen).toEqual([{ one: 1 }]);
  });

  it("runs the head alone when the request settles without a batch", async () => {
    const { settle, seen } = counted();
    await settle();
    await settle();
    expect(seen).toEqual([{ one: 1 }]);
  });

  it("runs the head alone after a batch that failed before looking at it", async () => {
    const { binding, settle, seen } = counted();
    await expect(binding.batch([binding.prepare("SELECT * FROM no_such_table")])).rejects.toThrow();
    await settle();
    expect(seen).toEqual([{ one: 1 }]);
  });

  it("fails every batch and the settling when the check refuses", async () => {
    const { binding, settle } = counted(() => {
      throw new Error("refused");
    });
    await expect(binding.batch([read(binding)])).rejects.toThrow("refused");
    await expect(binding.batch([read(binding)])).rejects.toThrow("refused");
    await expect(settle()).rejects.toThrow("refused");
  });
});
