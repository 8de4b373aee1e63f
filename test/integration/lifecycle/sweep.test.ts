// The scheduled sweep re-sends transfers left pending without a message, and leaves fresh ones alone.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../../src/index";
import { patchBody, userBody } from "../../support/builders";
import { createTenant } from "../../support/tenant";
import { transfersOf } from "../../support/transfers";

type User = { id: string };

it("re-sends a transfer pending for longer than the threshold, and only that one", async () => {
  const { scim, orgId } = await createTenant();
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const { body } = await scim.post<User>("/Users", userBody());
    await scim.patch(`/Users/${body.id}`, patchBody({ op: "replace", value: { active: false } }));
    ids.push(body.id);
  }
  const longAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  await env.DB.prepare("UPDATE transfers SET updated_at = ? WHERE user_id = ?").bind(longAgo, ids[0]).run();
  const before = await transfersOf(orgId);

  const now = Date.now();
  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "*/5 * * * *" }), env);

  const after = await transfersOf(orgId);
  const stale = after.find((t) => t.userId === ids[0]);
  const fresh = after.find((t) => t.userId === ids[1]);
  // Re-sent: touched by the sweep (or already done by the consumer the message reached).
  expect(stale?.state === "done" || stale?.updatedAt === new Date(now).toISOString()).toBe(true);
  // Not re-sent: untouched (unless the queue's own delivery already completed it).
  const untouched = fresh?.updatedAt === before.find((t) => t.userId === ids[1])?.updatedAt;
  expect(untouched || fresh?.state === "done").toBe(true);
});
