// Listing groups (RFC 7644 §3.4.2–3.4.3): the filters IdPs send, sorting, index and cursor paging, attribute
// selection and POST /Groups/.search, with `excludedAttributes=members` never reading memberships.

import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { cursorSealFor } from "../../src/auth/cursor-seal";
import { searchGroups } from "../../src/queries/search-groups";
import { parseListQuery } from "../../src/scim/list";
import {
  createGroup,
  createUserIds,
  GROUP_SCHEMA,
  memberValues,
  type ScimGroup,
} from "../support/group-builders";
import { query, SEARCH_REQUEST_SCHEMA } from "../support/list";
import { expectListResponse, expectScimError } from "../support/scim-assert";
import type { ScimClient } from "../support/scim-client";
import { createTenant } from "../support/tenant";

const listGroups = async (scim: ScimClient, params: Record<string, string | number> = {}) =>
  expectListResponse<ScimGroup>(await scim.get(`/Groups${query(params)}`));

const names = (groups: readonly ScimGroup[]) => groups.map((g) => g.displayName);

/** Groups created one after another, so that creation order is known. */
async function createGroups(scim: ScimClient, ...displayNames: string[]) {
  const created: ScimGroup[] = [];
  for (const displayName of displayNames) created.push(await createGroup(scim, { displayName }));
  return created;
}

describe("filters", () => {
  it("answers Entra's existence check: displayName eq, regardless of case, members excluded", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const group = await createGroup(scim, { displayName: "Sales Team", members: memberValues(ada) });
    await createGroup(scim, { displayName: "Sales Team EMEA" });
    const found = await listGroups(scim, {
      excludedAttributes: "members",
      filter: 'displayName eq "sales team"',
    });
    expect(found.totalResults).toBe(1);
    expect(found.Resources).toEqual([
      { schemas: [GROUP_SCHEMA], id: group.id, displayName: "Sales Team", meta: group.meta },
    ]);
    // No match is an empty 200, never a 404 or a 400: Entra would create a duplicate otherwise.
    const none = await listGroups(scim, { excludedAttributes: "members", filter: 'displayName eq "Nobody"' });
    expect(none).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
  });

  it("filters by externalId, id, meta and substring, and lists members unless excluded", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const [alpha, beta] = await createGroups(scim, "Alpha", "Beta");
    const tagged = await createGroup(scim, {
      displayName: "Gamma",
      externalId: "00g1",
      members: memberValues(ada),
    });
    expect(names((await listGroups(scim, { filter: 'externalId eq "00g1"' })).Resources)).toEqual(["Gamma"]);
    expect((await listGroups(scim, { filter: 'externalId eq "00g1"' })).Resources[0]?.members).toEqual([
      expect.objectContaining({ value: ada, type: "User" }),
    ]);
    expect(names((await listGroups(scim, { filter: `id eq "${beta?.id}"` })).Resources)).toEqual(["Beta"]);
    expect(
      names((await listGroups(scim, { filter: 'displayName sw "a" or displayName co "MM"' })).Resources),
    ).toEqual(["Alpha", "Gamma"]);
    const since = await listGroups(scim, { filter: `meta.created ge "${tagged.meta.created}"` });
    expect(names(since.Resources)).toEqual(["Gamma"]);
    expect((await listGroups(scim, { filter: 'meta.resourceType eq "Group"' })).totalResults).toBe(3);
    expect(alpha).toBeDefined();
  });

  it("refuses a filter on members with 400 rather than answering it wrongly", async () => {
    const { scim } = await createTenant();
    expectScimError(
      await scim.get(`/Groups${query({ filter: 'members.value eq "x"' })}`),
      400,
      "invalidFilter",
    );
    expectScimError(await scim.get(`/Groups${query({ filter: 'nickName eq "x"' })}`), 400, "invalidFilter");
  });
});

