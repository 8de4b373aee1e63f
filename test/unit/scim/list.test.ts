// List requests and responses: parsing (RFC 7644 §3.4.2–3.4.3), cursors (RFC 9865) and ListResponse building.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CursorScope, decodeCursor, encodeCursor } from "../../../src/scim/cursor";
import { ScimError, type ScimType } from "../../../src/scim/errors";
import { DEFAULT_PAGE_SIZE, MAX_ATTRIBUTE_PATHS, MAX_PAGE_SIZE } from "../../../src/scim/limits";
import {
  cursorLinks,
  LIST_RESPONSE_SCHEMA,
  type ListQuery,
  listResponse,
  pageWindow,
  parseListQuery,
  SEARCH_REQUEST_SCHEMA,
} from "../../../src/scim/list";

const get = (query: string) => parseListQuery({ kind: "query", params: new URLSearchParams(query) });
const search = (body: Record<string, unknown>) =>
  parseListQuery({ kind: "search", body: { schemas: [SEARCH_REQUEST_SCHEMA], ...body } });

/** Runs `run` and returns the ScimError it throws, failing if it throws anything else or nothing. */
function scimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error("expected a ScimError");
}
const expect400 = (run: () => unknown, scimType: ScimType) =>
  expect(scimError(run)).toMatchObject({ status: 400, scimType });

describe("parseListQuery from GET parameters", () => {
  it("defaults to the first index page of DEFAULT_PAGE_SIZE", () => {
    expect(get("")).toEqual({
      filter: undefined,
      sort: undefined,
      count: DEFAULT_PAGE_SIZE,
      paging: { method: "index", startIndex: 1 },
      attributes: [],
      excludedAttributes: [],
    });
  });

  it("reads Okta's probe and existence check", () => {
    expect(get("startIndex=1&count=2")).toMatchObject({
      count: 2,
      paging: { method: "index", startIndex: 1 },
    });
    expect(get("filter=userName%20eq%20%22a%40b.c%22&startIndex=1&count=100")).toMatchObject({
      filter: 'userName eq "a@b.c"',
      count: 100,
    });
  });

  it("reads Entra's group check, Google's probe and OneLogin's trailing &", () => {
    expect(get('excludedAttributes=members&filter=displayName+eq+"Sales"').excludedAttributes).toEqual([
      "members",
    ]);
    expect(get("count=1").count).toBe(1);
    expect(get("filter=userName+eq+%22x%22&").filter).toBe('userName eq "x"');
  });

  it("treats startIndex < 1 as 1 and count < 0 as 0 (RFC 7644 §3.4.2.4)", () => {
    expect(get("startIndex=0").paging).toEqual({ method: "index", startIndex: 1 });
    expect(get("startIndex=-7").paging).toEqual({ method: "index", startIndex: 1 });
    expect(get("count=-1").count).toBe(0);
    expect(get("count=0").count).toBe(0);
  });

  it("caps count at MAX_PAGE_SIZE and clamps absurd numbers", () => {
    expect(get(`count=${MAX_PAGE_SIZE + 1}`).count).toBe(MAX_PAGE_SIZE);
    expect(get(`count=${"9".repeat(400)}`).count).toBe(MAX_PAGE_SIZE);
    expect(get(`startIndex=${"9".repeat(30)}`).paging).toEqual({
      method: "index",
      startIndex: Number.MAX_SAFE_INTEGER,
    });
  });

  it("rejects non-integers with 400 invalidValue", () => {
    for (const bad of [
      "count=ten",
      "count=1.5",
      "count=1e3",
      "count=0x10",
      "startIndex=one",
      "startIndex=2.0",
    ]) {
      expect400(() => get(bad), "invalidValue");
    }
  });

  it("treats blank values as absent", () => {
    expect(get("filter=%20&count=&startIndex=&sortBy=&sortOrder=&attributes=")).toEqual(get(""));
  });

  it("reads sortBy and sortOrder case-insensitively, ascending by default", () => {
    expect(get("sortBy=name.familyName").sort).toEqual({ by: "name.familyName", order: "ascending" });
    expect(get("sortBy=userName&sortOrder=DESCENDING").sort).toEqual({ by: "userName", order: "descending" });
    expect(get("sortOrder=descending").sort).toBeUndefined();
    expect400(() => get("sortBy=userName&sortOrder=down"), "invalidValue");
  });

  it("splits attribute lists on commas, trims them and merges repeated parameters", () => {
    expect(get("attributes=userName,%20name.givenName,,&attributes=emails").attributes).toEqual([
      "userName",
      "name.givenName",
      "emails",
    ]);
  });

  it("matches parameter names case-insensitively and ignores unknown ones", () => {
    expect(get("STARTINDEX=3&Count=5&foo=bar")).toMatchObject({ count: 5, paging: { startIndex: 3 } });
  });

  it("rejects a scalar parameter given twice", () => {
    expect400(() => get("count=1&count=2"), "invalidValue");
    expect400(() => get("filter=a&Filter=b"), "invalidValue");
  });

  it("leaves the filter text to the filter parser, trimmed", () => {
    expect(get("filter=%20userName%20pr%20").filter).toBe("userName pr");
    expect(get(`filter=${"a".repeat(10_000)}`).filter).toHaveLength(10_000);
  });

  it("enforces the attribute-list limit", () => {
    const many = Array.from({ length: MAX_ATTRIBUTE_PATHS + 1 }, (_, i) => `a${i}`).join(",");
    expect400(() => get(`attributes=${many}`), "invalidValue");
  });
});

