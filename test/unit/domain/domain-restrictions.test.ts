// Domain restrictions: which addresses a change may bring in.
import { describe, expect, it } from "vitest";
import { checkDomains, type DomainPolicy } from "../../../src/domain/domain-restrictions";

const policy: DomainPolicy = {
  verifiedDomains: ["acme.com", "acme.co.uk"],
  userNameMustBePrimaryEmail: false,
};
const user = (userName: string, ...emails: string[]) => ({
  userName,
  emails: emails.map((value, i) => ({ value, primary: i === 0 })),
});

describe("checkDomains", () => {
  it("accepts addresses in verified domains, in any case", () => {
    expect(checkDomains(policy, user("Ada@ACME.com", "ada@acme.co.uk"))).toBeUndefined();
  });

  it("names every address outside the verified domains, and the domains that are allowed", () => {
    expect(checkDomains(policy, user("ada@acme.com", "ada@gmail.com", "x@sub.acme.com"))).toEqual({
      reason: "domainNotVerified",
      addresses: ["ada@gmail.com", "x@sub.acme.com"],
      verifiedDomains: ["acme.com", "acme.co.uk"],
    });
  });

  it("refuses a userName that is not an email address", () => {
    expect(checkDomains(policy, user("ada"))?.reason).toBe("domainNotVerified");
    expect(checkDomains(policy, user("ada@"))?.reason).toBe("domainNotVerified");
  });

  it("does not re-check addresses the user already had", () => {
    const before = user("ada@old-domain.com");
    expect(checkDomains(policy, { ...before, title: "CTO" }, before)).toBeUndefined();
    expect(checkDomains(policy, user("ada@old-domain.com", "new@gmail.com"), before)?.reason).toBe(
      "domainNotVerified",
    );
  });

  it("requires userName to equal the primary email where the directory asks for it", () => {
    const strict = { ...policy, userNameMustBePrimaryEmail: true };
    expect(checkDomains(strict, user("ada@acme.com", "ADA@acme.com"))).toBeUndefined();
    expect(checkDomains(strict, user("ada@acme.com", "other@acme.com"))).toEqual({
      reason: "userNameNotPrimaryEmail",
      userName: "ada@acme.com",
      primaryEmail: "other@acme.com",
    });
    expect(checkDomains(strict, user("ada@acme.com"))?.reason).toBe("userNameNotPrimaryEmail");
  });
});
