// compileFilter/compileSort against the real D1: rows selected, index use, parameter budget, and agreement with matchesFilter.
import { env } from "cloudflare:workers";
import { and, asc, eq, notInArray, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compiled as bound } from "../../src/db/compiled";
import { compileFilter, compileSort, orderBy } from "../../src/db/filter-sql";
import { directories, organisations, users } from "../../src/db/schema";
import { userFilterColumns } from "../../src/db/user-columns";
import { compareCodePoints, matchesFilter } from "../../src/scim/filter/evaluate";
import {
  CALLER_RESERVED_PARAMETERS,
  D1_MAX_BOUND_PARAMETERS,
  MAX_FILTER_COMPARISONS,
  MAX_FILTER_DEPTH,
} from "../../src/scim/filter/limits";
import { parseFilter } from "../../src/scim/filter/parse";
import { resolveSortBy } from "../../src/scim/filter/sort";
import { fold } from "../../src/scim/fold";
import { userResourceType } from "../../src/scim/schemas/resource-type";
import { filterArbitrary, usersArbitrary } from "../support/filter-arbitraries";
import {
  filterExpectations,
  fixtureUsers,
  parseGenericFilter,
  type UserView,
  userRow,
} from "../support/filter-users";

const db = drizzle(env.DB);

/** A fresh organisation and directory (foreign keys are enforced), holding `views` as users rows. */
async function directoryWith(views: readonly UserView[]) {
  const orgId = crypto.randomUUID();
  const directoryId = crypto.randomUUID();
  await db
    .insert(organisations)
    .values({ id: orgId, slug: `filter-${orgId.slice(0, 8)}`, name: "Filter tests" });
  await db.insert(directories).values({ id: directoryId, orgId, name: "IdP" });
  await insertUsers(views, orgId, directoryId);
  return { orgId, directoryId };
}

/** One statement per row: a multi-row insert would pass D1's 100 bound parameters. */
async function insertUsers(views: readonly UserView[], orgId: string, directoryId: string) {
  const [first, ...rest] = views.map((view) => db.insert(users).values(userRow(view, orgId, directoryId)));
  if (first) await db.batch([first, ...rest]);
}

type Scope = { orgId: string; directoryId: string };
const inScope = (scope: Scope, condition?: SQL) =>
  and(eq(users.orgId, scope.orgId), eq(users.directoryId, scope.directoryId), condition);

async function select(scope: Scope, text: string): Promise<string[]> {
  const { condition, values } = compileFilter(parseGenericFilter(text), userFilterColumns);
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(inScope(scope, condition))
    .orderBy(asc(users.seq))
    .prepare()
    .all(values);
  return rows.map((r) => r.id);
}

describe("the fixture users", () => {
  let scope: Scope;
  beforeAll(async () => {
    scope = await directoryWith(fixtureUsers);
  });

  it.each(filterExpectations)("%s", async (text, ids) => {
    expect(await select(scope, text)).toEqual(ids);
  });

  it("sorts as RFC 7644 §3.4.2.3 asks: folded text, primary element, missing values last ascending", async () => {
    const sorted = async (by: string, order: "ascending" | "descending") => {
      const term = orderBy(resolveSortBy(userResourceType, by), userFilterColumns, order);
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .where(inScope(scope))
        .orderBy(term, asc(users.seq));
      return rows.map((r) => r.id);
    };
    // Code-point order of the folded names: "bob" < "zoë" < "émile@example.com" (é is U+00E9).
    expect(await sorted("userName", "ascending")).toEqual(["u-bob", "u-zoe", "u-emile"]);
    expect(await sorted("USERNAME", "descending")).toEqual(["u-emile", "u-zoe", "u-bob"]);
    // Émile's primary email sorts him; Bob has no primary, so his first; Zoë has none.
    expect(await sorted("emails", "ascending")).toEqual(["u-bob", "u-emile", "u-zoe"]);
    expect(await sorted("emails.value", "descending")).toEqual(["u-zoe", "u-emile", "u-bob"]);
    expect(await sorted("emails.type", "ascending")).toEqual(["u-bob", "u-emile", "u-zoe"]);
    // "" is unassigned (RFC 7643 §2.5), like null.
    expect(await sorted("title", "ascending")).toEqual(["u-bob", "u-emile", "u-zoe"]);
    expect(await sorted("meta.created", "descending")).toEqual(["u-zoe", "u-bob", "u-emile"]);
    expect(await sorted("externalId", "ascending")).toEqual(["u-emile", "u-bob", "u-zoe"]);
  });

  it("refuses to filter or sort on attributes kept outside the documents", () => {
    expect(() =>
      compileFilter(parseFilter(userResourceType, 'groups.value eq "g"'), userFilterColumns),
    ).toThrow(/"groups.value" cannot be used here/);
    expect(() => compileFilter(parseFilter(userResourceType, "meta.location pr"), userFilterColumns)).toThrow(
      /"meta.location"/,
    );
    expect(() => compileSort(resolveSortBy(userResourceType, "meta.version"), userFilterColumns)).toThrow(
      /"meta.version"/,
    );
  });
});

