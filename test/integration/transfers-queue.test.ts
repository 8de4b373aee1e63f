// The transfers queue consumer never acknowledges a message it cannot handle, so nothing is silently dropped.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";

it("retries messages of kinds it does not handle, so they reach the dead-letter queue", async () => {
  const batch = createMessageBatch<unknown>("scim-edge-transfers", [
    { id: "m1", timestamp: new Date(), attempts: 1, body: { v: 1, kind: "transferWorkspaces" } },
    { id: "m2", timestamp: new Date(), attempts: 1, body: "garbage" },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks).toEqual([]);
  expect(result.ackAll).toBe(false);
  expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["m1", "m2"]);
});
