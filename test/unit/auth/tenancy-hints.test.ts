// The isolate's tenancy hints (src/auth/tenancy-hints.ts): found only for the same host, token and secret, for a
// bounded time, and never more than a bounded number of them.
import { describe, expect, it } from "vitest";
import {
  LIFETIME_MS,
  MAX_ENTRIES,
  rememberTenancy,
  type TenancyHint,
  tenancyHint,
} from "../../../src/auth/tenancy-hints";

const hint = (id: string) =>
  ({ org: { id: `org-${id}` }, directory: { id: `dir-${id}` } }) as unknown as TenancyHint;
const token = (id: string) => ({ id, secretHash: `hash-${id}` });
const presented = (id: string, secretHash = `hash-${id}`) => ({ id, secretHash });

describe("tenancy hints", () => {
  it("are found for the same host (in any case) and whole secret only", () => {
    rememberTenancy("Acme.scim.test", token("t1"), hint("t1"), 0);
    expect(tenancyHint("acme.SCIM.test", presented("t1"), 1)?.directory.id).toBe("dir-t1");
    expect(tenancyHint("acme.scim.test", presented("t1", "hash-other"), 1)).toBeUndefined();
    expect(tenancyHint("globex.scim.test", presented("t1"), 1)).toBeUndefined();
  });

  it("expire after their lifetime", () => {
    rememberTenancy("expiring.scim.test", token("t2"), hint("t2"), 1_000);
    expect(tenancyHint("expiring.scim.test", presented("t2"), 1_000 + LIFETIME_MS - 1)).toBeDefined();
    expect(tenancyHint("expiring.scim.test", presented("t2"), 1_000 + LIFETIME_MS)).toBeUndefined();
  });

  it("are bounded: the oldest goes first", () => {
    rememberTenancy("first.scim.test", token("first"), hint("first"), 0);
    for (let i = 0; i < MAX_ENTRIES; i++) rememberTenancy("many.scim.test", token(`m${i}`), hint(`m${i}`), 0);
    expect(tenancyHint("first.scim.test", presented("first"), 1)).toBeUndefined();
    expect(tenancyHint("many.scim.test", presented(`m${MAX_ENTRIES - 1}`), 1)).toBeDefined();
  });

  it("are shared frozen: one request cannot change another's", () => {
    rememberTenancy("frozen.scim.test", token("t3"), hint("t3"), 0);
    const found = tenancyHint("frozen.scim.test", presented("t3"), 1);
    expect(Object.isFrozen(found?.directory)).toBe(true);
  });
});
