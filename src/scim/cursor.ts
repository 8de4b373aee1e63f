// Cursors for RFC 9865 paging: an opaque base64url position, bound to the query that issued it.
import { ScimError } from "./errors";
import { MAX_CURSOR_LENGTH } from "./limits";
import type { SortSpec } from "./list";

/**
 * Where the next page starts. `after` is a keyset position, the `seq` of the last row served, used when the
 * query has no sortBy: rows are then served in seq order, and deletions or insertions between pages neither
 * skip nor repeat a row. `offset` is a row offset, used with sortBy, where the sort key need not be unique.
 */
export type CursorPosition = { after: number } | { offset: number };

/** The parts of a query a cursor is valid for: RFC 9865 §2 requires every parameter but cursor to repeat. */
export interface CursorScope {
  filter?: string | undefined;
  sort?: SortSpec | undefined;
}

/**
 * Encrypts cursor text on the way out and opens it on the way in (src/auth/cursor-seal.ts): the text built here
 * is what the seal carries, never what the client sees.
 */
export interface CursorSeal {
  seal(text: string): Promise<string>;
  /** The text inside, or a ScimError invalidCursor for anything this server did not seal for this directory. */
  open(text: string): Promise<string>;
}

const VERSION = "1";
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Decoded form: version, kind (a = after, o = offset), position, query fingerprint. */
const PAYLOAD = /^1([ao])\.(0|[1-9][0-9]{0,15})\.([0-9a-z]{1,7})$/;

const invalidCursor = (detail: string) => ScimError.typed("invalidCursor", detail);

/** FNV-1a (32 bit) over UTF-8: a short, stable digest. It guards against mix-ups, not against forgery. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Fingerprint of filter, sortBy and sortOrder. The filter is compared as sent (its values can be case-exact);
 * sortBy is an attribute name and so case-insensitive (RFC 7643 §2.1). `count` and `attributes` are left out:
 * changing them does not move a position.
 */
export function queryFingerprint(scope: CursorScope): string {
  const parts = [scope.filter ?? "", scope.sort?.by.toLowerCase() ?? "", scope.sort?.order ?? ""];
  return fnv1a(parts.join("\u0000")).toString(36);
}

const isPosition = (n: number) => Number.isSafeInteger(n) && n >= 0;

function encodePayload(kind: string, value: number, fingerprint: string): string {
  const payload = `${VERSION}${kind}.${value}.${fingerprint}`;
  return btoa(payload).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Encodes a position for the query in `scope`. The text uses only RFC 3986 §2.3 unreserved characters, as
 * RFC 9865 §2 requires. Clients never see it as such: a CursorSeal encrypts it (RFC 9865 §5.1); and every page is
 * still scoped to the caller's directory (RFC 9865 §5.2).
 */
export function encodeCursor(position: CursorPosition, scope: CursorScope): string {
  const [kind, value] = "after" in position ? ["a", position.after] : ["o", position.offset];
  if (!isPosition(value))
    throw new RangeError(`cursor position must be a non-negative safe integer: ${value}`);
  return encodePayload(kind, value, queryFingerprint(scope));
}

function base64urlToText(text: string): string | undefined {
  // A base64 string whose length is 1 mod 4 cannot be decoded; atob would throw a DOMException.
  if (text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  try {
    return atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
}

/**
 * Decodes a cursor issued for the same query. Anything else (garbage, a truncated or edited cursor, one from
 * another query, one whose kind does not fit the query's sorting) is a 400 invalidCursor (RFC 9865 §2.1), and
 * never an error of another kind. An empty cursor asks for the first page; callers handle it before this.
 */
export function decodeCursor(text: string, scope: CursorScope): CursorPosition {
  const match = PAYLOAD.exec(base64urlToText(text) ?? "");
  const [, kind = "", digits = "", fingerprint = ""] = match ?? [];
  const value = Number(digits);
  // Re-encoding must give the text back: this rejects non-canonical base64 and anything not built by us.
  if (!match || !isPosition(value) || encodePayload(kind, value, fingerprint) !== text) {
    throw invalidCursor(
      "The cursor is not one this server issued: send the nextCursor or previousCursor value unchanged, or an empty cursor for the first page.",
    );
  }
  if (fingerprint !== queryFingerprint(scope)) {
    throw invalidCursor(
      "The cursor was issued for a different query: repeat filter, sortBy and sortOrder unchanged, or send an empty cursor to start again.",
    );
  }
  // Keyset positions follow seq order, offsets the sort key: a cursor of the other kind cannot continue this query.
  if ((kind === "a") === (scope.sort !== undefined)) {
    throw invalidCursor("The cursor does not fit this query's sorting: send an empty cursor to start again.");
  }
  return kind === "a" ? { after: value } : { offset: value };
}
