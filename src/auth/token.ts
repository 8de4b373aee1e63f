// SCIM bearer tokens: `scim_<id>_<secret>`. The id finds the row; only SHA-256(secret) is stored and compared.
const TOKEN_PATTERN = /^scim_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const ID_BYTES = 8;
const SECRET_BYTES = 32;

export interface ParsedToken {
  id: string;
  secret: string;
}

/** A presented token as the server keeps it while checking it: the id, and the secret's SHA-256 only. */
export interface PresentedSecret {
  id: string;
  secretHash: string;
}

/** Every byte's two hex digits: every request hashes its secret, and a per-byte toString showed in profiles. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

const hex = (bytes: Uint8Array) => {
  let text = "";
  for (const b of bytes) text += HEX[b];
  return text;
};

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

export function generateToken(): ParsedToken & { token: string } {
  const id = hex(crypto.getRandomValues(new Uint8Array(ID_BYTES)));
  const secret = base64url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
  return { id, secret, token: `scim_${id}_${secret}` };
}

function parseToken(text: string): ParsedToken | undefined {
  const match = TOKEN_PATTERN.exec(text);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}

/** The token an `Authorization: Bearer <token>` header presents (RFC 6750 §2.1), or why there is none. */
export function presentedToken(authorization: string | undefined): ParsedToken | "missing" | "malformed" {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return "missing";
  return parseToken(match[1]) ?? "malformed";
}

const utf8 = new TextEncoder();

const sha256 = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(text)));

export const hashSecret = async (secret: string): Promise<string> => hex(await sha256(secret));

/**
 * Compares digests, not secrets: timingSafeEqual throws on unequal lengths and leaks length, so both sides are
 * fixed-length SHA-256 values (platform-notes: Workers), compared as their hex text.
 */
export function hashMatches(presentedHash: string, storedHash: string): boolean {
  const presented = utf8.encode(presentedHash);
  const stored = utf8.encode(storedHash);
  if (stored.byteLength !== presented.byteLength) return false;
  return crypto.subtle.timingSafeEqual(presented, stored);
}

export const secretMatches = async (secret: string, storedHash: string): Promise<boolean> =>
  hashMatches(await hashSecret(secret), storedHash);

/** OAuth client credentials (RFC 6749 §2.3.1): a client id that finds the row and a secret stored as SHA-256. */
export function generateClientCredentials(): { clientId: string; clientSecret: string } {
  const { id, secret } = generateToken();
  return { clientId: `scimclient_${id}`, clientSecret: secret };
}
