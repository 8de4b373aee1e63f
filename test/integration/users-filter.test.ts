// Filtering GET /Users and POST /Users/.search over HTTP (RFC 7644 §3.4.2.2, §3.4.3), as IdPs send filters.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, LIST_SCHEMA, patchBody } from "../support/builders";
import { createUsers, type ListBody, listUsers, searchUsers, userNames } from "../support/list";
import type { ScimClient } from "../support/scim-client";
import { createTenant } from "../support/tenant";

/** Four users whose attributes each filter below tells apart; dave has no title. */
const STAFF = [
  { userName: "alice@acme.test", title: "Engineer", displayName: "Alice Archer" },
  { userName: "bob@acme.test", title: "Designer", displayName: "Bob Brown" },
  { userName: "carol@globex.test", title: "Engineering Manager", displayName: "Carol Cole" },
  { userName: "dave@acme.test", displayName: "Dave Dunn" },
];

/** The local parts of the userNames a filter selects, sorted: the order of an unsorted list is not the point here. */
async function matching(scim: ScimClient, filter: string): Promise<string[]> {
  return userNames(await listUsers(scim, { filter }))
    .map((name) => name.split("@")[0] ?? name)
    .sort();
}

describe("filter operators and logic", () => {
  it.each([
    ['title eq "Engineer"', ["alice"]],
    // title is caseExact=false (RFC 7643 §4.1.1), so every comparison on it ignores case.
    ['title eq "ENGINEER"', ["alice"]],
    // `ne` is `not eq`: a user without a title is "not equal" too.
    ['title ne "Engineer"', ["bob", "carol", "dave"]],
    ['title co "engineer"', ["alice", "carol"]],
    ['title sw "Eng"', ["alice", "carol"]],
    ['userName ew "@ACME.test"', ["alice", "bob", "dave"]],
    ['userName gt "bob@acme.test"', ["carol", "dave"]],
    ['userName ge "bob@acme.test"', ["bob", "carol", "dave"]],
    ['userName lt "bob@acme.test"', ["alice"]],
    ['userName le "BOB@ACME.TEST"', ["alice", "bob"]],
    ["title pr", ["alice", "bob", "carol"]],
    ["not (title pr)", ["dave"]],
    ['title eq "Engineer" or title eq "Designer"', ["alice", "bob"]],
    ['userName ew "@acme.test" and title pr', ["alice", "bob"]],
    ['not (userName ew "@acme.test")', ["carol"]],
    // §3.4.2.2 precedence: "and" binds tighter than "or" …
    ['title eq "Engineer" or title eq "Designer" and displayName sw "B"', ["alice", "bob"]],
    // … and parentheses regroup.
    ['(title eq "Engineer" or title eq "Designer") and displayName sw "B"', ["bob"]],
    ['not (title eq "Engineer" or title eq "Designer") and title pr', ["carol"]],
    // Attribute names and operators are case-insensitive (RFC 7643 §2.1, RFC 7644 §3.4.2.2).
    ['TITLE Eq "Engineer" AND userName PR', ["alice"]],
    // A fully qualified core attribute (§3.10).
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice@acme.test"', ["alice"]],
  ])("%s", async (filter, expected) => {
    const { scim } = await createTenant();
    await createUsers(scim, ...STAFF);
    expect(await matching(scim, filter)).toEqual(expected);
  });
});

describe("value paths and multi-valued attributes", () => {
  it('matches emails[type eq "work" and value co "@x"] on one and the same email', async () => {
    const { scim } = await createTenant();
    await createUsers(
      scim,
      { userName: "u1@acme.test", emails: [{ value: "u1@x.example", type: "work" }] },
      {
        userName: "u2@acme.test",
        emails: [
          { value: "u2@x.example", type: "home" },
          { value: "u2@y.example", type: "work" },
        ],
      },
      { userName: "u3@acme.test", emails: [{ value: "u3@y.example", type: "work" }] },
    );
    expect(await matching(scim, 'emails[type eq "work" and value co "@x"]')).toEqual(["u1"]);
    // Without the brackets each condition may hold on a different email (§3.4.2.2).
    expect(await matching(scim, 'emails.type eq "work" and emails.value co "@x"')).toEqual(["u1", "u2"]);
    expect(await matching(scim, 'emails[type eq "home"]')).toEqual(["u2"]);
    // A complex attribute without a sub-attribute compares its value.
    expect(await matching(scim, 'emails co "@X.EXAMPLE"')).toEqual(["u1", "u2"]);
  });
});