describe("compiled SQL", () => {
  /** The statement's text, and its parameters with the filter's placeholders bound. */
  const compiled = (text: string) => {
    const { condition, values } = compileFilter(parseGenericFilter(text), userFilterColumns);
    const query = db
      .select({ id: users.id })
      .from(users)
      .where(inScope({ orgId: "o", directoryId: "d" }, condition))
      .toSQL();
    return { sql: query.sql, params: bound(query).params(values) };
  };

  it("compiles a filter's shape, not its values: the same text for other values", () => {
    expect(compiled('userName eq "a@b.c" or emails co "x"').sql).toBe(
      compiled('userName eq "other@b.c" or emails co "y"').sql,
    );
  });

  it("keeps IdP lookups a plain `column = ?` with the folded userName bound", () => {
    expect(compiled('userName eq "Émile@Example.COM"')).toMatchObject({
      sql: expect.stringContaining('and "users"."user_name_key" = ?)'),
      params: ["o", "d", "émile@example.com"],
    });
    expect(compiled('externalId eq "AbC"')).toMatchObject({
      sql: expect.stringContaining('and "users"."external_id" = ?)'),
      params: ["o", "d", "AbC"],
    });
    expect(compiled('id eq "u-1"').sql).toContain('and "users"."id" = ?)');
  });

  it("binds every comparand and nothing else", () => {
    const hostile = `title eq "'); DROP TABLE users; --" or emails[value co "\\"]'"]`;
    const { sql: text, params } = compiled(hostile);
    expect(params).toEqual(["o", "d", "'); drop table users; --", "\"]'"]);
    expect(text).not.toContain("DROP");
    expect(compiled('active eq true and title pr and meta.resourceType eq "User"').params).toEqual([
      "o",
      "d",
    ]);
  });

  it.each([
    ['userName eq "a@b.c"', "users_user_name"],
    ['externalId eq "0f2ad6c8-5bd1-4a5d-9d1f-7a0c1c2b3d4e"', "users_external_id"],
    ['id eq "u-1"', "users_id_unique"],
  ])("%s is served by an index (EXPLAIN QUERY PLAN)", async (text, index) => {
    const query = compiled(text);
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join("\n");
    expect(details).toMatch(new RegExp(`SEARCH users USING (COVERING )?INDEX ${index}`));
    expect(details).not.toMatch(/SCAN users/);
  });
});

describe("limits hold on D1", () => {
  let scope: Scope;
  beforeAll(async () => {
    scope = await directoryWith([]);
  });

  it("runs the widest filter with the caller's reserved parameters still free", async () => {
    // Every comparison binds one value: substring tests on a multi-valued attribute are the heaviest SQL.
    const text = Array.from({ length: MAX_FILTER_COMPARISONS }, (_, i) => `emails ew "${i}"`).join(" or ");
    const { condition, values } = compileFilter(parseGenericFilter(text), userFilterColumns);
    const reserved = Array.from({ length: CALLER_RESERVED_PARAMETERS - 2 }, (_, i) => -1 - i);
    const query = db
      .select({ id: users.id })
      .from(users)
      .where(and(inScope(scope, condition), notInArray(users.seq, reserved)));
    expect(query.toSQL().params).toHaveLength(D1_MAX_BOUND_PARAMETERS);
    expect(await query.prepare().all(values)).toEqual([]);
  });

  it.each([
    ["not", (inner: string) => `not (${inner})`],
    ["and/or", (inner: string, level: number) => `emails ew "x" ${level % 2 ? "and" : "or"} (${inner})`],
    [
      "not/and/or",
      (inner: string, level: number) =>
        [`not (${inner})`, `title sw "a" and (${inner})`, `name pr or (${inner})`][level % 3] ?? inner,
    ],
  ])("runs the deepest %s filter", async (_, wrap) => {
    // Levels: the comparison, the not and the value path below it, then one per wrapping.
    let text = 'emails[not (type ew "work")]';
    for (let level = 3; level < MAX_FILTER_DEPTH; level++) text = wrap(text, level);
    expect(() => parseFilter(userResourceType, wrap(text, 0))).toThrow(/nested more than/);
    await select(scope, text);
  });
});

describe("SQL and matchesFilter agree (property)", () => {
  it("on random users and random filters", async () => {
    const scope = await directoryWith([]);
    await fc.assert(
      fc.asyncProperty(
        usersArbitrary(6, "p"),
        fc.array(filterArbitrary, { minLength: 1, maxLength: 8 }),
        async (views, texts) => {
          await db.delete(users).where(inScope(scope));
          await insertUsers(views, scope.orgId, scope.directoryId);
          for (const text of texts) {
            const expected = views.filter((v) => matchesFilter(parseGenericFilter(text), v)).map((v) => v.id);
            expect({ text, ids: await select(scope, text) }).toEqual({ text, ids: expected });
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it("sorts userName by folded code points, as compareCodePoints does", async () => {
    const scope = await directoryWith([]);
    await fc.assert(
      fc.asyncProperty(usersArbitrary(6, "s"), fc.boolean(), async (views, descending) => {
        await db.delete(users).where(inScope(scope));
        await insertUsers(views, scope.orgId, scope.directoryId);
        const term = orderBy(
          resolveSortBy(userResourceType, "userName"),
          userFilterColumns,
          descending ? "descending" : "ascending",
        );
        const rows = await db.select({ id: users.id }).from(users).where(inScope(scope)).orderBy(term);
        const sign = descending ? -1 : 1;
        const expected = [...views].sort(
          (a, b) => sign * compareCodePoints(fold(a.userName), fold(b.userName)),
        );
        expect(rows.map((r) => r.id)).toEqual(expected.map((v) => v.id));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

// Keeps `sql` in use for readers adding raw checks; drizzle's helpers cover the rest.
void sql;
