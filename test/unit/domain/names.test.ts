// Slugs, domain names and hostnames: DNS rules (RFC 1035 §2.3.4, RFC 1123 §2.1) with messages that say why.
import { describe, expect, it } from "vitest";
import { domainNameProblem, isWithin, slugProblem } from "../../../src/domain/names";

describe("slugProblem", () => {
  it("accepts DNS labels", () => {
    for (const slug of ["acme", "a", "acme-2", "0day", "x".repeat(63)])
      expect(slugProblem(slug), slug).toBeUndefined();
  });

  it("says what is wrong otherwise", () => {
    expect(slugProblem("")).toContain("empty");
    expect(slugProblem("x".repeat(64))).toContain("63");
    for (const slug of ["-acme", "acme-", "ac.me", "ac_me", "Acme", "ac me"])
      expect(slugProblem(slug), slug).toContain("a-z, 0-9 and '-'");
  });
});

describe("domainNameProblem", () => {
  it("accepts lower-case names of two or more labels, including punycode", () => {
    for (const name of ["acme.com", "scim.acme.co.uk", "xn--bcher-kva.example", "a-b.c0"])
      expect(domainNameProblem(name), name).toBeUndefined();
  });

  it("says what is wrong otherwise", () => {
    const cases: [string, string][] = [
      ["", "empty"],
      ["com", "at least two labels"],
      ["acme.com.", "trailing dot"],
      ["bücher.de", "xn--"],
      ["a..com", "empty label"],
      [`${"x".repeat(64)}.com`, "longer than 63"],
      [`${"abcdefghi.".repeat(26)}com`, "longer than 253"],
      ["-acme.com", "may not start or end"],
      ["acme.com/x", "may contain only"],
      ["192.168.0.1", "IP address"],
    ];
    for (const [name, why] of cases) expect(domainNameProblem(name), name).toContain(why);
  });
});

describe("isWithin", () => {
  it("matches the domain and names below it, not names that merely end alike", () => {
    expect(isWithin("scim.test", "scim.test")).toBe(true);
    expect(isWithin("a.scim.test", "scim.test")).toBe(true);
    expect(isWithin("notscim.test", "scim.test")).toBe(false);
  });
});