describe("cursor paging (RFC 9865)", () => {
  it("starts cursor paging with an empty cursor, as a bare parameter or cursor=", () => {
    expect(get("cursor").paging).toEqual({ method: "cursor", position: undefined });
    expect(get("cursor=&count=10")).toMatchObject({
      count: 10,
      paging: { method: "cursor", position: undefined },
    });
  });

  it("continues from a cursor issued for the same query", () => {
    const next = encodeCursor({ after: 42 }, { filter: 'userName sw "J"' });
    const query = get(`filter=userName+sw+"J"&cursor=${next}&count=10`);
    expect(query.paging).toEqual({ method: "cursor", position: { after: 42 } });
  });

  it("rejects startIndex together with cursor", () => {
    expect400(() => get("cursor=&startIndex=1"), "invalidValue");
  });

  it("rejects a cursor from another query, or for the other sorting", () => {
    const cursor = encodeCursor({ after: 1 }, { filter: 'userName sw "J"' });
    expect400(() => get(`filter=userName+sw+"K"&cursor=${cursor}`), "invalidCursor");
    expect400(() => get(`filter=userName+sw+"J"&sortBy=userName&cursor=${cursor}`), "invalidCursor");
    const offset = encodeCursor({ offset: 10 }, { sort: { by: "userName", order: "ascending" } });
    expect400(() => get(`sortBy=userName&sortOrder=descending&cursor=${offset}`), "invalidCursor");
    expect(get(`sortBy=USERNAME&cursor=${offset}`).paging).toEqual({
      method: "cursor",
      position: { offset: 10 },
    });
  });

  it("rejects garbage as invalidCursor", () => {
    for (const bad of ["x", "%20", "abc$", "Zm9v", "MWEuMS4w", "!!!!", "a".repeat(500)]) {
      expect400(() => get(`cursor=${encodeURIComponent(bad)}`), "invalidCursor");
    }
  });
});

