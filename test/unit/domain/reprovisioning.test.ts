// The re-provisioning rule: restore inactive users, follow renames by externalId, never adopt an active userName.
import { describe, expect, it } from "vitest";
import { type ExistingUser, reprovisionTarget } from "../../../src/domain/reprovisioning";

const user = (id: string, active: boolean, userNameKey: string, externalId: string | null): ExistingUser => ({
  id,
  active,
  userNameKey,
  externalId,
});

describe("reprovisionTarget", () => {
  it("restores an inactive user with the same userName (Okta re-assignment)", () => {
    const existing = user("u1", false, "ada@x.com", null);
    expect(reprovisionTarget([existing], { userNameKey: "ada@x.com", externalId: null })).toBe(existing);
  });

  it("restores an inactive user with the same externalId", () => {
    const existing = user("u1", false, "old@x.com", "ext-1");
    expect(reprovisionTarget([existing], { userNameKey: "new@x.com", externalId: "ext-1" })).toBe(existing);
  });

  it("renames an active user whose externalId comes with a new userName (Google)", () => {
    const existing = user("u1", true, "old@x.com", "ext-1");
    expect(reprovisionTarget([existing], { userNameKey: "new@x.com", externalId: "ext-1" })).toBe(existing);
  });

  it("leaves a second create of an active user to the uniqueness conflict", () => {
    const existing = user("u1", true, "ada@x.com", "ext-1");
    expect(reprovisionTarget([existing], { userNameKey: "ada@x.com", externalId: "ext-1" })).toBeUndefined();
    expect(reprovisionTarget([existing], { userNameKey: "ada@x.com", externalId: null })).toBeUndefined();
  });

  it("creates when nothing matches", () => {
    expect(reprovisionTarget([], { userNameKey: "ada@x.com", externalId: "ext-1" })).toBeUndefined();
  });

  it("prefers restoring the inactive match over renaming an active one", () => {
    const active = user("u1", true, "old@x.com", "ext-1");
    const inactive = user("u2", false, "ada@x.com", null);
    expect(reprovisionTarget([active, inactive], { userNameKey: "ada@x.com", externalId: "ext-1" })).toBe(
      inactive,
    );
  });
});
