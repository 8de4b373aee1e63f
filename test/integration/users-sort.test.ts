// Sorting GET /Users with sortBy and sortOrder (RFC 7644 §3.4.2.3), alone and with paging.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ENTERPRISE_SCHEMA, ERROR_SCHEMA } from "../support/builders";
import { createUsers, ids, listUsers, userNames } from "../support/list";
import type { ScimClient } from "../support/scim-client";
import { createTenant } from "../support/tenant";

const sorted = async (scim: ScimClient, params: Record<string, string | number>) =>
  userNames(await listUsers(scim, params)).map((name) => name.split("@")[0]);

/** Family names in an order that creation order does not give away; nemo has none. */
const FAMILY = [
  { userName: "turing@acme.test", name: { givenName: "Alan", familyName: "Turing" } },
  { userName: "nemo@acme.test", name: { givenName: "Nemo" } },
  { userName: "babbage@acme.test", name: { givenName: "Charles", familyName: "babbage" } },
  { userName: "curie@acme.test", name: { givenName: "Marie", familyName: "Curie" } },
];

describe("sortBy and sortOrder", () => {
  it("sorts userName without case, ascending by default", async () => {
    const { scim } = await createTenant();
    // By code point "Bob" < "alice" < "carol"; userName is caseExact=false, so B sorts as b.
    await createUsers(
      scim,
      { userName: "carol@acme.test" },
      { userName: "Bob@acme.test" },
      { userName: "alice@acme.test" },
    );
    expect(await sorted(scim, { sortBy: "userName" })).toEqual(["alice", "Bob", "carol"]);
    expect(await sorted(scim, { sortBy: "userName", sortOrder: "ascending" })).toEqual([
      "alice",
      "Bob",
      "carol",
    ]);
    expect(await sorted(scim, { sortBy: "userName", sortOrder: "descending" })).toEqual([
      "carol",
      "Bob",
      "alice",
    ]);
    // Attribute names are case-insensitive (RFC 7643 §2.1).
    expect(await sorted(scim, { sortBy: "USERNAME" })).toEqual(["alice", "Bob", "carol"]);
  });

  it("sorts by name.familyName, users without one last when ascending", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...FAMILY);
    expect(await sorted(scim, { sortBy: "name.familyName" })).toEqual(["babbage", "curie", "turing", "nemo"]);
  });

  it("puts users without the attribute first when descending (§3.4.2.3: last if ascending, first if descending)", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...FAMILY);
    expect(await sorted(scim, { sortBy: "name.familyName", sortOrder: "descending" })).toEqual([
      "nemo",
      "turing",
      "curie",
      "babbage",
    ]);
  });

  it("sorts by emails: the primary email's value, else the first one's", async () => {
    const { scim } = await createTenant();
    await createUsers(
      scim,
      { userName: "none@acme.test", emails: undefined },
      { userName: "first@acme.test", emails: [{ value: "cat@x.test" }, { value: "aaa@x.test" }] },
      {
        userName: "primary@acme.test",
        emails: [
          { value: "zed@x.test", type: "home" },
          { value: "amy@x.test", type: "work", primary: true },
        ],
      },
      { userName: "single@acme.test", emails: [{ value: "BOB@x.test", type: "work" }] },
    );
    expect(await sorted(scim, { sortBy: "emails" })).toEqual(["primary", "single", "first", "none"]);
    expect(await sorted(scim, { sortBy: "emails.value" })).toEqual(["primary", "single", "first", "none"]);
  });

  it("sorts by an enterprise attribute named by URN", async () => {
    const { scim } = await createTenant();
    await createUsers(
      scim,
      { userName: "sales@acme.test", [ENTERPRISE_SCHEMA]: { department: "Sales" } },
      { userName: "rd@acme.test", [ENTERPRISE_SCHEMA]: { department: "R&D" } },
      { userName: "hr@acme.test", [ENTERPRISE_SCHEMA]: { department: "HR" } },
    );
    expect(await sorted(scim, { sortBy: `${ENTERPRISE_SCHEMA}:department` })).toEqual(["hr", "rd", "sales"]);
  });

  it("refuses a sortBy that names no attribute with 400", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, { userName: "a@acme.test" });
    const res = await listUsers(scim, { sortBy: "favouriteColour" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400" });
  });
});

describe("sorting by meta.created", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("orders by creation time, not by the order rows were written", async () => {
    const { scim } = await createTenant();
    // Only Date is faked: the Worker runs in this isolate and stamps these times on the users.
    vi.useFakeTimers({ toFake: ["Date"] });
    for (const [userName, at] of [
      ["march@acme.test", "2021-03-01T00:00:00Z"],
      ["january@acme.test", "2021-01-01T00:00:00Z"],
      ["february@acme.test", "2021-02-01T00:00:00Z"],
    ] as const) {
      vi.setSystemTime(new Date(at));
      await createUsers(scim, { userName });
    }
    vi.useRealTimers();
    expect(await sorted(scim, { sortBy: "meta.created" })).toEqual(["january", "february", "march"]);
    expect(await sorted(scim, { sortBy: "meta.created", sortOrder: "descending" })).toEqual([
      "march",
      "february",
      "january",
    ]);
  });
});

describe("sorting with paging", () => {
  it("keeps pages disjoint and complete when every sort key is equal", async () => {
    const { scim } = await createTenant();
    const created = await createUsers(
      scim,
      ...Array.from({ length: 5 }, (_, i) => ({ userName: `same${i}@acme.test`, title: "Engineer" })),
    );
    const served: string[] = [];
    for (const startIndex of [1, 3, 5]) {
      const page = await listUsers(scim, { sortBy: "title", startIndex, count: 2 });
      expect(page.body).toMatchObject({ totalResults: 5, startIndex });
      served.push(...ids(page.body.Resources));
    }
    expect(served).toHaveLength(5);
    expect(new Set(served)).toEqual(new Set(ids(created)));
  });

  it("pages through the sorted order", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...FAMILY);
    const page = async (startIndex: number) =>
      sorted(scim, { sortBy: "name.familyName", startIndex, count: 2 });
    expect([...(await page(1)), ...(await page(3))]).toEqual(["babbage", "curie", "turing", "nemo"]);
  });
});
