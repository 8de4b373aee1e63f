// SerialQueue: work runs one item at a time, in arrival order, and a failure does not stall the queue.
import { describe, expect, it } from "vitest";
import { SerialQueue } from "../../../src/lifecycle/serial-queue";

describe("SerialQueue", () => {
  it("runs items one at a time in arrival order, even when each awaits", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const item = (name: string, ticks: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await new Promise((resolve) => setTimeout(resolve, 0));
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([
      queue.run(item("a", 3)),
      queue.run(item("b", 0)),
      queue.run(item("c", 1)),
    ]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("rejects the failing item only and goes on with the next", async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error("boom");
    });
    const next = queue.run(async () => "after");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("after");
  });
});
