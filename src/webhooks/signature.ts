// Webhook signatures, Stripe-style: `scim-edge-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// Pure Web Crypto, no Worker APIs: a host application on Workers, Node 20+, Deno or Bun can import verifySignature.

export const SIGNATURE_HEADER = "scim-edge-signature";
export const SECRET_PREFIX = "whsec_";

/** How far a signature's timestamp may be from the receiver's clock: replays older than this are refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_BYTES = 32;
const DIGEST_HEX = /^[0-9a-f]{64}$/;

const encoder = new TextEncoder();

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** A new signing secret: `whsec_` and 64 hex digits. The HMAC key is the whole string as UTF-8. */
export const generateWebhookSecret = (): string =>
  `${SECRET_PREFIX}${toHex(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;

const hmacKey = (secret: string) =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);

/** What is signed: the timestamp binds the body to a moment, so a captured request cannot be replayed later. */
const signedPayload = (timestamp: number, body: string) => encoder.encode(`${timestamp}.${body}`);

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export async function signatureHeader(secret: string, body: string, timestamp: number): Promise<string> {
  const digest = await crypto.subtle.sign("HMAC", await hmacKey(secret), signedPayload(timestamp, body));
  return `t=${timestamp},v1=${toHex(new Uint8Array(digest))}`;
}

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "malformed" | "stale" | "mismatch" };

export interface VerifyInput {
  secret: string;
  /** The request body exactly as received: verify before parsing, since re-serialised JSON differs. */
  body: string;
  /** The `scim-edge-signature` header; null or undefined when absent. */
  header: string | null | undefined;
  /** The receiver's clock, unix seconds; now by default. */
  now?: number;
  toleranceSeconds?: number;
}

/**
 * Checks a delivery's signature. Every `v1=` entry is tried, so a sender may add one per secret. Digests are
 * compared by `crypto.subtle.verify`, which compares the fixed 32 bytes in constant time; a `v1` that is not
 * 64 hex digits is never compared.
 */
export async function verifySignature(input: VerifyInput): Promise<VerifyResult> {
  const parts = (input.header ?? "").split(",").map((part) => part.trim().split("="));
  const timestamps = parts.filter(([key]) => key === "t").map(([, value]) => value ?? "");
  const digests = parts.filter(([key, value]) => key === "v1" && DIGEST_HEX.test(value ?? ""));
  const [t] = timestamps;
  if (timestamps.length !== 1 || !t || !/^\d{1,12}$/.test(t) || digests.length === 0) {
    return { ok: false, reason: "malformed" };
  }
  const timestamp = Number(t);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: "stale" };
  }
  const key = await hmacKey(input.secret);
  const payload = signedPayload(timestamp, input.body);
  for (const [, digest] of digests) {
    if (await crypto.subtle.verify("HMAC", key, fromHex(digest ?? ""), payload))
      return { ok: true, timestamp };
  }
  return { ok: false, reason: "mismatch" };
}
