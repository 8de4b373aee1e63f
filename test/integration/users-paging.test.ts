// Paging GET /Users and POST /Users/.search: index paging (RFC 7644 §3.4.2.4) and cursor paging (RFC 9865).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { organisationDatabase } from "../../src/db/client";
import { statementOf } from "../../src/db/compiled";
import { insertUser } from "../../src/db/users";
import { userRecord } from "../../src/lifecycle/user-record";
import { ERROR_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "../support/builders";
import { createUsers, ids, type ListBody, listUsers, searchUsers } from "../support/list";
import type { ScimClient, ScimResponse } from "../support/scim-client";
import type { TestTenant } from "../support/tenant";
import { createTenant } from "../support/tenant";

const numbered = (n: number) => Array.from({ length: n }, (_, i) => ({ userName: `user${i + 1}@acme.test` }));

/** Walks every index page of `count` users, checking each page's envelope; returns the ids in served order. */
async function walkByIndex(scim: ScimClient, count: number, total: number): Promise<string[]> {
  const served: string[] = [];
  for (let startIndex = 1; startIndex <= total; startIndex += count) {
    const res = await listUsers(scim, { startIndex, count });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      totalResults: total,
      startIndex,
      itemsPerPage: res.body.Resources.length,
    });
    expect(res.body.Resources.length).toBe(Math.min(count, total - startIndex + 1));
    served.push(...ids(res.body.Resources));
  }
  return served;
}

/** Follows nextCursor from `start` (an empty cursor: the first page) to the last page; returns every page. */
async function walkByCursor(
  fetchPage: (cursor: string) => Promise<ScimResponse<ListBody>>,
  start = "",
): Promise<ListBody[]> {
  const pages: ListBody[] = [];
  let cursor: string | undefined = start;
  while (cursor !== undefined && pages.length < 20) {
    const res = await fetchPage(cursor);
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
  }
  expect(cursor).toBeUndefined();
  return pages;
}

const servedIds = (pages: readonly ListBody[]) => pages.flatMap((page) => ids(page.Resources));

describe("index paging", () => {
  it("answers Okta's test connector GET /Users?startIndex=1&count=2 with integers and the count returned", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const res = await scim.get<ListBody>("/Users?startIndex=1&count=2", {
      "User-Agent": "Okta SCIM Client 1.0.0",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      schemas: [LIST_SCHEMA],
      totalResults: 3,
      itemsPerPage: 2,
      startIndex: 1,
    });
    expect(res.body.Resources).toHaveLength(2);
    for (const key of ["totalResults", "itemsPerPage", "startIndex"] as const) {
      expect(Number.isInteger(res.body[key])).toBe(true);
    }
    expect(res.body.Resources[0]).toMatchObject({ schemas: [USER_SCHEMA], meta: { resourceType: "User" } });
  });

  it("walks an import page by page with no overlap, no gap, and the same order every time", async () => {
    const { scim } = await createTenant();
    const created = await createUsers(scim, ...numbered(7));
    const first = await walkByIndex(scim, 3, 7);
    expect(first).toHaveLength(7);
    expect(new Set(first)).toEqual(new Set(ids(created)));
    expect(await walkByIndex(scim, 3, 7)).toEqual(first);
    // Another page size cuts the same sequence differently.
    expect(await walkByIndex(scim, 2, 7)).toEqual(first);
  });

  it("answers count=0 with totalResults only", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const res = await listUsers(scim, { count: 0 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      schemas: [LIST_SCHEMA],
      totalResults: 3,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it("answers a startIndex beyond the end with an empty page that echoes it", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const res = await listUsers(scim, { startIndex: 4, count: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      schemas: [LIST_SCHEMA],
      totalResults: 3,
      itemsPerPage: 0,
      startIndex: 4,
      Resources: [],
    });
  });

  it("reads startIndex < 1 as 1 and a negative count as 0 (§3.4.2.4)", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(2));
    for (const startIndex of [0, -5]) {
      const res = await listUsers(scim, { startIndex, count: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ totalResults: 2, itemsPerPage: 1, startIndex: 1 });
    }
    const negative = await listUsers(scim, { count: -3 });
    expect(negative.body).toMatchObject({ totalResults: 2, itemsPerPage: 0, Resources: [] });
  });

  it("pages a filtered list, totalResults counting the matches only", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(5), { userName: "outsider@globex.test" });
    const filter = 'userName ew "@acme.test"';
    const first = await listUsers(scim, { filter, startIndex: 1, count: 3 });
    const second = await listUsers(scim, { filter, startIndex: 4, count: 3 });
    expect(first.body).toMatchObject({ totalResults: 5, itemsPerPage: 3 });
    expect(second.body).toMatchObject({ totalResults: 5, itemsPerPage: 2, startIndex: 4 });
    const names = [...first.body.Resources, ...second.body.Resources].map((u) => u.userName);
    expect(new Set(names)).toEqual(new Set(numbered(5).map((u) => u.userName)));
  });
});

