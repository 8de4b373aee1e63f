// parseFilter/parseValueFilter: grammar, attribute resolution, type rules, limits, and that every failure is invalidFilter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../../../src/scim/errors";
import type { Filter } from "../../../src/scim/filter/ast";
import { MAX_FILTER_COMPARISONS, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from "../../../src/scim/filter/limits";
import { parseFilter, parseValueFilter } from "../../../src/scim/filter/parse";
import { resolveSortBy } from "../../../src/scim/filter/sort";
import { canonicalFilter } from "../../../src/scim/normalise/filter";
import { createNormaliser } from "../../../src/scim/normalise/normaliser";
import { ENTERPRISE_USER_SCHEMA } from "../../../src/scim/schemas/enterprise-user";
import { canonicalPath, resolveAttribute } from "../../../src/scim/schemas/resolve";
import { userResourceType } from "../../../src/scim/schemas/resource-type";

/** Parses `text` as a `generic` directory's filter reaches the parser: IdP dialects normalised first. */
const generic = createNormaliser("generic");
const canonical = (text: string, parent?: string) => canonicalFilter(userResourceType, text, generic, parent);
const parse = (text: string) => parseFilter(userResourceType, canonical(text));

/** The AST with attributes shown as canonical paths, for readable expectations. */
function show(filter: Filter): unknown {
  switch (filter.op) {
    case "and":
    case "or":
      return { [filter.op]: filter.filters.map(show) };
    case "not":
      return { not: show(filter.filter) };
    case "valuePath":
      return { [`${canonicalPath(filter.attr)}[]`]: show(filter.filter) };
    case "pr":
      return [canonicalPath(filter.attr), "pr"];
    default:
      return [canonicalPath(filter.attr), filter.op, filter.value];
  }
}

/** The detail of the invalidFilter error `text` raises; fails the test on anything else. */
function rejection(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    const scim = error as ScimError;
    expect([scim.status, scim.scimType]).toEqual([400, "invalidFilter"]);
    return scim.detail;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("what IdPs send", () => {
  it.each([
    ['userName eq "a@b.c"', ["userName", "eq", "a@b.c"]],
    [
      'externalId eq "0f2ad6c8-5bd1-4a5d-9d1f-7a0c1c2b3d4e"',
      ["externalId", "eq", "0f2ad6c8-5bd1-4a5d-9d1f-7a0c1c2b3d4e"],
    ],
    ['displayName eq "Sales"', ["displayName", "eq", "Sales"]],
    // Entra's documentation shows unquoted values.
    ["externalId eq jyoung", ["externalId", "eq", "jyoung"]],
    [
      "externalId eq 5e2f0c1a-07c4-4b47-9a0b-1f6f2f1e3d2c",
      ["externalId", "eq", "5e2f0c1a-07c4-4b47-9a0b-1f6f2f1e3d2c"],
    ],
  ])("%s", (text, expected) => {
    expect(show(parse(text))).toEqual(expected);
  });
});

describe("grammar (RFC 7644 §3.4.2.2)", () => {
  it("reads every operator, in any case", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(show(parse(`title ${op.toUpperCase()} "x"`))).toEqual(["title", op, "x"]);
    }
    expect(show(parse("title PR"))).toEqual(["title", "pr"]);
  });

  it("gives and precedence over or, and honours grouping and not", () => {
    expect(show(parse('title eq "a" or title eq "b" and nickName pr'))).toEqual({
      or: [
        ["title", "eq", "a"],
        {
          and: [
            ["title", "eq", "b"],
            ["nickName", "pr"],
          ],
        },
      ],
    });
    expect(show(parse('(title eq "a" or title eq "b") AND nickName pr'))).toEqual({
      and: [
        {
          or: [
            ["title", "eq", "a"],
            ["title", "eq", "b"],
          ],
        },
        ["nickName", "pr"],
      ],
    });
    expect(show(parse('not (title eq "a") and Not(nickName pr)'))).toEqual({
      and: [{ not: ["title", "eq", "a"] }, { not: ["nickName", "pr"] }],
    });
  });

  it("reads JSON values: escapes, numbers, true/false/null", () => {
    expect(show(parse('title eq "\\u00c9mile \\"le\\" \\\\ grand"'))).toEqual([
      "title",
      "eq",
      'Émile "le" \\ grand',
    ]);
    expect(show(parse("title eq null"))).toEqual(["title", "eq", null]);
    expect(show(parse("active eq TRUE"))).toEqual(["active", "eq", true]);
  });

  it("resolves names case-insensitively, with URN prefixes, to canonical attributes", () => {
    expect(show(parse('USERNAME eq "x"'))).toEqual(["userName", "eq", "x"]);
    expect(show(parse('name.GIVENNAME sw "J"'))).toEqual(["name.givenName", "sw", "J"]);
    expect(show(parse('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"'))).toEqual([
      "userName",
      "eq",
      "x",
    ]);
    expect(show(parse(`${ENTERPRISE_USER_SCHEMA}:manager.value eq "m1"`))).toEqual([
      `${ENTERPRISE_USER_SCHEMA}:manager.value`,
      "eq",
      "m1",
    ]);
    expect(show(parse(`${ENTERPRISE_USER_SCHEMA}:manager.$ref pr`))).toEqual([
      `${ENTERPRISE_USER_SCHEMA}:manager.$ref`,
      "pr",
    ]);
  });

  it("reads value paths, with sub-attributes resolved under the attribute", () => {
    expect(show(parse('emails[type eq "work" and value co "@example.com"]'))).toEqual({
      "emails[]": {
        and: [
          ["emails.type", "eq", "work"],
          ["emails.value", "co", "@example.com"],
        ],
      },
    });
    expect(show(parse('userType eq "Employee" and emails[not (Primary eq true)]'))).toEqual({
      and: [["userType", "eq", "Employee"], { "emails[]": { not: ["emails.primary", "eq", true] } }],
    });
  });
});

