// The webhook admin API: create (the secret shown once), read (never the secret), update, rotate, redeliver,
// delete, the delivery log, validation, and one organisation's webhook out of another's reach.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { lastEventSeq } from "../../../src/db/events";
import { recordDelivery } from "../../../src/db/webhooks";
import { type AdminErrorBody, admin } from "../../support/admin-client";
import { userBody } from "../../support/builders";
import { createTenant } from "../../support/tenant";
import { newReceiver, webhookOf } from "../../support/webhooks";

interface WebhookBody {
  url: string;
  enabled: boolean;
  deliveredSequence: number;
  lastEventSequence: number;
  failures: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  secret?: string;
}

interface DeliveryBody {
  id: string;
  at: string;
  status: number | null;
}

const webhookPath = (orgId: string) => `/organisations/${orgId}/webhook`;
const put = (orgId: string, body: Record<string, unknown>) =>
  admin.request<WebhookBody>("PUT", webhookPath(orgId), body);

/** An organisation with a user created through SCIM, so that it has events. */
async function organisation() {
  const tenant = await createTenant();
  expect((await tenant.scim.post("/Users", userBody())).status).toBe(201);
  return tenant;
}

describe("creating and reading", () => {
  it("returns the secret once, starts at the organisation's last event, and never shows the secret again", async () => {
    const { orgId } = await organisation();
    const last = await lastEventSeq(catalogDatabase(env), orgId);
    expect(last).toBeGreaterThan(0);
    const url = newReceiver().url;

    const created = await put(orgId, { url });

    expect(created.status).toBe(201);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    expect(created.body).toMatchObject({
      url,
      enabled: true,
      deliveredSequence: last,
      lastEventSequence: last,
      failures: 0,
      lastError: null,
      nextAttemptAt: null,
    });
    const secret = created.body.secret ?? "";
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);

    const read = await admin.get<WebhookBody>(webhookPath(orgId));
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("secret");
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(6));
    expect(read.body).toMatchObject({ url, deliveredSequence: last, lastEventSequence: last });
  });

  it("updates the URL and enabled without a new secret, and resets the backoff", async () => {
    const { orgId } = await organisation();
    const created = await put(orgId, { url: newReceiver().url });
    await env.DB.prepare(
      "UPDATE webhooks SET failures = 4, next_attempt_at = ?, last_error = 'HTTP 503' WHERE org_id = ?",
    )
      .bind("2099-01-01T00:00:00.000Z", orgId)
      .run();
    const url = newReceiver().url;

    const updated = await put(orgId, { url, enabled: false });

    expect(updated.status).toBe(200);
    expect(updated.body).not.toHaveProperty("secret");
    expect(updated.body).toMatchObject({
      url,
      enabled: false,
      failures: 0,
      lastError: null,
      nextAttemptAt: null,
    });
    expect((await webhookOf(orgId))?.secret).toBe(created.body.secret);
    // Leaving enabled out keeps it as it is.
    expect((await put(orgId, { url })).body.enabled).toBe(false);
  });
});

describe("rotating the secret", () => {
  it("returns a new secret once, and signs with it from then on", async () => {
    const { orgId } = await organisation();
    const created = await put(orgId, { url: newReceiver().url });

    const rotated = await admin.post<WebhookBody>(`${webhookPath(orgId)}/rotate-secret`);

    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("Cache-Control")).toBe("no-store");
    expect(rotated.body.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await webhookOf(orgId))?.secret).toBe(rotated.body.secret);
  });
});

describe("redelivering", () => {
  it("moves the delivered position back to just before fromSequence, never past the last event", async () => {
    const { orgId } = await organisation();
    const created = await put(orgId, { url: newReceiver().url, enabled: false });
    const last = created.body.lastEventSequence;

    const replay = await admin.post<WebhookBody>(`${webhookPath(orgId)}/redeliver`, { fromSequence: 1 });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ deliveredSequence: 0, lastEventSequence: last });

    const skip = await admin.post<WebhookBody>(`${webhookPath(orgId)}/redeliver`, {
      fromSequence: last + 100,
    });
    expect(skip.body.deliveredSequence).toBe(last);
  });
});

