// fast-check generators for the filter property tests: users with Unicode case variants, and well-formed filters.
import fc from "fast-check";
import { fold } from "../../src/scim/fold";
import { ENTERPRISE_USER_SCHEMA } from "../../src/scim/schemas/enterprise-user";
import type { UserView } from "./filter-users";

/**
 * Case-insensitive text: Unicode case pairs (É/é, ẞ/ß), a decomposed ë that NFC composes, characters outside
 * the BMP (code-point order differs from UTF-16 order there), the empty string, and substrings of the others.
 */
const FOLDED_TEXT = [
  "émile",
  "ÉMILE",
  "Émile",
  "emile",
  "mil",
  "e",
  "É",
  "",
  "ẞ",
  "ß",
  "SS",
  "straße",
  "zoë",
  "ZOE\u0308",
  "😀",
  "\uFFFD",
  "z",
  "a@b.c",
  "A@B.C",
  "@b.c",
] as const;
/** caseExact text: only exact equality matches. */
const EXACT_TEXT = ["ext-1", "EXT-1", "abc", "ABC", "😀", "é", ""] as const;
const TYPES = ["work", "Work", "home", ""] as const;
const DATES = [
  "2024-01-01T00:00:00.000Z",
  "2024-01-01T00:00:00.001Z",
  "2024-06-30T23:59:59.999Z",
  "2025-01-01T00:00:00.000Z",
] as const;
/** Comparands for dateTimes, in several spellings of the same instants. */
const DATE_COMPARANDS = [
  "2024-01-01T00:00:00Z",
  "2024-01-01T01:00:00+01:00",
  "2024-01-01T00:00:00.001Z",
  "2024-06-30",
  "2024-07-01T00:00:00Z",
  "2025-01-01T00:00:00.000Z",
] as const;

