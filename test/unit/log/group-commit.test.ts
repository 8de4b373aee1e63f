// Group commit (src/log/group-commit.ts): what arrives while a write is in flight goes in the next write, together.
import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../../src/log/group-commit";

/** A writer whose writes end when the test says, recording what each write held. */
function heldWriter(maxItems?: number, waitMs?: number) {
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
  );
  const finishNext = async () => {
    // Let the round's start run, then end its write.
    await new Promise((resolve) => setTimeout(resolve, 0));
    pending.shift()?.();
  };
  return { commit, writes, finishNext };
}

describe("group commit", () => {
  it("writes a lone item at once", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const done = commit.add("a");
    await finishNext();
    await done;
    expect(writes).toEqual([["a"]]);
  });

  it("writes what arrives during a write in one next write, in order", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const first = commit.add("a");
    await new Promise((resolve) => setTimeout(resolve, 0));
    // "a" is being written: these wait, together.
    const rest = ["b", "c", "d"].map((item) => commit.add(item));
    await finishNext();
    await first;
    await finishNext();
    await Promise.all(rest);
    expect(writes).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("splits a burst into rounds of at most the round size, written one after another", async () => {
    const { commit, writes, finishNext } = heldWriter(2);
    const first = commit.add("a");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const rest = ["b", "c", "d", "e", "f"].map((item) => commit.add(item));
    for (let i = 0; i < 4; i++) await finishNext();
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([["a"], ["b", "c"], ["d", "e"], ["f"]]);
  });

  it("does not stall behind a write that never ends (its request cancelled)", async () => {
    const { commit, writes } = heldWriter(undefined, 20);
    void commit.add("a");
    await new Promise((resolve) => setTimeout(resolve, 0));
    // "a" is being written and never finishes: "b" waits 20 ms for it, then is written all the same.
    void commit.add("b");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(writes).toEqual([["a"], ["b"]]);
  });

  it("rejects the adders of a failed write and goes on with the next", async () => {
    const { commit, writes, finishNext } = heldWriter();
    const failed = commit.add("bad");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const later = commit.add("e");
    await finishNext();
    await expect(failed).rejects.toThrow("write failed");
    await finishNext();
    await later;
    expect(writes).toEqual([["bad"], ["e"]]);
  });
});
