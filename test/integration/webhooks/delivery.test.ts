// Webhook delivery through the queue consumer: events POSTed in order, in batches, signed; the delivered position
// moves only on a 2xx, so duplicates are possible (same event ids) and losses are not. Time is set, never slept:
// the Worker runs in this isolate, so vi.setSystemTime moves its clock too.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { eventsAfter, lastEventSeq } from "../../../src/db/events";
import { events } from "../../../src/db/schema";
import {
  advanceDelivered,
  batchWithWebhookCheck,
  releaseIfCaughtUp,
  takeLease,
} from "../../../src/db/webhooks";
import { toWireEvent } from "../../../src/events/catalogue";
import { EVENTS_PER_POST } from "../../../src/webhooks/schedule";
import { verifySignature } from "../../../src/webhooks/signature";
import { sweepWebhooks } from "../../../src/webhooks/sweep";
import { admin } from "../../support/admin-client";
import { patchBody, userBody } from "../../support/builders";
import { createTenant, type TestTenant } from "../../support/tenant";
import {
  deliveriesOf,
  deliverWebhooks,
  installWebhook,
  newReceiver,
  type Receiver,
  webhookOf,
} from "../../support/webhooks";

const T0 = new Date("2031-05-01T09:00:00.000Z");
const at = (seconds: number) => vi.setSystemTime(new Date(T0.getTime() + seconds * 1000));
const iso = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const storedEvents = async (orgId: string) =>
  (await eventsAfter(catalogDatabase(env), orgId, 0, 10_000)).map(toWireEvent);

async function createUsers(tenant: TestTenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { status, body } = await tenant.scim.post<{ id: string }>("/Users", userBody());
    expect(status).toBe(201);
    ids.push(body.id);
  }
  return ids;
}

/** An organisation with `users` created through SCIM, and a webhook to `receiver` that has delivered nothing. */
async function withUndelivered(receiver: Receiver, users = 2) {
  const tenant = await createTenant();
  const userIds = await createUsers(tenant, users);
  const { secret } = await installWebhook(tenant.orgId, receiver.url);
  return { tenant, userIds, secret, orgId: tenant.orgId };
}

const sequences = (events: { sequence: number }[]) => events.map((e) => e.sequence);

describe("delivering", () => {
  it("POSTs the undelivered events in order, signed, and records the delivery", async () => {
    const receiver = newReceiver();
    const { orgId, secret } = await withUndelivered(receiver);
    const stored = await storedEvents(orgId);
    expect(stored.length).toBeGreaterThanOrEqual(2);

    const result = await deliverWebhooks([orgId]);

    expect(result.explicitAcks).toHaveLength(1);
    const [post, ...more] = await receiver.received();
    expect(more).toEqual([]);
    expect(post?.method).toBe("POST");
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.headers["user-agent"]).toMatch(/^scim-edge/);
    expect(post?.headers["scim-edge-first-sequence"]).toBe(String(stored[0]?.sequence));
    expect(post?.headers["scim-edge-last-sequence"]).toBe(String(stored.at(-1)?.sequence));
    const verified = await verifySignature({
      secret,
      body: post?.body ?? "",
      header: post?.headers["scim-edge-signature"],
      now: Math.floor(T0.getTime() / 1000),
    });
    expect(verified).toEqual({ ok: true, timestamp: Math.floor(T0.getTime() / 1000) });
    expect(JSON.parse(post?.body ?? "")).toEqual({ events: stored });

    const webhook = await webhookOf(orgId);
    expect(webhook).toMatchObject({ deliveredSeq: stored.at(-1)?.sequence, failures: 0, leaseUntil: null });
    const [logged] = await deliveriesOf(orgId);
    expect(logged).toMatchObject({
      id: post?.headers["scim-edge-delivery"],
      status: 200,
      succeeded: true,
      firstSeq: stored[0]?.sequence,
      lastSeq: stored.at(-1)?.sequence,
      eventCount: stored.length,
      attempt: 1,
      error: null,
    });
  });

  it("sends a backlog in POSTs of at most EVENTS_PER_POST events, in order, each event once", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver, 30);
    const stored = await storedEvents(orgId);
    expect(stored.length).toBeGreaterThan(EVENTS_PER_POST);

    await deliverWebhooks([orgId]);

    const posts = await receiver.received();
    expect(posts.length).toBe(Math.ceil(stored.length / EVENTS_PER_POST));
    for (const post of posts)
      expect(JSON.parse(post.body).events.length).toBeLessThanOrEqual(EVENTS_PER_POST);
    expect(await receiver.events()).toEqual(stored);
  });

  it("delivers only what is new on the next change, and nothing when caught up", async () => {
    const receiver = newReceiver();
    const { orgId, tenant, userIds } = await withUndelivered(receiver, 1);
    await deliverWebhooks([orgId]);
    const first = await receiver.events();

    await tenant.scim.patch(
      `/Users/${userIds[0]}`,
      patchBody({ op: "replace", value: { displayName: "Ada L" } }),
    );
    await deliverWebhooks([orgId]);
    const again = await deliverWebhooks([orgId]);

    expect(again.explicitAcks).toHaveLength(1);
    const all = await receiver.events();
    expect(all.slice(0, first.length)).toEqual(first);
    expect(all.slice(first.length).map((e) => e.type)).toEqual(["user.updated"]);
    expect(await receiver.received()).toHaveLength(2);
  });

  it("acknowledges without posting when the organisation has no enabled webhook", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver);
    await env.DB.prepare("UPDATE webhooks SET enabled = 0 WHERE org_id = ?").bind(orgId).run();
    const none = await createTenant();

    const result = await deliverWebhooks([orgId, none.orgId]);

    expect(result.explicitAcks).toHaveLength(2);
    expect(await receiver.received()).toEqual([]);
  });

  it("retries messages it cannot read, so they reach the dead-letter queue", async () => {
    const result = await deliverWebhooks(["x"], { body: { v: 1, kind: "deliverEvents" } });
    expect(result.retryMessages).toHaveLength(1);
    expect(result.explicitAcks).toEqual([]);
  });
});