describe("deleting", () => {
  it("deletes the webhook; then it is not found", async () => {
    const { orgId } = await organisation();
    await put(orgId, { url: newReceiver().url });

    expect((await admin.delete(webhookPath(orgId))).status).toBe(204);
    expect((await admin.get(webhookPath(orgId))).status).toBe(404);
    expect((await admin.delete(webhookPath(orgId))).status).toBe(404);
  });
});

describe("the delivery log", () => {
  it("lists deliveries newest first, in pages", async () => {
    const { orgId } = await organisation();
    const db = catalogDatabase(env);
    for (const minute of [1, 2, 3, 4, 5]) {
      await recordDelivery(db, {
        id: crypto.randomUUID(),
        orgId,
        at: `2030-01-01T00:0${minute}:00.000Z`,
        url: "https://hooks.test/log",
        firstSeq: minute,
        lastSeq: minute,
        eventCount: 1,
        status: minute === 5 ? 200 : 503,
        succeeded: minute === 5,
        error: minute === 5 ? null : "The receiver answered 503",
        durationMs: 12,
        attempt: minute,
      });
    }
    const page = (query: string) =>
      admin.get<{ items: DeliveryBody[]; nextCursor: string | null }>(
        `${webhookPath(orgId)}/deliveries${query}`,
      );

    const first = await page("?limit=2");
    const second = await page(`?limit=2&cursor=${first.body.nextCursor}`);
    const third = await page(`?limit=2&cursor=${second.body.nextCursor}`);

    const minutes = (body: { items: DeliveryBody[] }) => body.items.map((d) => Number(d.at.slice(15, 16)));
    expect([minutes(first.body), minutes(second.body), minutes(third.body)]).toEqual([[5, 4], [3, 2], [1]]);
    expect(first.body.items[0]).toMatchObject({ status: 200, succeeded: true, attempt: 5, eventCount: 1 });
    expect(third.body.nextCursor).toBeNull();
  });
});

describe("validation", () => {
  it.each([
    ["plain http on the internet", { url: "http://app.example.com/hooks" }, "body.url"],
    ["no URL", { enabled: true }, "body.url"],
    ["an unknown field", { url: "https://app.example.com/hooks", secret: "mine" }, "body"],
    [
      "enabled that is not a boolean",
      { url: "https://app.example.com/hooks", enabled: "yes" },
      "body.enabled",
    ],
  ])("refuses %s", async (_, body, path) => {
    const { orgId } = await createTenant();
    const res = await admin.request<AdminErrorBody>("PUT", webhookPath(orgId), body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.details?.map((d) => d.path)).toContain(path);
  });

  it("refuses a fromSequence below 1, a bad limit and a cursor it did not return", async () => {
    const { orgId } = await organisation();
    await put(orgId, { url: newReceiver().url });
    const redeliver = await admin.post<AdminErrorBody>(`${webhookPath(orgId)}/redeliver`, {
      fromSequence: 0,
    });
    expect(redeliver.status).toBe(400);
    expect(redeliver.body.error.details?.[0]?.path).toBe("body.fromSequence");
    expect((await admin.get(`${webhookPath(orgId)}/deliveries?limit=0`)).status).toBe(400);
    const cursor = await admin.get<AdminErrorBody>(`${webhookPath(orgId)}/deliveries?cursor=nope`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details?.[0]?.path).toBe("query.cursor");
  });
});

describe("isolation", () => {
  it("answers 404 for an organisation without a webhook, leaving another organisation's alone", async () => {
    const owner = await organisation();
    const other = await organisation();
    await put(owner.orgId, { url: newReceiver().url });
    const before = await webhookOf(owner.orgId);

    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["DELETE", "", undefined],
      ["POST", "/rotate-secret", {}],
      ["POST", "/redeliver", { fromSequence: 1 }],
    ] as const) {
      const res = await admin.request<AdminErrorBody>(method, `${webhookPath(other.orgId)}${suffix}`, body);
      expect(res.status, `${method} ${suffix}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(await webhookOf(owner.orgId)).toEqual(before);
  });

  it("answers 404 for an organisation that does not exist", async () => {
    const res = await admin.request<AdminErrorBody>("PUT", webhookPath("no-such-org"), {
      url: "https://app.example.com/hooks",
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/organisation/);
    expect((await admin.get(`${webhookPath("no-such-org")}/deliveries`)).status).toBe(404);
  });
});