/**
 * Seeds users through the repository the Worker writes with (src/db/users.ts), because creating a thousand users
 * over HTTP takes about 17 s; every assertion still goes through HTTP.
 */
async function seedUsers(tenant: TestTenant, n: number): Promise<void> {
  const db = organisationDatabase(env, tenant.orgId);
  const scope = { orgId: tenant.orgId, directoryId: tenant.directoryId };
  const now = new Date().toISOString();
  const statements = Array.from({ length: n }, (_, i) =>
    insertUser(
      db,
      scope,
      crypto.randomUUID(),
      userRecord({ userName: `seeded${i}@acme.test`, active: true }),
      now,
    ),
  );
  for (let i = 0; i < statements.length; i += 100) {
    await db.$client.batch(
      statements.slice(i, i + 100).map((statement) => statementOf(db.$client, statement)),
    );
  }
}

describe("page size limits", () => {
  it("serves defaultPageSize without count and caps a larger count at maxPageSize, as advertised", async () => {
    const tenant = await createTenant();
    const { scim } = tenant;
    const config = await scim.get<{ pagination: { defaultPageSize: number; maxPageSize: number } }>(
      "/ServiceProviderConfig",
    );
    const { defaultPageSize, maxPageSize } = config.body.pagination;
    await seedUsers(tenant, maxPageSize + 1);

    const unsized = await listUsers(scim);
    expect(unsized.body).toMatchObject({ totalResults: maxPageSize + 1, itemsPerPage: defaultPageSize });
    expect(unsized.body.Resources).toHaveLength(defaultPageSize);

    const capped = await listUsers(scim, { count: maxPageSize * 10 });
    expect(capped.status).toBe(200);
    expect(capped.body).toMatchObject({
      totalResults: maxPageSize + 1,
      itemsPerPage: maxPageSize,
      startIndex: 1,
    });
    expect(capped.body.Resources).toHaveLength(maxPageSize);

    const cursorPages = await walkByCursor((cursor) => listUsers(scim, { cursor, count: maxPageSize * 10 }));
    expect(cursorPages.map((page) => page.Resources.length)).toEqual([maxPageSize, 1]);
  }, 60_000);
});