describe("a failing receiver", () => {
  it("backs off, logs each failure, and gets every event in order once it recovers", async () => {
    const receiver = newReceiver();
    const { orgId, tenant } = await withUndelivered(receiver);
    await receiver.script(503, 503, 504);

    const first = await deliverWebhooks([orgId]);
    expect(first.retryMessages).toEqual([{ msgId: expect.any(String), delaySeconds: 30 }]);
    expect(await webhookOf(orgId)).toMatchObject({ deliveredSeq: 0, failures: 1, nextAttemptAt: iso(30) });
    expect((await webhookOf(orgId))?.lastError).toMatch(/503/);

    // A change's wake-up during the backoff is acknowledged: the failing message's retry comes back for it.
    await createUsers(tenant, 1);
    at(10);
    const early = await deliverWebhooks([orgId]);
    expect(early.explicitAcks).toHaveLength(1);
    expect(await receiver.received()).toHaveLength(1);

    at(30);
    expect((await deliverWebhooks([orgId])).retryMessages[0]?.delaySeconds).toBe(60);
    at(90);
    expect((await deliverWebhooks([orgId])).retryMessages[0]?.delaySeconds).toBe(120);
    expect(await webhookOf(orgId)).toMatchObject({ failures: 3, nextAttemptAt: iso(210) });
    expect((await webhookOf(orgId))?.lastError).toMatch(/504/);

    at(210);
    const recovered = await deliverWebhooks([orgId]);

    expect(recovered.explicitAcks).toHaveLength(1);
    const stored = await storedEvents(orgId);
    const posts = await receiver.received();
    expect(posts.map((p) => p.answered)).toEqual([503, 503, 504, 200]);
    expect(JSON.parse(posts.at(-1)?.body ?? "").events).toEqual(stored);
    expect(await webhookOf(orgId)).toMatchObject({
      deliveredSeq: stored.at(-1)?.sequence,
      failures: 0,
      nextAttemptAt: null,
      lastError: null,
    });
    const log = await deliveriesOf(orgId);
    expect(log.map((d) => [d.status, d.succeeded, d.attempt])).toEqual([
      [200, true, 4],
      [504, false, 3],
      [503, false, 2],
      [503, false, 1],
    ]);
    expect(log[2]?.error).toMatch(/503/);
  });

  it("misses nothing when down for longer than the queue retries: the sweep resumes it", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver);
    const QUEUE_DELIVERIES = 11; // the first and max_retries (10) more
    await receiver.script(...Array<number>(QUEUE_DELIVERIES).fill(503));
    let elapsed = 0;
    for (let i = 0; i < QUEUE_DELIVERIES; i++) {
      const { retryMessages } = await deliverWebhooks([orgId]);
      elapsed += retryMessages[0]?.delaySeconds ?? 0;
      at(elapsed);
    }
    expect(elapsed).toBeGreaterThan(60 * 60);
    expect(await webhookOf(orgId)).toMatchObject({ deliveredSeq: 0, failures: QUEUE_DELIVERIES });
    // The queue gives up: the dead-letter consumer leaves the webhook as it is, failures visible.
    const dead = await deliverWebhooks([orgId], { queue: "scim-edge-webhooks-dlq" });
    expect(dead.explicitAcks).toHaveLength(1);
    expect(await webhookOf(orgId)).toMatchObject({ failures: QUEUE_DELIVERIES, deliveredSeq: 0 });

    // The receiver is back; the sweep finds the webhook (its message is gone) and wakes it.
    const woken = await sweepWebhooks(env, new Date());
    expect(woken).toContain(orgId);
    await deliverWebhooks([orgId]);

    const stored = await storedEvents(orgId);
    const delivered = (await receiver.received()).filter((p) => p.answered === 200);
    expect(delivered.flatMap((p) => JSON.parse(p.body).events)).toEqual(stored);
  });

  it("sends the same events, with the same ids, again when the answer was lost", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver);
    // The receiver stores the events, but its gateway gives up before it answers.
    await receiver.script(504);

    await deliverWebhooks([orgId]);
    at(30);
    await deliverWebhooks([orgId]);

    const [lost, redelivered] = await receiver.received();
    const ids = (body?: string) => JSON.parse(body ?? "").events.map((e: { id: string }) => e.id);
    expect(ids(redelivered?.body)).toEqual(ids(lost?.body));
    expect(redelivered?.headers["scim-edge-delivery"]).not.toBe(lost?.headers["scim-edge-delivery"]);
    expect(sequences(await receiver.events())).toEqual([
      ...sequences(await storedEvents(orgId)),
      ...sequences(await storedEvents(orgId)),
    ]);
  });
});