/** A key that is sometimes missing, sometimes null, sometimes a value. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, fc.constant(null)), { nil: undefined });
const folded = fc.constantFrom(...FOLDED_TEXT);
const exact = fc.constantFrom(...EXACT_TEXT);

const email = fc.record(
  { value: maybe(folded), type: maybe(fc.constantFrom(...TYPES)), primary: maybe(fc.boolean()) },
  { requiredKeys: [] },
);

const userBody = fc.record(
  {
    externalId: fc.option(exact, { nil: undefined }),
    active: fc.boolean(),
    title: maybe(folded),
    displayName: maybe(folded),
    nickName: maybe(folded),
    name: maybe(fc.record({ givenName: maybe(folded), familyName: maybe(folded) }, { requiredKeys: [] })),
    emails: fc.option(fc.array(email, { maxLength: 3 }), { nil: undefined }),
    x509Certificates: fc.option(fc.array(fc.record({ value: exact }), { maxLength: 2 }), { nil: undefined }),
    enterprise: fc.option(
      fc.record(
        {
          department: maybe(folded),
          manager: maybe(fc.record({ value: maybe(exact) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    created: fc.constantFrom(...DATES),
    lastModified: fc.constantFrom(...DATES),
  },
  { requiredKeys: ["active", "created", "lastModified"] },
);

/** Drops undefined keys, as JSON storage does. */
const defined = (object: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/**
 * Up to `max` users; userNames are unique after folding, as the users_user_name index demands, and ids are
 * `${idPrefix}-<n>` (users.id is unique across directories).
 */
export const usersArbitrary = (max: number, idPrefix: string): fc.Arbitrary<UserView[]> =>
  fc
    .uniqueArray(fc.constantFrom(...FOLDED_TEXT.filter((t) => t !== "")), {
      selector: fold,
      minLength: 1,
      maxLength: max,
    })
    .chain((userNames) =>
      fc.tuple(...userNames.map(() => userBody)).map((bodies) =>
        bodies.map((body, i): UserView => {
          const { enterprise, created, lastModified, ...rest } = body;
          return defined({
            ...rest,
            id: `${idPrefix}-${i}`,
            userName: userNames[i] ?? "",
            ...(enterprise ? { [ENTERPRISE_USER_SCHEMA]: enterprise } : {}),
            meta: { resourceType: "User", created, lastModified },
          }) as UserView;
        }),
      ),
    );

const quote = (value: string) => JSON.stringify(value);
const ALL_OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
const EQUALITY = ["eq", "ne"] as const;
const ORDER = ["eq", "ne", "gt", "ge", "lt", "le"] as const;

/** `path op value` terms for one family of attributes. */
const terms = (paths: readonly string[], ops: readonly string[], values: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom(...ops), values)
    .map(([path, op, value]) => `${path} ${op} ${value}`);

/** Comparands: the stored texts plus more of their prefixes, infixes and suffixes, so co/sw/ew differ. */
const foldedValue = fc
  .constantFrom(...FOLDED_TEXT, "mile", "MIL", "Émi", "ÉMI", "b.c", "E", "sse", "ZO")
  .map(quote);
const exactValue = exact.map(quote);
const booleanValue = fc.constantFrom("true", "false", '"True"', '"FALSE"');
const dateValue = fc.constantFrom(...DATE_COMPARANDS).map(quote);
const E = ENTERPRISE_USER_SCHEMA;

/** Folded text gets most of the weight: it is where Unicode folding and substring rules can go wrong. */
const topLeaf = fc.oneof(
  {
    weight: 4,
    arbitrary: terms(
      ["userName", "title", "displayName", "name.givenName", "emails.value", "emails", "emails.type"],
      ALL_OPS,
      foldedValue,
    ),
  },
  { weight: 2, arbitrary: terms(["userName", "USERNAME"], ["co", "sw", "ew"], foldedValue) },
  terms([`${E}:department`, "nickName", "Name.FamilyName"], ALL_OPS, foldedValue),
  terms(["externalId", `${E}:manager.value`, `${E}:manager`], ALL_OPS, exactValue),
  terms(["id"], EQUALITY, fc.constantFrom('"p-0"', '"P-0"', '"p-1"', '"p-2"')),
  terms(["x509Certificates.value", "x509Certificates"], EQUALITY, exactValue),
  terms(["meta.resourceType"], ALL_OPS, fc.constantFrom('"User"', '"user"', '"Us"', '"er"')),
  terms(["active", "emails.primary"], EQUALITY, booleanValue),
  terms(["meta.created", "meta.lastModified"], ORDER, dateValue),
  fc
    .constantFrom(
      "title",
      "name",
      "emails",
      "emails.value",
      "externalId",
      "nickName",
      `${E}:manager`,
      "x509Certificates",
    )
    .chain((path) => fc.constantFrom(`${path} pr`, `${path} eq null`, `${path} ne null`)),
  fc.constantFrom("userName pr", "active pr", "meta.created pr", "emails.primary pr", `${E}:department pr`),
);

const elementLeaf = fc.oneof(
  terms(["value", "type", "display"], ALL_OPS, foldedValue),
  terms(["type"], EQUALITY, fc.constantFrom(...TYPES).map(quote)),
  terms(["primary"], EQUALITY, booleanValue),
  fc.constantFrom("value pr", "type pr", "primary pr", "primary eq null", "type ne null"),
);

/** Combinations of `leaf` with and/or/not and grouping, a few levels deep. */
function combine(leaf: fc.Arbitrary<string>, extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<string> {
  return fc.letrec<{ f: string }>((tie) => ({
    f: fc.oneof(
      { maxDepth: 3, depthIdentifier: "filter" },
      leaf,
      ...extra,
      fc
        .tuple(tie("f"), fc.constantFrom("and", "or", "AND", "Or"), tie("f"))
        .map(([a, op, b]) => `(${a}) ${op} (${b})`),
      fc.tuple(tie("f"), tie("f")).map(([a, b]) => `${a} and ${b}`),
      tie("f").map((a) => `not (${a})`),
    ),
  })).f;
}

const valuePath = combine(elementLeaf).map((inner) => `emails[${inner}]`);

/** Well-formed User filters: the parser must accept every one. */
export const filterArbitrary: fc.Arbitrary<string> = combine(topLeaf, [valuePath]);
