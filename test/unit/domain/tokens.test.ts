// Token rules: validity, rotation overlap, access-token lifetime, status, and how often a use is recorded.
import { describe, expect, it } from "vitest";
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  accessTokenExpiry,
  historyCutoff,
  isRevoked,
  LAST_USE_RESOLUTION_SECONDS,
  OVERLAP_DEFAULT_HOURS,
  OVERLAP_MAX_HOURS,
  secondsUntil,
  shouldRecordUse,
  supersededAt,
  TOKEN_VALIDITY_DEFAULT_DAYS,
  TOKEN_VALIDITY_MAX_DAYS,
  TOKEN_VALIDITY_MIN_DAYS,
  tokenExpiry,
  tokenStatus,
} from "../../../src/domain/tokens";

const now = new Date("2030-01-01T00:00:00.000Z");
const plus = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

describe("limits", () => {
  it("default to a year of validity and no overlap, within documented bounds", () => {
    expect([TOKEN_VALIDITY_MIN_DAYS, TOKEN_VALIDITY_DEFAULT_DAYS, TOKEN_VALIDITY_MAX_DAYS]).toEqual([
      1, 365, 730,
    ]);
    expect([OVERLAP_DEFAULT_HOURS, OVERLAP_MAX_HOURS]).toEqual([0, 168]);
    expect(ACCESS_TOKEN_LIFETIME_SECONDS).toBe(3600);
  });
});

describe("tokenExpiry and supersededAt", () => {
  it("count whole days and hours from now", () => {
    expect(tokenExpiry(now, 1)).toBe(plus(86_400));
    expect(supersededAt(now, 0)).toBe(now.toISOString());
    expect(supersededAt(now, 24)).toBe(plus(86_400));
  });

  it("keeps ended tokens for 90 days", () => {
    expect(historyCutoff(now)).toBe(plus(-90 * 86_400));
  });
});

describe("tokenStatus", () => {
  const token = (expiresAt: string, revokedAt: string | null) => ({ expiresAt, revokedAt });

  it("is active until expiry, expired from it", () => {
    expect(tokenStatus(token(plus(1), null), now)).toBe("active");
    expect(tokenStatus(token(plus(0), null), now)).toBe("expired");
  });

  it("treats a future revocation as an overlap window", () => {
    expect(tokenStatus(token(plus(100), plus(1)), now)).toBe("active");
    expect(tokenStatus(token(plus(100), plus(0)), now)).toBe("revoked");
    expect(isRevoked(plus(1), now)).toBe(false);
    expect(isRevoked(null, now)).toBe(false);
  });

  it("reports revocation before expiry: it is what the admin did", () => {
    expect(tokenStatus(token(plus(-10), plus(-20)), now)).toBe("revoked");
  });
});

describe("accessTokenExpiry", () => {
  it("lasts an hour", () => {
    expect(accessTokenExpiry(now, null)).toBe(plus(3600));
    expect(secondsUntil(now, accessTokenExpiry(now, null))).toBe(3600);
  });

  it("never outlives its client's overlap window", () => {
    expect(accessTokenExpiry(now, plus(600))).toBe(plus(600));
    expect(accessTokenExpiry(now, plus(7200))).toBe(plus(3600));
  });

  it("counts expires_in in whole seconds, never negative", () => {
    expect(secondsUntil(now, plus(1.9))).toBe(1);
    expect(secondsUntil(now, plus(-5))).toBe(0);
  });
});

describe("shouldRecordUse", () => {
  it("records the first use, then at most once per resolution", () => {
    expect(shouldRecordUse(null, now)).toBe(true);
    expect(shouldRecordUse(plus(-(LAST_USE_RESOLUTION_SECONDS - 1)), now)).toBe(false);
    expect(shouldRecordUse(plus(-LAST_USE_RESOLUTION_SECONDS), now)).toBe(true);
  });
});
