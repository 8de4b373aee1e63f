// Statements compiled once and bound per request (src/db/compiled.ts): binding and decoding as Drizzle's own
// placeholders and row mapping would do them, and loud failures where a name does not match.
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { compiled, rowDecoder } from "../../../src/db/compiled";
import { directories, users } from "../../../src/db/schema";

const db = drizzle(env.DB);

describe("binding a compiled statement", () => {
  const insert = compiled(
    db
      .insert(users)
      .values({
        id: sql.placeholder("id"),
        orgId: "o",
        directoryId: "d",
        userName: "u",
        userNameKey: "u",
        active: sql.placeholder("active"),
        resource: sql.placeholder("resource"),
        search: sql.placeholder("resource"),
        version: 1,
        createdAt: "t",
        updatedAt: "t",
      } as never)
      .toSQL(),
  );

  it("binds each placeholder through its column's encoding, and constants as they are", () => {
    const params = insert.params({ id: "u-1", active: true, resource: { a: 1 } });
    expect(params).toContain("u-1");
    expect(params).toContain('{"a":1}');
    expect(params).toContain(1);
    expect(params).toContain("o");
  });

  it("keeps null as SQL NULL instead of encoding it (a JSON column would store the text null)", () => {
    const params = insert.params({ id: "u-1", active: false, resource: null });
    expect(params.filter((p) => p === null)).toHaveLength(2);
    expect(params).not.toContain("null");
  });

  it("refuses values that leave a placeholder without one", () => {
    expect(() => insert.params({ id: "u-1", active: true })).toThrow('no value for placeholder "resource"');
  });

  it("compiles a select's placeholders in statement order", () => {
    const select = compiled(
      db
        .select()
        .from(users)
        .where(eq(users.id, sql.placeholder("id")))
        .limit(sql.placeholder("limit"))
        .toSQL(),
    );
    expect(select.params({ limit: 5, id: "u-9" })).toEqual(["u-9", 5]);
  });
});

describe("decoding D1's rows", () => {
  const decode = rowDecoder({ id: users.id, active: users.active, resource: users.resource });

  it("maps column names to fields through each column's decoder, null staying null", () => {
    expect(decode({ id: "u-1", active: 1, resource: '{"a":1}' })).toEqual({
      id: "u-1",
      active: true,
      resource: { a: 1 },
    });
    expect(decode({ id: "u-1", active: 0, resource: null })).toEqual({
      id: "u-1",
      active: false,
      resource: null,
    });
  });

  it("reads prefixed names, for selections aliased <prefix>_<column>", () => {
    const prefixed = rowDecoder({ id: directories.id, enabled: directories.enabled }, "d");
    expect(prefixed({ d_id: "dir-1", d_enabled: 1 })).toEqual({ id: "dir-1", enabled: true });
  });

  it("fails on a row without a selected column instead of reading it as null", () => {
    expect(() => decode({ id: "u-1", active: 1 })).toThrow('no column "resource"');
  });

  it("refuses a selection whose fields share a column name (D1's row objects would keep one)", () => {
    expect(() => rowDecoder({ user: users.id, directory: directories.id })).toThrow("share a column name");
  });
});