describe("enterprise extension attributes by URN", () => {
  it("filters on department and manager.value", async () => {
    const { scim } = await createTenant();
    const [manager] = await createUsers(scim, {
      userName: "boss@acme.test",
      [ENTERPRISE_SCHEMA]: { department: "Sales" },
    });
    await createUsers(
      scim,
      {
        userName: "rd@acme.test",
        [ENTERPRISE_SCHEMA]: { department: "R&D", manager: { value: manager?.id } },
      },
      { userName: "plain@acme.test" },
    );
    // The "&" must survive the query string: URLSearchParams sends it as %26.
    const urn = ENTERPRISE_SCHEMA;
    expect(await matching(scim, `${urn}:department eq "R&D"`)).toEqual(["rd"]);
    expect(await matching(scim, `${urn}:department eq "r&d"`)).toEqual(["rd"]);
    expect(await matching(scim, `${urn}:manager.value eq "${manager?.id}"`)).toEqual(["rd"]);
    expect(await matching(scim, `${urn}:department pr`)).toEqual(["boss", "rd"]);
    expect(await matching(scim, `not (${urn}:department pr)`)).toEqual(["plain"]);
  });
});

describe("case rules per attribute", () => {
  it("compares userName and emails.value without case, beyond ASCII", async () => {
    const { scim } = await createTenant();
    await createUsers(
      scim,
      { userName: "émile.zola@example.com", emails: [{ value: "Émile@Zola.example", type: "work" }] },
      { userName: "ÅSA@EXAMPLE.COM" },
    );
    expect(await matching(scim, 'userName eq "ÉMILE.ZOLA@EXAMPLE.COM"')).toEqual(["émile.zola"]);
    expect(await matching(scim, 'userName sw "ÉMILE"')).toEqual(["émile.zola"]);
    expect(await matching(scim, 'userName eq "åsa@example.com"')).toEqual(["ÅSA"]);
    expect(await matching(scim, 'emails.value eq "émile@zola.example"')).toEqual(["émile.zola"]);
    expect(await matching(scim, 'emails[value eq "ÉMILE@ZOLA.EXAMPLE"]')).toEqual(["émile.zola"]);
    // Case is ignored, accents are not: É and E are different letters.
    expect(await matching(scim, 'userName eq "emile.zola@example.com"')).toEqual([]);
  });

  it("compares externalId and id exactly (caseExact=true, RFC 7643 §3.1)", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, { externalId: "00uAbC" }, { externalId: "00uabc-other" });
    const id = user?.id ?? "";
    expect(userNames(await listUsers(scim, { filter: 'externalId eq "00uAbC"' }))).toEqual([user?.userName]);
    expect(await matching(scim, 'externalId eq "00uabc"')).toEqual([]);
    expect(await matching(scim, 'externalId co "AbC"')).toHaveLength(1);
    expect(userNames(await listUsers(scim, { filter: `id eq "${id}"` }))).toEqual([user?.userName]);
    expect(await matching(scim, `id eq "${id.toUpperCase()}"`)).toEqual([]);
  });
});

describe("meta.created and meta.lastModified", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("compares dateTimes as instants, whatever their spelling", async () => {
    const { scim } = await createTenant();
    // Only Date is faked: the Worker runs in this isolate, so the timestamps it stamps are known.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2021-01-01T00:00:00Z"));
    const [early] = await createUsers(scim, { userName: "early@acme.test" });
    vi.setSystemTime(new Date("2021-06-01T00:00:00Z"));
    await createUsers(scim, { userName: "late@acme.test" });
    vi.setSystemTime(new Date("2022-01-01T00:00:00Z"));
    const edit = patchBody({ op: "replace", path: "displayName", value: "Edited" });
    expect((await scim.patch(`/Users/${early?.id}`, edit)).status).toBe(200);

    expect(await matching(scim, 'meta.created eq "2021-01-01T00:00:00Z"')).toEqual(["early"]);
    expect(await matching(scim, 'meta.created gt "2021-03-01T00:00:00Z"')).toEqual(["late"]);
    expect(await matching(scim, 'meta.created ge "2021-06-01T00:00:00.000Z"')).toEqual(["late"]);
    expect(await matching(scim, 'meta.created lt "2021-06-01T00:00:00Z"')).toEqual(["early"]);
    expect(await matching(scim, 'meta.created le "2021-06-01T00:00:00Z"')).toEqual(["early", "late"]);
    // 02:00 at +02:00 is midnight UTC: the same instant as late's creation.
    expect(await matching(scim, 'meta.created lt "2021-06-01T02:00:00+02:00"')).toEqual(["early"]);
    expect(await matching(scim, 'meta.created ge "2021-06-01"')).toEqual(["late"]);
    expect(await matching(scim, 'meta.lastModified gt "2021-12-31T23:59:59Z"')).toEqual(["early"]);
    expect(await matching(scim, 'meta.lastModified lt "2021-12-31T23:59:59Z"')).toEqual(["late"]);
  });
});