describe("complex attributes without a sub-attribute", () => {
  it("compare their value sub-attribute (RFC 7643 §2.4)", () => {
    expect(show(parse('emails eq "a@b.c"'))).toEqual(["emails.value", "eq", "a@b.c"]);
    expect(show(parse(`${ENTERPRISE_USER_SCHEMA}:manager eq "m1"`))).toEqual([
      `${ENTERPRISE_USER_SCHEMA}:manager.value`,
      "eq",
      "m1",
    ]);
  });

  it("are tested as a whole by pr", () => {
    expect(show(parse("name pr"))).toEqual(["name", "pr"]);
    expect(show(parse("emails pr"))).toEqual(["emails", "pr"]);
  });

  it("need a sub-attribute when they have no value", () => {
    expect(rejection('name eq "x"')).toMatch(/"name" is complex.*name\.formatted/);
  });
});

describe("types and operators", () => {
  it("takes Entra's string booleans", () => {
    expect(show(parse('active eq "True"'))).toEqual(["active", "eq", true]);
    expect(show(parse('emails[primary eq "FALSE"]'))).toEqual({
      "emails[]": ["emails.primary", "eq", false],
    });
  });

  it("normalises dateTimes to the stored format", () => {
    expect(show(parse('meta.lastModified gt "2011-05-13T04:42:34Z"'))).toEqual([
      "meta.lastModified",
      "gt",
      "2011-05-13T04:42:34.000Z",
    ]);
    expect(show(parse('meta.created ge "2024-01-01T01:00:00+01:00"'))).toEqual([
      "meta.created",
      "ge",
      "2024-01-01T00:00:00.000Z",
    ]);
    expect(show(parse('meta.created lt "2024-03-01"'))).toEqual([
      "meta.created",
      "lt",
      "2024-03-01T00:00:00.000Z",
    ]);
  });

  it("reads a bare number compared with a string as that string, as Entra means it", () => {
    expect(show(parse("userName eq 42"))).toEqual(["userName", "eq", "42"]);
  });

  it.each([
    ["active gt true", /"gt" cannot be used with boolean attribute "active"/],
    ['x509Certificates.value lt "AAAA"', /"lt" cannot be used with binary/],
    ['x509Certificates co "AA"', /"co" needs a string attribute/],
    ['active sw "t"', /"sw" needs a string attribute/],
    ['meta.created co "2024"', /"co" needs a string attribute, and "meta.created" is dateTime/],
    ['active eq "x"', /"active" is a boolean: compare it with true or false, not "x"/],
    ["active eq 42", /"active" is a boolean: compare it with true or false, not 42/],
    ["userName eq true", /not true/],
    ['meta.created gt "yesterday"', /"meta.created" is a dateTime/],
    ['meta.created gt "2024-02-30T00:00:00Z"', /dateTime/],
    ["meta.created gt 1700000000", /dateTime/],
    ["title gt null", /null can only be compared with eq or ne/],
  ])("rejects %s", (text, detail) => {
    expect(rejection(text)).toMatch(detail);
  });
});