describe("sorting and paging", () => {
  it("sorts by displayName in either order", async () => {
    const { scim } = await createTenant();
    await createGroups(scim, "beta", "Alpha", "gamma");
    expect(names((await listGroups(scim, { sortBy: "displayName" })).Resources)).toEqual([
      "Alpha",
      "beta",
      "gamma",
    ]);
    const down = await listGroups(scim, { sortBy: "displayName", sortOrder: "descending" });
    expect(names(down.Resources)).toEqual(["gamma", "beta", "Alpha"]);
  });

  it("pages by index as Okta's test connector asks, in creation order", async () => {
    const { scim } = await createTenant();
    await createGroups(scim, "G1", "G2", "G3");
    const okta = await listGroups(scim, { startIndex: 1, count: 100 });
    expect(okta).toMatchObject({ totalResults: 3, itemsPerPage: 3, startIndex: 1 });
    const second = await listGroups(scim, { startIndex: 2, count: 1 });
    expect(second).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 2 });
    expect(names(second.Resources)).toEqual(["G2"]);
    expect((await listGroups(scim, { count: 0 })).Resources).toEqual([]);
  });

  it("pages by cursor (RFC 9865)", async () => {
    const { scim } = await createTenant();
    await createGroups(scim, "C1", "C2", "C3");
    const first = await scim.get<{ nextCursor?: string; Resources: ScimGroup[] }>(
      `/Groups${query({ cursor: "", count: 2 })}`,
    );
    expect(names(first.body.Resources)).toEqual(["C1", "C2"]);
    const next = await listGroups(scim, { cursor: first.body.nextCursor ?? "", count: 2 });
    expect(names(next.Resources)).toEqual(["C3"]);
    expect(next).not.toHaveProperty("nextCursor");
  });
});

describe("attribute selection and .search", () => {
  it("returns only the attributes asked for", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const group = await createGroup(scim, { members: memberValues(ada) });
    const only = await listGroups(scim, { attributes: "displayName" });
    expect(only.Resources).toEqual([
      { schemas: [GROUP_SCHEMA], id: group.id, displayName: group.displayName },
    ]);
    const values = await listGroups(scim, { attributes: "members.value" });
    expect(values.Resources).toEqual([{ schemas: [GROUP_SCHEMA], id: group.id, members: [{ value: ada }] }]);
  });

  it("answers POST /Groups/.search like GET", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    await createGroups(scim, "One", "Two");
    await createGroup(scim, { displayName: "Three", members: memberValues(ada) });
    const res = await scim.post("/Groups/.search", {
      schemas: [SEARCH_REQUEST_SCHEMA],
      filter: 'displayName ne "One"',
      sortBy: "displayName",
      excludedAttributes: ["members"],
      count: 10,
    });
    const body = expectListResponse<ScimGroup>(res);
    expect(names(body.Resources)).toEqual(["Three", "Two"]);
    expect(body.Resources[0]).not.toHaveProperty("members");
    expectScimError(await scim.get("/Groups/.search"), 405);
  });

  it("never reads the membership table when members are excluded", async () => {
    const tenant = await createTenant();
    const [ada] = (await createUserIds(tenant.scim, 1)) as [string];
    await createGroup(tenant.scim, { members: memberValues(ada) });
    const scope = { orgId: tenant.orgId, directoryId: tenant.directoryId };
    const run = async (params: Record<string, string>) => {
      const statements: string[] = [];
      const recording = new Proxy(env.DB, {
        get(target, property) {
          if (property === "prepare") {
            return (text: string) => {
              statements.push(text);
              return target.prepare(text);
            };
          }
          const value = Reflect.get(target, property);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const db = drizzle(recording);
      const list = parseListQuery({ kind: "query", params: new URLSearchParams(params) });
      await searchGroups(db, scope, list, tenant.baseUrl, cursorSealFor(env.ADMIN_SECRET, scope));
      return statements;
    };
    const excluded = await run({ excludedAttributes: "members", filter: "displayName pr" });
    expect(excluded.length).toBeGreaterThan(0);
    expect(excluded.filter((text) => text.includes("group_members"))).toEqual([]);
    // The control: the same list with members does read them.
    expect((await run({ filter: "displayName pr" })).some((text) => text.includes("group_members"))).toBe(
      true,
    );
  });
});