describe("active", () => {
  it("finds inactive users with active eq false (Entra deprovisions with active=false)", async () => {
    const { scim } = await createTenant();
    const [, , patched] = await createUsers(
      scim,
      { userName: "on@acme.test" },
      { userName: "off@acme.test", active: false },
      { userName: "patched@acme.test" },
    );
    await scim.patch(`/Users/${patched?.id}`, patchBody({ op: "replace", value: { active: false } }));
    expect(await matching(scim, "active eq false")).toEqual(["off", "patched"]);
    expect(await matching(scim, "active eq true")).toEqual(["on"]);
    expect(await matching(scim, 'active eq "False"')).toEqual(["off", "patched"]);
  });
});

describe("no match", () => {
  it("is 200 with totalResults 0 and Resources [] (Entra creates duplicates otherwise)", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, { userName: "someone@acme.test", externalId: "x" });
    for (const filter of [
      'userName eq "nobody@acme.test"',
      'externalId eq "6f4d0c5e-0000-4000-8000-000000000000"',
    ]) {
      const res = await listUsers(scim, { filter });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/scim\+json/);
      expect(res.body).toEqual({
        schemas: [LIST_SCHEMA],
        totalResults: 0,
        itemsPerPage: 0,
        startIndex: 1,
        Resources: [],
      });
    }
  });
});

describe("invalid filters", () => {
  it.each([
    "userName eq",
    'userName xx "a"',
    '(userName eq "a"',
    'emails[type eq "work"',
    'favouriteColour eq "teal"',
    'password eq "secret"',
    // §3.4.2.2: gt/ge/lt/le on a boolean SHALL be rejected with invalidFilter.
    "active gt true",
    'meta.created gt "yesterday"',
    'userName eq "a" and',
  ])("%s is 400 invalidFilter, on GET and on POST /.search", async (filter) => {
    const { scim } = await createTenant();
    for (const res of [await listUsers(scim, { filter }), await searchUsers(scim, { filter })]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400", scimType: "invalidFilter" });
    }
  });
});

describe("request forms", () => {
  it("accepts OneLogin's ?filter=userName+eq+%22…%22& with its trailing &", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, { userName: "one.login@acme.test" }, { userName: "other@acme.test" });
    const res = await scim.get<ListBody>("/Users?filter=userName+eq+%22one.login%40acme.test%22&");
    expect(userNames(res)).toEqual(["one.login@acme.test"]);
    expect(res.body.totalResults).toBe(1);
  });

  it("accepts Okta's existence check with %20-encoded spaces, startIndex and count", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, { userName: "a@b.c" }, { userName: "d@e.f" });
    const filter = encodeURIComponent('userName eq "a@b.c"');
    const res = await scim.get<ListBody>(`/Users?filter=${filter}&startIndex=1&count=100`);
    expect(userNames(res)).toEqual(["a@b.c"]);
  });

  it("accepts the unquoted value Entra's documentation shows (externalId eq jyoung)", async () => {
    const { scim } = await createTenant();
    await createUsers(
      scim,
      { userName: "jy@acme.test", externalId: "jyoung" },
      { userName: "other@acme.test" },
    );
    expect(userNames(await listUsers(scim, { filter: "externalId eq jyoung" }))).toEqual(["jy@acme.test"]);
  });

  it("answers POST /Users/.search exactly as the same GET", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...STAFF, { userName: "erin@acme.test", title: "Engineer" });
    const params = {
      filter: 'userName ew "@acme.test" and title pr',
      sortBy: "userName",
      sortOrder: "descending",
      startIndex: 2,
      count: 2,
    };
    const get = await listUsers(scim, { ...params, attributes: "userName,emails" });
    const post = await searchUsers(scim, { ...params, attributes: ["userName", "emails"] });
    expect(get.status).toBe(200);
    expect(post.status).toBe(200);
    expect(post.headers.get("Content-Type")).toMatch(/^application\/scim\+json/);
    expect(get.body.totalResults).toBe(3);
    expect(userNames(get)).toEqual(["bob@acme.test", "alice@acme.test"]);
    expect(post.body).toEqual(get.body);
  });
});

describe("organisations", () => {
  it("never lists another organisation's users, filtered or not", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const [mine] = await createUsers(acme.scim, { userName: "shared@example.com" });
    await createUsers(
      globex.scim,
      { userName: "shared@example.com" },
      { userName: "only.globex@example.com" },
    );

    const all = await listUsers(acme.scim);
    expect(all.body.totalResults).toBe(1);
    expect(all.body.Resources.map((u) => u.id)).toEqual([mine?.id]);
    const byName = await listUsers(acme.scim, { filter: 'userName eq "shared@example.com"' });
    expect(byName.body.Resources.map((u) => u.id)).toEqual([mine?.id]);
    const searched = await searchUsers(acme.scim, { filter: 'userName sw "only"' });
    expect(searched.body).toMatchObject({ totalResults: 0, Resources: [] });
  });
});