describe("rejections say what is wrong", () => {
  it.each([
    ['nope eq "x"', /Unknown attribute "nope"/],
    ['name.nope eq "x"', /Unknown attribute "name.nope"/],
    ['urn:ietf:params:scim:schemas:core:2.0:User eq "x"', /is a schema URN/],
    ['password eq "hunter2"', /"password" cannot be used in a filter/],
    ['name[givenName eq "x"]', /a value path needs a multi-valued complex attribute/],
    ['emails[nope eq "x"]', /"nope" is not a sub-attribute of "emails"/],
    ['emails[emails[type eq "x"]]', /cannot be nested/],
    ['emails[type eq "work"].value eq "a@b.c"', /only valid in PATCH paths.*"\]\.value eq/],
    ['userName eq "x', /Unterminated string/],
    ['userName eq "\\q"', /Invalid escape or control character in the string at "\\"\\\\q\\""/],
    ['userName eq "a\nb"', /Invalid escape or control character/],
    ['userName eq "a" #', /Unexpected character at "#"/],
    ["userName eq", /expected a value .* but found the end of the filter/],
    ['userName is "x"', /expected an operator .* after "userName" but found "is"/],
    ['(userName eq "x"', /expected "\)" but found the end/],
    ['emails[type eq "x"', /expected "\]"/],
    ['userName eq "x" userName eq "y"', /Unexpected "userName" after a complete filter/],
    [
      'userName eq "x" constructor title pr',
      /Unknown operator "constructor": filters combine terms with and, or, not/,
    ],
    ["", /empty/],
    ["   ", /empty/],
    ['userName eq "x" and', /it ends too early/],
    ["emails[]", /unexpected "\]"/],
  ])("%s", (text, detail) => {
    expect(rejection(text)).toMatch(detail);
  });
});

describe("limits", () => {
  it(`refuses more than ${MAX_FILTER_LENGTH} characters`, () => {
    const text = `userName eq "${"a".repeat(MAX_FILTER_LENGTH)}"`;
    expect(rejection(text)).toMatch(/longer than 2048 characters/);
  });

  it(`refuses more than ${MAX_FILTER_COMPARISONS} comparisons, accepts exactly that many`, () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `title eq "${i}"`).join(" or ");
    expect(() => parse(terms(MAX_FILTER_COMPARISONS))).not.toThrow();
    expect(rejection(terms(MAX_FILTER_COMPARISONS + 1))).toMatch(/more than 90 comparisons/);
  });

  it(`refuses nesting deeper than ${MAX_FILTER_DEPTH}`, () => {
    const brackets = `${"(".repeat(MAX_FILTER_DEPTH + 1)}title pr${")".repeat(MAX_FILTER_DEPTH + 1)}`;
    expect(rejection(brackets)).toMatch(/nested more than 16/);
    expect(rejection(`${"not ".repeat(MAX_FILTER_DEPTH)}title pr`)).toMatch(/nested more than 16/);
    expect(rejection(`${"(".repeat(1_000)}`)).toMatch(/nested more than 16/);
  });
});

