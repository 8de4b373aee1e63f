// Users for the filter tests, in the in-memory view matchesFilter() sees, and their rows in the users table.
import { parseFilter } from "../../src/scim/filter/parse";
import { fold, searchDocument } from "../../src/scim/fold";
import { canonicalFilter } from "../../src/scim/normalise/filter";
import { createNormaliser } from "../../src/scim/normalise/normaliser";
import { ENTERPRISE_USER_SCHEMA } from "../../src/scim/schemas/enterprise-user";
import { userResourceType } from "../../src/scim/schemas/resource-type";

/**
 * A user as the filter sees it: the stored document plus the column-backed attributes (id, meta), with
 * userName, externalId and active equal to their columns.
 */
export interface UserView extends Record<string, unknown> {
  id: string;
  userName: string;
  externalId?: string;
  active: boolean;
  meta: { resourceType: "User"; created: string; lastModified: string };
}

/** Attributes that live in columns only, never in the stored document (src/db/schema.ts). */
const COLUMN_ONLY = new Set(["id", "meta", "groups", "password"]);

/** The users row for a view, as the repository would write it. */
export function userRow(view: UserView, orgId: string, directoryId: string) {
  const resource = Object.fromEntries(Object.entries(view).filter(([key]) => !COLUMN_ONLY.has(key)));
  return {
    id: view.id,
    orgId,
    directoryId,
    userName: view.userName,
    userNameKey: fold(view.userName),
    externalId: view.externalId ?? null,
    active: view.active,
    resource,
    search: searchDocument(userResourceType, resource),
    createdAt: view.meta.created,
    updatedAt: view.meta.lastModified,
  };
}

const meta = (created: string, lastModified = created) => ({
  resourceType: "User" as const,
  created,
  lastModified,
});

/** Three users that between them exercise Unicode case, absent and empty values, and multi-valued emails. */
export const emile: UserView = {
  id: "u-emile",
  userName: "Émile@Example.com",
  externalId: "EXT-1",
  active: true,
  name: { givenName: "Émile", familyName: "Zola" },
  displayName: "ÉMILE Zola",
  title: "",
  emails: [
    { value: "Emile@Work.example", type: "work", primary: true },
    { value: "emile@home.example", type: "home" },
  ],
  x509Certificates: [{ value: "QUJD" }],
  [ENTERPRISE_USER_SCHEMA]: { department: "Sales", manager: { value: "MGR-1" } },
  meta: meta("2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"),
};

export const bob: UserView = {
  id: "u-bob",
  userName: "bob",
  externalId: "ext-1",
  active: false,
  title: "Engineer",
  emails: [
    { value: "bob@work.example", type: "home" },
    { value: "BOB@x.example", type: "work" },
  ],
  meta: meta("2024-06-01T12:00:00.000Z"),
};

export const zoe: UserView = {
  id: "u-zoe",
  userName: "zoë",
  active: true,
  name: {},
  title: null,
  nickName: "😀",
  emails: [],
  meta: meta("2025-01-01T00:00:00.000Z"),
};

export const fixtureUsers: readonly UserView[] = [emile, bob, zoe];

/**
 * Filters and the fixture users each selects: the contract both the evaluator and the SQL are held to.
 * Keys are filter text, values user ids.
 */
