// Group commit (src/log/group-commit.ts): what arrives within the commit delay, or while a write is in flight,
// goes in one write, together.
import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../../src/log/group-commit";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DELAY_MS = 10;

/** A writer whose writes end when the test says, recording what each write held. */
function heldWriter({ maxItems = 40, waitMs = 5_000 } = {}) {
  const writes: string[][] = [];
  const pending: (() => void)[] = [];
  const commit = new GroupCommit<string>(
    (items) =>
      new Promise<void>((resolve, reject) => {
        writes.push([...items]);
        pending.push(() => (items.includes("bad") ? reject(new Error("write failed")) : resolve()));
      }),
    maxItems,
    waitMs,
    DELAY_MS,
  );
  /** Waits until a write has started, then ends it. */
  const finishNext = async () => {
    while (pending.length === 0) await sleep(1);
    pending.shift()?.();
  };
  return { commit, writes, finishNext };
}

describe("group commit", () => {
  it("writes a lone item once the commit delay has passed, not before", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const done = commit.add("a");
    await sleep(DELAY_MS / 2);
    expect(writes).toEqual([]);
    await finishNext();
    await done;
    expect(writes).toEqual([["a"]]);
  });

  it("writes what arrives within the commit delay in one write", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const added = [commit.add("a")];
    await sleep(1);
    added.push(commit.add("b"), commit.add("c"));
    await finishNext();
    await Promise.all(added);
    expect(writes).toEqual([["a", "b", "c"]]);
  });

  it("writes what arrives during a write in one next write, in order, after it", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const first = commit.add("a");
    while (writes.length === 0) await sleep(1);
    // "a" is being written: these wait, together, for it to end.
    const rest = ["b", "c", "d"].map((item) => commit.add(item));
    await sleep(DELAY_MS * 3);
    expect(writes).toEqual([["a"]]);
    await finishNext();
    await first;
    await finishNext();
    await Promise.all(rest);
    expect(writes).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("splits a burst into rounds of at most the round size, written one after another", async () => {
    const { commit, writes, finishNext } = heldWriter({ maxItems: 2 });
    const added = ["a", "b", "c", "d", "e"].map((item) => commit.add(item));
    while (writes.length === 0) await sleep(1);
    // The rounds after the first wait for its write to end.
    await sleep(DELAY_MS * 3);
    expect(writes).toEqual([["a", "b"]]);
    for (let i = 0; i < 3; i++) await finishNext();
    await Promise.all(added);
    expect(writes).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("does not stall behind a write that never ends (its request cancelled)", async () => {
    const { commit, writes } = heldWriter({ waitMs: 20 });
    void commit.add("a");
    while (writes.length === 0) await sleep(1);
    // "a" is being written and never finishes: "b" waits 20 ms for it, then is written all the same.
    void commit.add("b");
    while (writes.length < 2) await sleep(1);
    expect(writes).toEqual([["a"], ["b"]]);
  });

  it("reports, not resolves, an item whose round's write never ends", async () => {
    const { commit, writes } = heldWriter({ waitMs: 20 });
    void commit.add("a");
    const joiner = commit.add("b");
    // Given the delay and five times waitMs, then told its entry is not known to be stored.
    await expect(joiner).rejects.toThrow(`log round not written within ${DELAY_MS + 100} ms`);
    expect(writes).toEqual([["a", "b"]]);
  });

  it("rejects every adder of a failed write, and goes on with the next", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const opener = commit.add("bad");
    const joiner = commit.add("c");
    await finishNext();
    await expect(opener).rejects.toThrow("write failed");
    await expect(joiner).rejects.toThrow("write failed");
    const later = commit.add("e");
    await finishNext();
    await later;
    expect(writes).toEqual([["bad", "c"], ["e"]]);
  });
});
