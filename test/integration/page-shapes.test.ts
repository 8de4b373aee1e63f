// A page's statements are compiled once per shape of query and then only bound (src/db/page.ts): what a request
// binds must be all that tells two requests of one shape apart, whoever sends them.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { organisationDatabase } from "../../src/db/client";
import { compileFilter } from "../../src/db/filter-sql";
import { SHAPES_MAX, shapesKept } from "../../src/db/page";
import { userFilterColumns } from "../../src/db/user-columns";
import { listUsers as listUserRows } from "../../src/db/users";
import { parseFilter } from "../../src/scim/filter/parse";
import { userResourceType } from "../../src/scim/schemas/resource-type";
import { createUsers, listUsers, userNames } from "../support/list";
import { createTenant } from "../support/tenant";

describe("page statements compiled once per shape", () => {
  it("bind each request's own organisation, directory, values and window", async () => {
    const [acme, globex] = [await createTenant(), await createTenant()];
    await createUsers(acme.scim, { userName: "ada@acme.test" }, { userName: "bob@acme.test" });
    await createUsers(globex.scim, { userName: "ada@globex.test" }, { userName: "cy@globex.test" });
    const lookup = (tenant: typeof acme, userName: string) =>
      listUsers(tenant.scim, { filter: `userName eq "${userName}"` }).then(userNames);
    expect(await lookup(acme, "ada@acme.test")).toEqual(["ada@acme.test"]);
    // Same shape, another organisation: none of acme's rows, and its own value.
    expect(await lookup(globex, "ada@acme.test")).toEqual([]);
    expect(await lookup(globex, "cy@globex.test")).toEqual(["cy@globex.test"]);
    expect(await lookup(acme, "bob@acme.test")).toEqual(["bob@acme.test"]);
    const page = (tenant: typeof acme, startIndex: number) =>
      listUsers(tenant.scim, { filter: 'userName sw "a" or userName sw "c"', startIndex, count: 1 });
    const second = await page(globex, 2);
    expect(userNames(second)).toEqual(["cy@globex.test"]);
    expect(second.body.totalResults).toBe(2);
    expect((await page(acme, 1)).body.totalResults).toBe(1);
  });

  it("are compiled once per shape, and no more shapes are kept than the bound", async () => {
    const tenant = await createTenant();
    await createUsers(tenant.scim, { userName: "ada@acme.test" });
    const db = organisationDatabase(env, tenant.orgId);
    const scope = { orgId: tenant.orgId, directoryId: tenant.directoryId };
    const list = (filter: string) => {
      const where = compileFilter(parseFilter(userResourceType, filter), userFilterColumns);
      return listUserRows(db, scope, { where, limit: 10, position: { offset: 0 } }, false);
    };
    await list('userName eq "ada@acme.test"');
    const kept = shapesKept();
    expect((await list('userName eq "bob@acme.test"')).rows).toEqual([]);
    expect(shapesKept()).toBe(kept);
    // `ew` inlines its comparand's length: each suffix length is a shape of its own.
    const suffix = (length: number) => "ada@acme.test".padStart(length, "x").slice(-length);
    for (let length = 1; length <= SHAPES_MAX + 20; length++) {
      const { rows, total } = await list(`userName ew "${suffix(length)}"`);
      const expected = length <= "ada@acme.test".length ? 1 : 0;
      expect({ length, found: rows.length, total }).toEqual({ length, found: expected, total: expected });
      expect(shapesKept()).toBeLessThanOrEqual(SHAPES_MAX);
    }
    expect(shapesKept()).toBe(SHAPES_MAX);
  });
});