export const filterExpectations: ReadonlyArray<[string, string[]]> = [
  ['userName eq "ÉMILE@example.COM"', ["u-emile"]],
  ['userName eq "ZOË"', ["u-zoe"]],
  ['userName ew "LE.COM"', ["u-emile"]],
  ['userName co ""', ["u-emile", "u-bob", "u-zoe"]],
  ['userName sw "MILE"', []],
  ['userName co "MILE"', ["u-emile"]],
  ['name.givenName ew "MILE"', ["u-emile"]],
  ['name.givenName ew "émil"', []],
  ['displayName ew "ÉMILE ZOLA"', ["u-emile"]],
  ['displayName ew "x ÉMILE ZOLA"', []],
  ['nickName ew ""', ["u-zoe"]],
  ['userName gt "c"', ["u-emile", "u-zoe"]],
  ['externalId eq "ext-1"', ["u-bob"]],
  ["externalId pr", ["u-emile", "u-bob"]],
  ['externalId ne "EXT-1"', ["u-bob", "u-zoe"]],
  ['id eq "u-zoe"', ["u-zoe"]],
  ['emails.value eq "EMILE@work.example"', ["u-emile"]],
  ['emails eq "bob@work.example"', ["u-bob"]],
  ['emails ne "bob@work.example"', ["u-emile", "u-zoe"]],
  // The same element must match both conditions inside brackets, not outside them.
  ['emails[type eq "work" and value co "work.example"]', ["u-emile"]],
  ['emails.type eq "work" and emails.value co "work.example"', ["u-emile", "u-bob"]],
  ['emails[not (type eq "work")]', ["u-emile", "u-bob"]],
  ['emails[type ne "work"]', ["u-emile", "u-bob"]],
  ['emails[primary eq "True"]', ["u-emile"]],
  ["emails[primary eq false]", []],
  ["emails[primary pr]", ["u-emile"]],
  ["emails pr", ["u-emile", "u-bob"]],
  ["not (emails pr)", ["u-zoe"]],
  ["name pr", ["u-emile"]],
  ['name.givenName sw "é"', ["u-emile"]],
  ["title pr", ["u-bob"]],
  ["title eq null", ["u-emile", "u-zoe"]],
  ["title ne null", ["u-bob"]],
  ['title eq ""', ["u-emile"]],
  ['title ne "Engineer"', ["u-emile", "u-zoe"]],
  ['not (title eq "ENGINEER")', ["u-emile", "u-zoe"]],
  ['title lt "z"', ["u-emile", "u-bob"]],
  ['displayName eq "émile zola"', ["u-emile"]],
  ["active eq false", ["u-bob"]],
  ['active eq "True"', ["u-emile", "u-zoe"]],
  ["active ne true", ["u-bob"]],
  ['meta.created gt "2024-03-01T00:00:00Z"', ["u-bob", "u-zoe"]],
  ['meta.created le "2024-06-01T14:00:00+02:00"', ["u-emile", "u-bob"]],
  ['meta.lastModified eq "2024-02-01T00:00:00Z"', ["u-emile"]],
  ['meta.resourceType eq "User"', ["u-emile", "u-bob", "u-zoe"]],
  ['meta.resourceType eq "user"', []],
  ['meta.resourceType ne "Group"', ["u-emile", "u-bob", "u-zoe"]],
  [`${ENTERPRISE_USER_SCHEMA}:manager eq "MGR-1"`, ["u-emile"]],
  [`${ENTERPRISE_USER_SCHEMA}:manager.value eq "mgr-1"`, []],
  [`${ENTERPRISE_USER_SCHEMA}:department eq "SALES"`, ["u-emile"]],
  [`not (${ENTERPRISE_USER_SCHEMA}:department pr)`, ["u-bob", "u-zoe"]],
  ['x509Certificates eq "QUJD"', ["u-emile"]],
  ['x509Certificates eq "qujd"', []],
  // Code-point order (SQLite BINARY over UTF-8), not UTF-16 order, in which 😀 sorts below U+FFFD.
  ['nickName gt "\uFFFD"', ["u-zoe"]],
  ['userName eq "bob" or (active eq true and not (emails pr))', ["u-bob", "u-zoe"]],
];

const generic = createNormaliser("generic");

/** A filter as a `generic` directory's request reaches the parser: IdP dialects (`"True"`, …) normalised first. */
export const canonicalUserFilter = (text: string, parent?: string) =>
  canonicalFilter(userResourceType, text, generic, parent);

export const parseGenericFilter = (text: string) => parseFilter(userResourceType, canonicalUserFilter(text));