describe("parseValueFilter (PATCH paths, RFC 7644 §3.5.2)", () => {
  const emails = resolveAttribute(userResourceType, "emails");
  const name = resolveAttribute(userResourceType, "name");
  if (!emails || !name) throw new Error("schema");

  it("resolves names as sub-attributes", () => {
    expect(
      show(
        parseValueFilter(
          userResourceType,
          emails,
          canonical('type eq "work" and Primary eq "True"', "emails"),
        ),
      ),
    ).toEqual({
      and: [
        ["emails.type", "eq", "work"],
        ["emails.primary", "eq", true],
      ],
    });
  });

  it("refuses attributes that are not multi-valued complex, and unknown sub-attributes", () => {
    expect(() => parseValueFilter(userResourceType, name, 'givenName eq "x"')).toThrow(
      /multi-valued complex/,
    );
    expect(() => parseValueFilter(userResourceType, emails, 'userName eq "x"')).toThrow(
      /not a sub-attribute/,
    );
  });
});

describe("resolveSortBy (RFC 7644 §3.4.2.3)", () => {
  it("resolves, takes value for complex multi-valued, refuses complex without value", () => {
    expect(canonicalPath(resolveSortBy(userResourceType, "USERNAME"))).toBe("userName");
    expect(canonicalPath(resolveSortBy(userResourceType, "emails"))).toBe("emails.value");
    expect(() => resolveSortBy(userResourceType, "name")).toThrow(/name a sub-attribute/);
    expect(() => resolveSortBy(userResourceType, "nope")).toThrow(/Unknown attribute/);
  });
});

describe("hostile input (property)", () => {
  const expectInvalidFilter = (text: string) => {
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof ScimError) || error.scimType !== "invalidFilter" || error.status !== 400)
        throw error;
    }
  };
  const fragments = fc.constantFrom(
    "userName",
    "emails",
    "emails.value",
    "name",
    "active",
    "meta.created",
    "password",
    "groups",
    "$ref",
    ENTERPRISE_USER_SCHEMA,
    `${ENTERPRISE_USER_SCHEMA}:manager`,
    "eq",
    "ne",
    "co",
    "sw",
    "ew",
    "gt",
    "ge",
    "lt",
    "le",
    "pr",
    "and",
    "or",
    "not",
    "(",
    ")",
    "[",
    "]",
    "].",
    ".",
    '"',
    '"x"',
    '"\\u00e9"',
    '"\\',
    "\\",
    "true",
    "False",
    "null",
    "-1",
    "1e999",
    "0.5",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    " ",
    "\n",
    "\u0000",
    "é",
    "😀",
    "\uD800",
    "%",
    "@",
  );
  const tokens = fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join(" "));
  const glued = fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join(""));

  it("never throws anything but invalidFilter, whatever the text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), expectInvalidFilter), {
      numRuns: 2_000,
    });
    fc.assert(fc.property(tokens, expectInvalidFilter), { numRuns: 3_000 });
    fc.assert(fc.property(glued, expectInvalidFilter), { numRuns: 2_000 });
  });

  it("survives pathological nesting and length", () => {
    for (const text of [
      "(".repeat(5_000),
      `${"not ".repeat(600)}title pr`,
      `${"title pr and ".repeat(300)}title pr`,
      `emails[${"[".repeat(100)}`,
      `"${"\\\\".repeat(1_000)}`,
    ]) {
      expectInvalidFilter(text);
    }
  });
});