describe("cursor paging (RFC 9865)", () => {
  it("starts with an empty cursor and walks every user once with nextCursor", async () => {
    const { scim } = await createTenant();
    const created = await createUsers(scim, ...numbered(5));
    const pages = await walkByCursor((cursor) => listUsers(scim, { cursor, count: 2 }));
    expect(pages.map((page) => page.Resources.length)).toEqual([2, 2, 1]);
    for (const page of pages) {
      expect(page).toMatchObject({
        schemas: [LIST_SCHEMA],
        totalResults: 5,
        itemsPerPage: page.Resources.length,
      });
    }
    expect(servedIds(pages)).toHaveLength(5);
    expect(new Set(servedIds(pages))).toEqual(new Set(ids(created)));
  });

  it("walks a filtered and a sorted query", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(4), { userName: "outsider@globex.test" });
    const filter = 'userName ew "@acme.test"';
    const filtered = await walkByCursor((cursor) => listUsers(scim, { filter, cursor, count: 1 }));
    expect(filtered.flatMap((page) => page.Resources.map((u) => u.userName)).sort()).toEqual(
      numbered(4).map((u) => u.userName),
    );
    const sorted = await walkByCursor((cursor) =>
      listUsers(scim, { sortBy: "userName", sortOrder: "descending", cursor, count: 2 }),
    );
    expect(sorted.flatMap((page) => page.Resources.map((u) => u.userName))).toEqual([
      "user4@acme.test",
      "user3@acme.test",
      "user2@acme.test",
      "user1@acme.test",
      "outsider@globex.test",
    ]);
  });

  it("leads back from a later page of a sorted walk with previousCursor", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const params = { sortBy: "userName", count: 1 };
    const pages = await walkByCursor((cursor) => listUsers(scim, { ...params, cursor }));
    expect(pages).toHaveLength(3);
    expect(pages[0]).not.toHaveProperty("previousCursor");
    const back = await listUsers(scim, { ...params, cursor: pages[2]?.previousCursor ?? "missing" });
    expect(back.body.Resources).toEqual(pages[1]?.Resources);
  });

  it("neither skips nor repeats users when users are deleted or created between pages", async () => {
    const { scim } = await createTenant();
    const created = await createUsers(scim, ...numbered(6));
    const first = await listUsers(scim, { cursor: "", count: 2 });
    // Deleting what was already served shifts every later index by two; a cursor must not notice.
    for (const user of first.body.Resources)
      expect((await scim.delete(`/Users/${user.id}`)).status).toBe(204);
    const [late] = await createUsers(scim, { userName: "late@acme.test" });
    expect(first.body.nextCursor).toBeDefined();
    const rest = await walkByCursor(
      (cursor) => listUsers(scim, { cursor, count: 2 }),
      first.body.nextCursor ?? "missing",
    );
    const served = [...ids(first.body.Resources), ...servedIds(rest)];
    expect(served).toHaveLength(7);
    expect(new Set(served)).toEqual(new Set([...ids(created), late?.id]));
  });

  it("answers count=0 with totalResults and no nextCursor", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(2));
    const res = await listUsers(scim, { cursor: "", count: 0 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 2, itemsPerPage: 0, Resources: [] });
    expect(res.body).not.toHaveProperty("nextCursor");
  });

  it("walks the same pages through POST /Users/.search", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const viaGet = await walkByCursor((cursor) => listUsers(scim, { cursor, count: 2 }));
    const viaPost = await walkByCursor((cursor) => searchUsers(scim, { cursor, count: 2 }));
    // Each cursor is sealed afresh (a random nonce), so the pages are compared without them.
    const unsealed = (pages: ListBody[]) => pages.map(({ nextCursor: _, ...page }) => page);
    expect(unsealed(viaPost)).toEqual(unsealed(viaGet));
  });

  it("seals cursors: they reveal no position and open only in the directory that received them", async () => {
    const acme = await createTenant();
    const other = await createTenant();
    await createUsers(acme.scim, ...numbered(3));
    await createUsers(other.scim, ...numbered(3));
    const first = await listUsers(acme.scim, { cursor: "", count: 1 });
    const cursor = first.body.nextCursor ?? "";
    // What an unsealed cursor would show: its kind and the row's creation number.
    const bytes = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    expect(bytes).not.toMatch(/1a\.\d/);
    // The same position sealed twice reads differently: nothing stable to compare across pages or tenants.
    expect((await listUsers(acme.scim, { cursor: "", count: 1 })).body.nextCursor).not.toBe(cursor);
    expect((await listUsers(acme.scim, { cursor, count: 1 })).status).toBe(200);
    // The first character changed: all its bits are data, and the edit cannot leave it as it was.
    const edited = `${cursor.startsWith("A") ? "B" : "A"}${cursor.slice(1)}`;
    for (const res of [
      await listUsers(other.scim, { cursor, count: 1 }),
      await listUsers(acme.scim, { cursor: edited, count: 1 }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400", scimType: "invalidCursor" });
    }
  });

  it("refuses a cursor issued for another filter or sort order with 400 invalidCursor", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const filter = 'userName sw "user"';
    const issued = await listUsers(scim, { filter, cursor: "", count: 1 });
    const cursor = issued.body.nextCursor ?? "";
    expect(cursor).not.toBe("");
    const sorted = await listUsers(scim, { sortBy: "userName", cursor: "", count: 1 });
    const sortedCursor = sorted.body.nextCursor ?? "";
    for (const res of [
      await listUsers(scim, { filter: 'userName sw "user1"', cursor, count: 1 }),
      await listUsers(scim, { cursor, count: 1 }),
      await searchUsers(scim, { filter: 'userName sw "u"', cursor, count: 1 }),
      await listUsers(scim, { sortBy: "userName", sortOrder: "descending", cursor: sortedCursor, count: 1 }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400", scimType: "invalidCursor" });
    }
    // The same query with a different count continues.
    expect((await listUsers(scim, { filter, cursor, count: 2 })).status).toBe(200);
  });

  it("refuses garbage and tampered cursors with 400 invalidCursor", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(3));
    const issued = (await listUsers(scim, { cursor: "", count: 1 })).body.nextCursor ?? "";
    // The first character: every bit of it is data, where the last one's low bits may be base64 padding that
    // decodes to the same bytes (a cursor ending in "B" changed to "A" would still be valid).
    const tampered = `${issued.startsWith("A") ? "B" : "A"}${issued.slice(1)}`;
    for (const cursor of ["garbage", "%%%", "x".repeat(500), tampered]) {
      const res = await listUsers(scim, { cursor, count: 1 });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], scimType: "invalidCursor" });
    }
  });

  it("refuses cursor together with startIndex with 400", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, ...numbered(2));
    for (const res of [
      await listUsers(scim, { cursor: "", startIndex: 1, count: 1 }),
      await searchUsers(scim, { cursor: "", startIndex: 1, count: 1 }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400" });
    }
  });
});