describe("parseListQuery from a POST /.search body (RFC 7644 §3.4.3)", () => {
  it("reads the SearchRequest attributes, with arrays for attribute lists", () => {
    expect(
      search({
        attributes: ["displayName", "userName"],
        excludedAttributes: ["emails"],
        filter: 'displayName sw "smith"',
        sortBy: "userName",
        sortOrder: "descending",
        startIndex: 11,
        count: 10,
      }),
    ).toEqual({
      filter: 'displayName sw "smith"',
      sort: { by: "userName", order: "descending" },
      count: 10,
      paging: { method: "index", startIndex: 11 },
      attributes: ["displayName", "userName"],
      excludedAttributes: ["emails"],
    });
  });

  it("reads an RFC 9865 §3 cursor request", () => {
    expect(search({ cursor: "", count: 10 }).paging).toEqual({ method: "cursor", position: undefined });
  });

  it("treats null as absent, numeric strings as numbers and names case-insensitively", () => {
    expect(search({ filter: null, Count: "5", STARTINDEX: null, attributes: null })).toMatchObject({
      filter: undefined,
      count: 5,
      paging: { method: "index", startIndex: 1 },
      attributes: [],
    });
  });

  it("applies the same value rules as GET", () => {
    expect(search({ count: -3, startIndex: 0 })).toMatchObject({ count: 0, paging: { startIndex: 1 } });
    expect(search({ count: 10_000 }).count).toBe(MAX_PAGE_SIZE);
    expect400(() => search({ count: 1.5 }), "invalidValue");
    expect400(() => search({ sortOrder: "sideways" }), "invalidValue");
    expect400(() => search({ cursor: "", startIndex: 1 }), "invalidValue");
    expect400(() => search({ cursor: "nope" }), "invalidCursor");
  });

  it("rejects a body that is not a SearchRequest with 400 invalidSyntax", () => {
    const body = (value: unknown) => () => parseListQuery({ kind: "search", body: value });
    expect400(body(null), "invalidSyntax");
    expect400(body([]), "invalidSyntax");
    expect400(body("filter=x"), "invalidSyntax");
    expect400(body({ count: 1 }), "invalidSyntax");
    expect400(body({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] }), "invalidSyntax");
    expect400(() => search({ attributes: [1, 2] }), "invalidSyntax");
    expect400(() => search({ count: true }), "invalidSyntax");
    expect400(() => search({ count: 1, COUNT: 2 }), "invalidSyntax");
  });

  it("ignores unknown members, including __proto__", () => {
    const body = JSON.parse(
      `{"schemas":["${SEARCH_REQUEST_SCHEMA}"],"__proto__":{"count":7},"extra":1}`,
    ) as unknown;
    expect(parseListQuery({ kind: "search", body }).count).toBe(DEFAULT_PAGE_SIZE);
  });
});

describe("the cursor codec", () => {
  const sorted: CursorScope = { filter: "active eq true", sort: { by: "userName", order: "ascending" } };

  it("round-trips keyset and offset positions using only unreserved characters (RFC 3986 §2.3)", () => {
    for (const [position, scope] of [
      [{ after: 0 }, {}],
      [{ after: Number.MAX_SAFE_INTEGER }, { filter: "x" }],
      [{ offset: 100 }, sorted],
    ] as const) {
      const text = encodeCursor(position, scope);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text, scope)).toEqual(position);
    }
  });

  it("refuses to encode a position that is not a non-negative safe integer", () => {
    expect(() => encodeCursor({ after: -1 }, {})).toThrow(RangeError);
    expect(() => encodeCursor({ offset: 1.5 }, sorted)).toThrow(RangeError);
  });

  it("rejects an edited cursor", () => {
    const text = encodeCursor({ after: 12345 }, {});
    const edited = `${text.slice(0, -1)}${text.endsWith("A") ? "B" : "A"}`;
    expect400(() => decodeCursor(edited, {}), "invalidCursor");
    expect400(() => decodeCursor(`${text}AA`, {}), "invalidCursor");
    expect400(() => decodeCursor("", {}), "invalidCursor");
  });

  it("gives only ScimError 400 for any text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        try {
          const position = decodeCursor(text, {});
          expect(encodeCursor(position, {})).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
          expect(error).toMatchObject({ status: 400, scimType: "invalidCursor" });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives only ScimError 400 for base64url noise and mutated cursors (property)", () => {
    const mutated = fc
      .tuple(fc.nat(), fc.nat({ max: 100 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,3}$/))
      .map(([n, at, insert]) => {
        const text = encodeCursor({ after: n }, {});
        return text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + 1);
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/)), (text) => {
        try {
          expect(encodeCursor(decodeCursor(text, {}), {})).toBe(text);
        } catch (error) {
          expect(error).toMatchObject({ status: 400, scimType: "invalidCursor" });
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips any position for any query (property)", () => {
    const scope = fc.record({
      filter: fc.option(fc.string({ unit: "binary" }), { nil: undefined }),
      sort: fc.option(
        fc.record({
          by: fc.string({ minLength: 1 }),
          order: fc.constantFrom("ascending" as const, "descending" as const),
        }),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(scope, fc.maxSafeNat(), (s, n) => {
        const position = s.sort ? { offset: n } : { after: n };
        expect(decodeCursor(encodeCursor(position, s), s)).toEqual(position);
      }),
    );
  });
});

