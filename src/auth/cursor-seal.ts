// Seals RFC 9865 cursors. A keyset cursor holds a row's creation number, which is global: read in the clear it
// would tell a tenant how many users the whole service creates (RFC 9865 §5.1 asks that cursors reveal nothing).
// The cursor text is encrypted with AES-GCM under a key derived from the operator secret, with the directory as
// associated data, so a cursor is opaque, cannot be edited, and opens only in the directory that received it.
import type { CursorSeal } from "../scim/cursor";
import { ScimError } from "../scim/errors";

const IV_BYTES = 12;
/** Sealed cursors of this service are under 100 characters; longer text is not one of ours. */
const MAX_SEALED_LENGTH = 256;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const INFO = new TextEncoder().encode("scim-edge cursor v1");

const toBase64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

function fromBase64url(text: string): Uint8Array | undefined {
  if (text.length > MAX_SEALED_LENGTH || !BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const notOurs = () =>
  ScimError.typed(
    "invalidCursor",
    "The cursor is not one this server issued to this directory: send the nextCursor or previousCursor value unchanged, or an empty cursor for the first page.",
  );

async function cursorKey(secret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: INFO },
    material,
    { name: "AES-GCM", length: 128 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * The seal for one directory's cursors; the key is derived on first use, so lists without cursors pay nothing.
 * Rotating the operator secret invalidates outstanding cursors (clients start again with an empty cursor).
 */
export function cursorSealFor(secret: string, scope: { orgId: string; directoryId: string }): CursorSeal {
  let derived: Promise<CryptoKey> | undefined;
  const keyOf = () => {
    derived ??= cursorKey(secret);
    return derived;
  };
  const additionalData = new TextEncoder().encode(`${scope.orgId}\u0000${scope.directoryId}`);
  return {
    async seal(text) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: "AES-GCM", iv, additionalData },
          await keyOf(),
          new TextEncoder().encode(text),
        ),
      );
      const out = new Uint8Array(IV_BYTES + sealed.length);
      out.set(iv);
      out.set(sealed, IV_BYTES);
      return toBase64url(out);
    },
    async open(text) {
      const bytes = fromBase64url(text);
      if (!bytes || bytes.length <= IV_BYTES) throw notOurs();
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: bytes.slice(0, IV_BYTES), additionalData },
          await keyOf(),
          bytes.slice(IV_BYTES),
        );
        return new TextDecoder().decode(plain);
      } catch {
        throw notOurs();
      }
    },
  };
}
