// What this isolate last saw a credential open: the organisation and directory of a (host, token) pair that
// authenticated. A hint lets a read start before the catalogue has answered; it never admits anyone by itself:
// the request's first batch reads the catalogue again and the credential is checked against that fresh row
// (src/http/middleware/tenant.ts). A stale hint costs at most a wasted read, never a wrong answer.
import type { Directory, Organisation } from "../db/tenancy";
import { hashMatches, type PresentedSecret } from "./token";

export interface TenancyHint {
  org: Organisation;
  directory: Directory;
}

interface Entry extends TenancyHint {
  secretHash: string;
  expires: number;
}

/** Hints live briefly and are few: enough for the IdPs that call one isolate, bounded whatever happens. */
export const LIFETIME_MS = 60_000;
export const MAX_ENTRIES = 1_000;

const entries = new Map<string, Entry>();
const keyOf = (host: string, tokenId: string) => `${host.toLowerCase()}\n${tokenId}`;

/** Remembers a credential that has just authenticated, with the rows it opened. */
export function rememberTenancy(
  host: string,
  token: { id: string; secretHash: string },
  hint: TenancyHint,
  now = Date.now(),
): void {
  const key = keyOf(host, token.id);
  entries.delete(key);
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  // Shared by the requests that start from it: nobody may change it under another.
  const shared = { org: Object.freeze({ ...hint.org }), directory: Object.freeze({ ...hint.directory }) };
  entries.set(key, { ...shared, secretHash: token.secretHash, expires: now + LIFETIME_MS });
}

/** Forgets a credential that failed its check: its next request waits for the catalogue again. */
export const forgetTenancy = (host: string, tokenId: string): void => {
  entries.delete(keyOf(host, tokenId));
};

/** The hint for a presented token: only if its whole secret matches what authenticated before. */
export function tenancyHint(
  host: string,
  presented: PresentedSecret,
  now = Date.now(),
): TenancyHint | undefined {
  const key = keyOf(host, presented.id);
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.expires <= now) {
    entries.delete(key);
    return undefined;
  }
  if (!hashMatches(presented.secretHash, entry.secretHash)) return undefined;
  return { org: entry.org, directory: entry.directory };
}