describe("parseListQuery against hostile input (property)", () => {
  const names = [
    "filter",
    "sortBy",
    "sortOrder",
    "startIndex",
    "count",
    "cursor",
    "attributes",
    "excludedAttributes",
  ];
  const name = fc.oneof(
    fc.constantFrom(...names),
    fc.constantFrom(...names).map((n) => n.toUpperCase()),
    fc.string(),
  );
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom(
      "",
      " ",
      "-0",
      "1e309",
      "ascending",
      "DESCENDING",
      "null",
      "%",
      "\u0000",
      "9".repeat(400),
    ),
    fc.nat().map((n) => encodeCursor({ after: n }, {})),
  );

  const invariants = (query: ListQuery) => {
    expect(Number.isInteger(query.count)).toBe(true);
    expect(query.count).toBeGreaterThanOrEqual(0);
    expect(query.count).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    if (query.paging.method === "index") {
      expect(Number.isSafeInteger(query.paging.startIndex)).toBe(true);
      expect(query.paging.startIndex).toBeGreaterThanOrEqual(1);
    }
  };
  const onlyScim400 = (run: () => ListQuery) => {
    try {
      invariants(run());
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).status).toBe(400);
    }
  };

  it("GET parameters give a valid query or a ScimError 400", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, text), { maxLength: 10 }), (pairs) => {
        onlyScim400(() => parseListQuery({ kind: "query", params: new URLSearchParams(pairs) }));
      }),
      { numRuns: 2000 },
    );
  });

  it("raw query strings give a valid query or a ScimError 400", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (raw) => {
        onlyScim400(() => parseListQuery({ kind: "query", params: new URLSearchParams(raw) }));
      }),
      { numRuns: 2000 },
    );
  });

  it("SearchRequest bodies give a valid query or a ScimError 400", () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      text,
      fc.array(text, { maxLength: 3 }),
      fc.anything(),
    );
    const body = fc.oneof(
      fc.dictionary(name, value, { maxKeys: 8 }).map((b) => ({ schemas: [SEARCH_REQUEST_SCHEMA], ...b })),
      fc.dictionary(name, value, { maxKeys: 8 }),
      fc.anything(),
    );
    fc.assert(
      fc.property(body, (b) => onlyScim400(() => parseListQuery({ kind: "search", body: b }))),
      { numRuns: 2000 },
    );
  });
});