describe("one delivery at a time", () => {
  it("two deliveries at once post each event once", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver, 3);

    await Promise.all([deliverWebhooks([orgId]), deliverWebhooks([orgId])]);

    expect(await receiver.events()).toEqual(await storedEvents(orgId));
  });

  it("a delivery while another holds the lease posts nothing and leaves the rest to the holder", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver);
    await env.DB.prepare("UPDATE webhooks SET lease_until = ? WHERE org_id = ?").bind(iso(60), orgId).run();

    const result = await deliverWebhooks([orgId]);

    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await receiver.received()).toEqual([]);
    // A holder that died: its lease runs out and the next delivery goes ahead.
    at(60);
    await deliverWebhooks([orgId]);
    expect(await receiver.events()).toEqual(await storedEvents(orgId));
  });

  it("the holder lets go only when nothing is left, so an event committed meanwhile is not stranded", async () => {
    const receiver = newReceiver();
    const { orgId, tenant } = await withUndelivered(receiver);
    const db = catalogDatabase(env);
    const holder = await takeLease(db, orgId, iso(0), iso(60));
    const lease = holder?.leaseUntil ?? "";
    // Events after the delivered position: the holder keeps the lease (and the wake-up mark).
    expect(await releaseIfCaughtUp(db, orgId, lease)).toEqual({ leaseUntil: lease });
    const last = await lastEventSeq(db, orgId);
    await advanceDelivered(db, orgId, lease, { lastSeq: last, renewedLease: lease, now: iso(1) });
    expect(await releaseIfCaughtUp(db, orgId, lease)).toEqual({ leaseUntil: null });
    expect(await webhookOf(orgId)).toMatchObject({ leaseUntil: null, wakePending: false });
    // The next change finds the mark clear and sends a wake-up; one after it, while that is pending, does not.
    await createUsers(tenant, 1);
    expect(await webhookOf(orgId)).toMatchObject({ wakePending: true });
    const probe = db.select({ seq: events.seq }).from(events).limit(1);
    expect((await batchWithWebhookCheck(db, orgId, [probe])).wake).toBe(false);
  });

  it("a redelivery clears the lease, so a delivery under way cannot move the position over the replay", async () => {
    const receiver = newReceiver();
    const { orgId } = await withUndelivered(receiver);
    const db = catalogDatabase(env);
    const holder = await takeLease(db, orgId, iso(0), iso(60));
    const last = await lastEventSeq(db, orgId);
    // Disabled, the redelivery sends no wake-up message: nothing else delivers while the test looks.
    await env.DB.prepare("UPDATE webhooks SET enabled = 0 WHERE org_id = ?").bind(orgId).run();

    const replay = await admin.post(`/organisations/${orgId}/webhook/redeliver`, { fromSequence: 1 });
    expect(replay.status).toBe(202);
    const stale = advanceDelivered(db, orgId, holder?.leaseUntil ?? "", {
      lastSeq: last,
      renewedLease: iso(61),
      now: iso(1),
    });

    expect(await stale).toEqual([]);
    expect(await webhookOf(orgId)).toMatchObject({ deliveredSeq: 0, leaseUntil: null });
  });
});
