// Webhook signatures: what a receiver checks. Signed by the sender's function, verified by the exported one.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TOLERANCE_SECONDS,
  generateWebhookSecret,
  signatureHeader,
  verifySignature,
} from "../../../src/webhooks/signature";

const secret = "whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const body = '{"events":[{"id":"evt_1","type":"user.created","sequence":1}]}';
const t = 1_900_000_000;

describe("signatureHeader", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", async () => {
    const header = await signatureHeader(secret, body, t);
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const digest = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`));
    const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(header).toBe(`t=${t},v1=${hex}`);
  });
});

describe("verifySignature", () => {
  const verify = async (overrides: {
    secret?: string;
    body?: string;
    header?: string | null;
    now?: number;
  }) =>
    verifySignature({
      secret: overrides.secret ?? secret,
      body: overrides.body ?? body,
      header: overrides.header === undefined ? await signatureHeader(secret, body, t) : overrides.header,
      now: overrides.now ?? t,
    });

  it("accepts what was signed, within the tolerance either way", async () => {
    expect(await verify({})).toEqual({ ok: true, timestamp: t });
    expect(await verify({ now: t + DEFAULT_TOLERANCE_SECONDS })).toEqual({ ok: true, timestamp: t });
    expect(await verify({ now: t - DEFAULT_TOLERANCE_SECONDS })).toEqual({ ok: true, timestamp: t });
  });

  it("refuses another secret and a tampered body", async () => {
    expect(await verify({ secret: generateWebhookSecret() })).toEqual({ ok: false, reason: "mismatch" });
    expect(await verify({ body: body.replace("user.created", "user.deleted") })).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses a stale or future timestamp, and a timestamp changed to look fresh", async () => {
    expect(await verify({ now: t + DEFAULT_TOLERANCE_SECONDS + 1 })).toEqual({ ok: false, reason: "stale" });
    expect(await verify({ now: t - DEFAULT_TOLERANCE_SECONDS - 1 })).toEqual({ ok: false, reason: "stale" });
    const replayed = (await signatureHeader(secret, body, t)).replace(`t=${t}`, `t=${t + 3600}`);
    expect(await verify({ header: replayed, now: t + 3600 })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accepts any of several v1 signatures, so a sender can sign with two secrets", async () => {
    const other = (await signatureHeader(generateWebhookSecret(), body, t)).split(",")[1];
    const header = `${await signatureHeader(secret, body, t)},${other}`;
    expect(await verify({ header })).toEqual({ ok: true, timestamp: t });
  });

  it.each([
    ["a missing header", null],
    ["an empty header", ""],
    ["no timestamp", "v1=00"],
    ["no v1", `t=${t}`],
    ["two timestamps", `t=${t},t=${t},v1=${"0".repeat(64)}`],
    ["a short digest", `t=${t},v1=abcd`],
    ["a non-hex digest", `t=${t},v1=${"z".repeat(64)}`],
    ["a non-numeric timestamp", `t=soon,v1=${"0".repeat(64)}`],
  ])("refuses %s as malformed", async (_, header) => {
    expect(await verify({ header })).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("generateWebhookSecret", () => {
  it("is whsec_ and 64 hex digits, new each time", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