describe("paging helpers", () => {
  it("maps a query to the rows the repository must read", () => {
    expect(pageWindow(get("startIndex=21&count=10"))).toEqual({ limit: 10, offset: 20 });
    expect(pageWindow(get("cursor&count=10"))).toEqual({ limit: 10, offset: 0, afterSeq: 0 });
    const after = encodeCursor({ after: 77 }, {});
    expect(pageWindow(get(`cursor=${after}&count=10`))).toEqual({ limit: 10, offset: 0, afterSeq: 77 });
    const offset = encodeCursor({ offset: 30 }, { sort: { by: "userName", order: "ascending" } });
    expect(pageWindow(get(`sortBy=userName&cursor=${offset}&count=10`))).toEqual({ limit: 10, offset: 30 });
  });

  it("links keyset pages forward only, and not past the last page", () => {
    const query = get("cursor&count=2");
    const { nextCursor, previousCursor } = cursorLinks(query, { hasMore: true, lastSeq: 9 });
    expect(previousCursor).toBeUndefined();
    expect(get(`cursor=${nextCursor}&count=2`).paging).toEqual({ method: "cursor", position: { after: 9 } });
    expect(cursorLinks(query, { hasMore: false, lastSeq: 9 })).toEqual({});
  });

  it("links sorted pages both ways, with no previousCursor on the first page", () => {
    const first = get("sortBy=userName&cursor&count=10");
    const firstLinks = cursorLinks(first, { hasMore: true });
    expect(firstLinks.previousCursor).toBeUndefined();
    const second = get(`sortBy=userName&cursor=${firstLinks.nextCursor}&count=10`);
    expect(second.paging).toEqual({ method: "cursor", position: { offset: 10 } });
    const secondLinks = cursorLinks(second, { hasMore: false });
    expect(secondLinks.nextCursor).toBeUndefined();
    expect(get(`sortBy=userName&cursor=${secondLinks.previousCursor}`).paging).toEqual({
      method: "cursor",
      position: { offset: 0 },
    });
  });

  it("sends no cursors for index paging or count=0", () => {
    expect(cursorLinks(get("count=10"), { hasMore: true, lastSeq: 1 })).toEqual({});
    expect(cursorLinks(get("cursor&count=0"), { hasMore: true, lastSeq: 1 })).toEqual({});
  });
});

describe("listResponse", () => {
  it("builds an index page with integer totals and itemsPerPage as returned", () => {
    expect(
      listResponse([{ id: "a" }, { id: "b" }], { method: "index", totalResults: 7, startIndex: 3 }),
    ).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 7,
      itemsPerPage: 2,
      startIndex: 3,
      Resources: [{ id: "a" }, { id: "b" }],
    });
  });

  it("always includes Resources, even when empty (Entra)", () => {
    const empty = listResponse([], { method: "index", totalResults: 0, startIndex: 1 });
    expect(empty).toHaveProperty("Resources", []);
    expect(JSON.parse(JSON.stringify(empty))).toHaveProperty("Resources", []);
  });

  it("builds a cursor page with nextCursor and previousCursor and no startIndex", () => {
    expect(
      listResponse([1], { method: "cursor", totalResults: 3, nextCursor: "n", previousCursor: "p" }),
    ).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 3,
      itemsPerPage: 1,
      nextCursor: "n",
      previousCursor: "p",
      Resources: [1],
    });
    expect(Object.keys(listResponse([], { method: "cursor", totalResults: 0 }))).toEqual([
      "schemas",
      "totalResults",
      "itemsPerPage",
      "Resources",
    ]);
  });

  it("refuses non-integer totals, a bug of ours rather than the client's", () => {
    expect(() => listResponse([], { method: "index", totalResults: 1.5, startIndex: 1 })).toThrow(RangeError);
    expect(() => listResponse([], { method: "index", totalResults: -1, startIndex: 1 })).toThrow(RangeError);
    expect(() => listResponse([], { method: "index", totalResults: 0, startIndex: 0 })).toThrow(RangeError);
  });

  it("copies the resources array", () => {
    const resources = [{ id: "a" }];
    const response = listResponse(resources, { method: "index", totalResults: 1, startIndex: 1 });
    resources.push({ id: "b" });
    expect(response.Resources).toHaveLength(1);
  });
});
