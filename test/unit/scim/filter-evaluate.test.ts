// matchesFilter/matchesElement: the reference semantics of filters (absent, empty, Unicode case, multi-valued).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Filter } from "../../../src/scim/filter/ast";
import { compareCodePoints, matchesElement, matchesFilter } from "../../../src/scim/filter/evaluate";
import { parseValueFilter } from "../../../src/scim/filter/parse";
import { resolveAttribute } from "../../../src/scim/schemas/resolve";
import { userResourceType } from "../../../src/scim/schemas/resource-type";
import {
  canonicalUserFilter,
  filterExpectations,
  fixtureUsers,
  parseGenericFilter,
} from "../../support/filter-users";

const canonical = canonicalUserFilter;
const parse = parseGenericFilter;
const selected = (filter: Filter) => fixtureUsers.filter((u) => matchesFilter(filter, u)).map((u) => u.id);

describe("matchesFilter on the fixture users", () => {
  it.each(filterExpectations)("%s", (text, ids) => {
    expect(selected(parse(text))).toEqual(ids);
  });
});

describe("laws", () => {
  const texts = filterExpectations.map(([text]) => text);

  it("`a ne v` is `not (a eq v)`, and `not` complements", () => {
    for (const text of ['title ne "Engineer"', 'emails ne "bob@work.example"', 'externalId ne "EXT-1"']) {
      const negated = text.replace(" ne ", " eq ");
      expect(selected(parse(text))).toEqual(selected(parse(`not (${negated})`)));
    }
    for (const text of texts) {
      const both = [...selected(parse(text)), ...selected(parse(`not (${text})`))].sort();
      expect(both).toEqual(fixtureUsers.map((u) => u.id).sort());
    }
  });

  it("`a eq null` is `not (a pr)`", () => {
    for (const path of ["title", "externalId", "emails", "name", "emails.type"]) {
      expect(selected(parse(`${path} eq null`))).toEqual(selected(parse(`not (${path} pr)`)));
    }
  });
});

describe("matchesElement (PATCH value filters)", () => {
  const emails = resolveAttribute(userResourceType, "emails");
  if (!emails) throw new Error("schema");
  const elements = [
    { value: "A@Work.example", type: "Work", primary: true },
    { value: "a@home.example", type: "home" },
    { value: "nothing" },
    "not an object",
  ];
  const which = (text: string) =>
    elements.flatMap((e, i) =>
      matchesElement(parseValueFilter(userResourceType, emails, canonical(text, "emails")), e) ? [i] : [],
    );

  it("tests one element, folding caseExact=false sub-attributes", () => {
    expect(which('type eq "work"')).toEqual([0]);
    expect(which('value eq "a@work.EXAMPLE" and primary eq "True"')).toEqual([0]);
    expect(which("type pr")).toEqual([0, 1]);
    expect(which('type ne "work"')).toEqual([1, 2, 3]);
    expect(which('not (value co "example")')).toEqual([2, 3]);
  });
});

describe("compareCodePoints", () => {
  it("orders as UTF-8 bytes do, which SQLite's BINARY collation compares", () => {
    const encoder = new TextEncoder();
    const bytes = (s: string) => Array.from(encoder.encode(s));
    const compareBytes = (a: number[], b: number[]) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) return d;
      }
      return a.length - b.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(compareBytes(bytes(a), bytes(b))));
      }),
      { numRuns: 2_000 },
    );
  });
});
