// Token rules: how long SCIM tokens and OAuth access tokens live, how rotation overlaps, and when a use is
// worth recording. Times are passed in, never read from a clock, so that every rule is testable at any instant.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A generated bearer token's validity when the admin names none: a year, the usual rotation cadence. */
export const TOKEN_VALIDITY_DEFAULT_DAYS = 365;
/** The shortest validity an admin may pick: shorter tokens would expire before an IdP finishes a first sync. */
export const TOKEN_VALIDITY_MIN_DAYS = 1;
/** The longest validity: two years, so that every token is rotated at some point. */
export const TOKEN_VALIDITY_MAX_DAYS = 730;

/** Without an overlap, the previous tokens stop working the moment a new one is generated (the seeds' rule). */
export const OVERLAP_DEFAULT_HOURS = 0;
/**
 * The longest window during which the previous tokens keep working after rotation: a week is enough to paste the
 * new token into the IdP, and short enough that a leaked token does not outlive its replacement for long.
 */
export const OVERLAP_MAX_HOURS = 168;

/** OAuth 2.0 access tokens (RFC 6749 §4.4.3) are short-lived: the IdP asks for a new one each hour. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3_600;

/**
 * A token's last use is written at most once per this many seconds, so that a bulk sync costs no write per
 * request; the admin sees the last use to within five minutes.
 */
export const LAST_USE_RESOLUTION_SECONDS = 300;

/** Revoked or expired bearer tokens are listed (and kept) this long before rotation deletes them. */
export const TOKEN_HISTORY_RETENTION_DAYS = 90;

/** OAuth access tokens are deleted this long after they expire, when the directory gets its next one. */
export const ACCESS_TOKEN_RETENTION_SECONDS = 86_400;

export const tokenExpiry = (now: Date, validityDays: number): string =>
  new Date(now.getTime() + validityDays * DAY_MS).toISOString();

/** When the tokens a rotation supersedes stop working: now, or at the end of the overlap window. */
export const supersededAt = (now: Date, overlapHours: number): string =>
  new Date(now.getTime() + overlapHours * HOUR_MS).toISOString();

/** Bearer tokens that ended (revoked or expired) before this instant are deleted at the next rotation. */
export const historyCutoff = (now: Date): string =>
  new Date(now.getTime() - TOKEN_HISTORY_RETENTION_DAYS * DAY_MS).toISOString();

export const accessTokenCutoff = (now: Date): string =>
  new Date(now.getTime() - ACCESS_TOKEN_RETENTION_SECONDS * 1000).toISOString();

/**
 * An access token lives ACCESS_TOKEN_LIFETIME_SECONDS, but never past the moment its client's credentials stop
 * working (a client superseded with an overlap window), so that rotation ends every way into the directory.
 */
export function accessTokenExpiry(now: Date, clientRevokedAt: string | null): string {
  const lifetimeEnd = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000).toISOString();
  return clientRevokedAt !== null && clientRevokedAt < lifetimeEnd ? clientRevokedAt : lifetimeEnd;
}

/** Whole seconds until `expiresAt`, as RFC 6749 §5.1 `expires_in` wants them. */
export const secondsUntil = (now: Date, expiresAt: string): number =>
  Math.max(0, Math.floor((Date.parse(expiresAt) - now.getTime()) / 1000));

export type TokenStatus = "active" | "revoked" | "expired";

/**
 * A revocation time in the future is a rotation's overlap window: the token works until then. Revocation is
 * reported before expiry, because it is what an admin did on purpose.
 */
export function tokenStatus(token: { expiresAt: string; revokedAt: string | null }, now: Date): TokenStatus {
  if (isRevoked(token.revokedAt, now)) return "revoked";
  if (token.expiresAt <= now.toISOString()) return "expired";
  return "active";
}

/** Revoked from `revokedAt` on; before it (an overlap window) the token or client still works. */
export const isRevoked = (revokedAt: string | null, now: Date): boolean =>
  revokedAt !== null && revokedAt <= now.toISOString();

/** The last-use stamp is refreshed only when it is older than LAST_USE_RESOLUTION_SECONDS (or missing). */
export function shouldRecordUse(lastUsedAt: string | null, now: Date): boolean {
  return lastUsedAt === null || lastUsedAt <= lastUseThreshold(now);
}

/** Stamps at or before this instant are stale; the conditional write compares against the same value. */
export const lastUseThreshold = (now: Date): string =>
  new Date(now.getTime() - LAST_USE_RESOLUTION_SECONDS * 1000).toISOString();
