// fast-check arbitraries for hostile HTTP input: raw and malformed bodies, prototype-pollution keys, deep nesting,
// huge and odd Unicode text, numbers where strings belong, and query strings and paths for the routes.
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../../src/http/limits";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from "./builders";
import { filterArbitrary } from "./filter-arbitraries";

/** The property name that pollution payloads try to plant on Object.prototype; tests check it never appears. */
export const POLLUTION_MARK = "scimEdgePolluted";

/** An object with these own keys, defined as JSON.parse does, so "__proto__" stays a key and not the prototype. */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Text that has broken parsers, collations and storage: controls, BOM, bidi, combining marks, lone surrogates. */
const ODD_TEXT = [
  "",
  " ",
  "\u0000",
  "\uFEFF",
  "\u202E",
  "e\u0301",
  "é",
  "ẞ",
  "İ",
  "ﬀ",
  "😀",
  "\uD800",
  "x\uDC00",
  '"',
  "\\",
  "\n",
  "null",
  "true",
  "NaN",
  "[object Object]",
  "__proto__",
] as const;

export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);

/** Long text: some just under the body limit and some over it, counted in bytes (é is two). */
const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(1_000, 70_000, MAX_BODY_BYTES / 2 - 200, MAX_BODY_BYTES + 1),
    fc.constantFrom("x", "é"),
  )
  .map(([length, unit]) => unit.repeat(unit === "é" ? Math.floor(length / 2) : length));

const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e308, -1e-308, 2 ** 53 + 1, 0.1),
);

const POLLUTION = [
  `{"__proto__":{"${POLLUTION_MARK}":true}}`,
  `{"constructor":{"prototype":{"${POLLUTION_MARK}":true}}}`,
  `{"__proto__":{"userName":"proto@example.com","active":false}}`,
];
const pollution: fc.Arbitrary<unknown> = fc.constantFrom(...POLLUTION).map((text) => JSON.parse(text));

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "__defineSetter__",
    "userName",
    "USERNAME",
    "active",
    "emails",
    "name",
    "name.givenName",
    'emails[type eq "work"].value',
    "schemas",
    "id",
    "meta",
    "password",
    "groups",
    "externalId",
    ENTERPRISE_SCHEMA,
    `${ENTERPRISE_SCHEMA}:manager`,
    `${USER_SCHEMA}:userName`,
    "urn:scim:schemas:extension:enterprise:1.0",
  ),
  oddString,
);

/** Any JSON value, weighted towards the hostile: odd text, odd numbers, pollution objects, hostile keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    oddString,
    oddNumber,
    fc.boolean(),
    fc.constant(null),
    pollution,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 5 }).map(ownObject),
  ),
})).value;

/** Huge text is slow to send, so it is one value in twenty. */
const sometimesHuge = fc.oneof({ weight: 19, arbitrary: hostileValue }, { weight: 1, arbitrary: hugeString });

export const hostileObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(hostileKey, sometimesHuge), { maxLength: 8 })
  .map(ownObject);

/** JSON text nested up to 400,000 levels around `inner`: deeper than any recursive walk, or past the body limit. */
const deeplyNested = (inner: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.constantFrom(3_000, 10_000, 100_000, 400_000)),
      fc.boolean(),
    )
    .map(([depth, arrays]) =>
      arrays
        ? `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`
        : `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`,
    );

/** Bodies that are not what any schema describes: malformed, truncated, non-objects, deep, BOM-led, duplicate keys. */
function rawBodies(wrap: (value: string) => string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("[]", "null", "1", '"x"', "true", "{", "}", '{"a":}', "\uFEFF{}", "{}", "[{}]"),
    deeplyNested("1").map(wrap),
    deeplyNested("1"),
    fc.constantFrom(...POLLUTION).map(wrap),
    fc.constantFrom("1e400", "-1e400", "123456789012345678901234567890", "0.0000001", "-0").map(wrap),
    fc.tuple(hostileValue, fc.nat({ max: 200 })).map(([value, cut]) => {
      const text = wrap(JSON.stringify(value) ?? "null");
      return text.slice(0, Math.max(1, text.length - cut)); // truncated JSON
    }),
  );
}

/** A user body with `value` in one attribute's place, as raw text, so non-JSON-safe text survives. */
const inUser = (value: string) =>
  `{"schemas":["${USER_SCHEMA}"],"userName":"raw@example.com","name":${value}}`;
const inPatch = (value: string) =>
  `{"schemas":["${PATCH_SCHEMA}"],"Operations":[{"op":"add","path":"title","value":${value}}]}`;

export const rawUserBody = rawBodies(inUser).chain((raw) =>
  fc.constantFrom(raw, `{"userName":"dup@example.com","userName":${JSON.stringify(raw.slice(0, 20))}}`),
);
export const rawPatchBody = rawBodies(inPatch);

