// Bearer tokens (src/auth/token.ts): what is stored and compared is the secret's SHA-256 as hex text.
import { describe, expect, it } from "vitest";
import { generateToken, hashMatches, hashSecret, presentedToken } from "../../../src/auth/token";

describe("bearer tokens", () => {
  it("stores the secret as its SHA-256 in lowercase hex (FIPS 180-2 test vectors)", async () => {
    expect(await hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await hashSecret("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("matches a presented secret against its stored digest, and nothing else", async () => {
    const { token, secret } = generateToken();
    const parsed = presentedToken(`Bearer ${token}`);
    expect(parsed).toMatchObject({ secret });
    const stored = await hashSecret(secret);
    expect(hashMatches(await hashSecret(secret), stored)).toBe(true);
    const other = `${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}`;
    expect(hashMatches(await hashSecret(other), stored)).toBe(false);
    expect(hashMatches(stored.slice(0, -2), stored)).toBe(false);
  });

  it("tells a missing token from a malformed one", () => {
    expect(presentedToken(undefined)).toBe("missing");
    expect(presentedToken("Basic abc")).toBe("missing");
    expect(presentedToken("Bearer scim_123_abc")).toBe("malformed");
  });
});