/** PATCH bodies whose framing is wrong or hostile: odd Operations, op names, paths and values. */
export const hostilePatchBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .array(
      fc.record(
        {
          op: fc.oneof(
            fc.constantFrom("add", "Replace", "REMOVE", "move", "copy", "test", ""),
            oddString,
            oddNumber,
          ),
          path: fc.oneof(hostileKey, oddString, oddNumber, hostileValue),
          value: fc.oneof(sometimesHuge, hostileObject),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 4 },
    )
    .map((Operations) => ({ schemas: [PATCH_SCHEMA], Operations })),
  fc
    .tuple(fc.oneof(fc.constant([PATCH_SCHEMA]), hostileValue), fc.oneof(hostileValue, hostileObject))
    .map(([schemas, Operations]) => ({ schemas, Operations })),
  fc.integer({ min: 999, max: 1_002 }).map((n) => ({
    schemas: [PATCH_SCHEMA],
    Operations: Array.from({ length: n }, () => ({ op: "add", path: "title", value: "t" })),
  })),
  hostileObject,
);

const integerText: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.nat({ max: 10 }).map(String),
  fc.constantFrom(
    "0",
    "-1",
    "1.5",
    "1e3",
    "0x10",
    "+1",
    " 1 ",
    "99999999999999999999999",
    "NaN",
    "Infinity",
    "１",
  ),
  oddString,
);

const ATTRIBUTE_PATHS = [
  "userName",
  "name.givenName",
  "emails",
  "emails.value",
  "meta.created",
  "meta.lastModified",
  "id",
  "active",
  "password",
  "groups",
  "x509Certificates.value",
  `${ENTERPRISE_SCHEMA}:manager.value`,
  ENTERPRISE_SCHEMA,
  `${USER_SCHEMA}:userName`,
  'emails[type eq "work"]',
  "name.givenName.extra",
  "urn:unknown:Schema:attr",
] as const;
const attributePath = fc.oneof(fc.constantFrom(...ATTRIBUTE_PATHS), oddString);

/** Well-formed filters, the same filters damaged, and text that is no filter at all. */
const filterText: fc.Arbitrary<string> = fc.oneof(
  filterArbitrary,
  fc
    .tuple(filterArbitrary, fc.nat(), oddString)
    .map(([filter, at, junk]) => filter.slice(0, at % (filter.length + 1)) + junk),
  fc.nat({ max: 5_000 }).map((n) => `${"(".repeat(n)}userName eq "a"${")".repeat(n)}`),
  fc
    .integer({ min: 1, max: 400 })
    .map((n) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(" or ")),
  fc.constantFrom('userName eq "', "userName eq", "eq", "()", "not", '[type eq "work"]', "userName pr pr"),
  oddString,
);

export type ListParams = [string, string][];

/** Query parameters for GET /Users: every list parameter, in any case, sometimes repeated, with hostile values. */
export const listParams: fc.Arbitrary<ListParams> = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom("filter", "FILTER"), filterText),
      fc.tuple(fc.constantFrom("sortBy", "sortby"), attributePath),
      fc.tuple(
        fc.constant("sortOrder"),
        fc.oneof(fc.constantFrom("ascending", "DESCENDING", "up"), oddString),
      ),
      fc.tuple(fc.constantFrom("startIndex", "startindex"), integerText),
      fc.tuple(fc.constantFrom("count", "Count"), integerText),
      fc.tuple(
        fc.constant("cursor"),
        fc.oneof(fc.constant(""), fc.base64String({ maxLength: 40 }), oddString),
      ),
      fc.tuple(
        fc.constantFrom("attributes", "excludedAttributes"),
        fc.array(attributePath, { maxLength: 4 }).map((paths) => paths.join(",")),
      ),
      fc.tuple(oddString, oddString),
    ),
    { maxLength: 6 },
  )
  .map((params) => params as ListParams);

const SEGMENTS = [
  "Users",
  "users",
  ".search",
  "..",
  ".",
  "%2e%2e",
  "%00",
  "Users%2F",
  "%2F",
  "Groups",
  "Schemas",
  "ResourceTypes",
  "ServiceProviderConfig",
  "Me",
  "Bulk",
  "%E0%A4%A",
  "%",
  "",
  "a".repeat(5_000),
] as const;

/** Paths under the SCIM base URL: known and unknown segments, traversal, broken percent-encoding. */
export const randomPath: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SEGMENTS),
      fc.string({ unit: "binary", maxLength: 16 }).map(encodeURIComponent),
      fc.uuid(),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((segments) => `/${segments.join("/")}`);
