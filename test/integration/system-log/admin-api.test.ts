// The admin API reads the system log: filters, cursor paging, and the failed requests as a CSV that opens cleanly
// in a spreadsheet.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { systemLog } from "../../../src/db/schema";
import { fold } from "../../../src/scim/fold";
import { ADMIN_BASE, admin } from "../../support/admin-client";
import { patchBody, userBody } from "../../support/builders";
import { scimLogged } from "../../support/system-log";
import { createTenant } from "../../support/tenant";

type Entry = { id: string; at: string; status: number; operation: string; userName: string | null };
type Page = { items: Entry[]; nextCursor: string | null };

const logPath = (orgId: string, query: Record<string, string | number> = {}) => {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `/organisations/${orgId}/log${search ? `?${search}` : ""}`;
};

/**
 * Writes entries directly, at chosen instants, so that paging and time ranges are deterministic. The instants are
 * recent: the scheduled retention job (run by other tests) deletes entries older than 30 days.
 */
async function seed(orgId: string, rows: Partial<typeof systemLog.$inferInsert>[]) {
  const db = catalogDatabase(env);
  for (const row of rows) {
    await db.insert(systemLog).values({
      id: crypto.randomUUID(),
      orgId,
      at: new Date().toISOString(),
      method: "POST",
      path: "/scim/v2/Users",
      status: 201,
      durationMs: 3,
      operation: "createUser",
      ...row,
      userNameKey: row.userName ? fold(row.userName) : null,
    });
  }
}

/** An instant `minutes` after an hour ago, to the millisecond. */
const HOUR_AGO = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
const minutesIn = (minutes: number) => new Date(HOUR_AGO + minutes * 60_000).toISOString();

describe("GET /organisations/{orgId}/log", () => {
  it("lists recorded requests newest first, filtered by status class, user, operation and directory", async () => {
    const tenant = await createTenant();
    const ada = await scimLogged<{ id: string }>(
      tenant,
      "POST",
      "/Users",
      userBody({ userName: "Ada@Example.com" }),
    );
    await scimLogged(tenant, "POST", "/Users", userBody({ userName: "Ada@Example.com" }));
    await scimLogged(
      tenant,
      "PATCH",
      `/Users/${ada.body.id}`,
      patchBody({ op: "replace", value: { active: false } }),
    );
    await scimLogged(tenant, "GET", "/Users");

    const all = await admin.get<Page>(logPath(tenant.orgId));
    expect(all.status).toBe(200);
    expect(all.body.items.map((e) => e.operation)).toEqual([
      "listUsers",
      "deactivateUser",
      "createUser",
      "createUser",
    ]);
    expect(all.body.nextCursor).toBeNull();

    const failed = await admin.get<Page>(logPath(tenant.orgId, { status: "4xx" }));
    expect(failed.body.items.map((e) => e.status)).toEqual([409]);
    const ok = await admin.get<Page>(logPath(tenant.orgId, { status: "2xx" }));
    expect(ok.body.items).toHaveLength(3);

    // Case-insensitive, and found for the PATCH, whose body carries no userName.
    const byUser = await admin.get<Page>(logPath(tenant.orgId, { user: "ada@EXAMPLE.com" }));
    expect(byUser.body.items.map((e) => e.operation)).toEqual(["deactivateUser", "createUser", "createUser"]);
    expect(byUser.body.items.every((e) => e.userName === "Ada@Example.com")).toBe(true);

    const deactivations = await admin.get<Page>(logPath(tenant.orgId, { operation: "deactivateUser" }));
    expect(deactivations.body.items).toHaveLength(1);

    const inDirectory = await admin.get<Page>(logPath(tenant.orgId, { directoryId: tenant.directoryId }));
    expect(inDirectory.body.items).toHaveLength(4);
    const otherDirectory = await admin.get<Page>(logPath(tenant.orgId, { directoryId: crypto.randomUUID() }));
    expect(otherDirectory.body.items).toEqual([]);
  });

  it("filters by time range: from inclusive, to exclusive", async () => {
    const tenant = await createTenant();
    await seed(tenant.orgId, [{ at: minutesIn(1) }, { at: minutesIn(2) }, { at: minutesIn(3) }]);
    // Any ISO 8601 offset is accepted and compared as the same instant.
    const from = minutesIn(2).replace(".000Z", "Z");
    const res = await admin.get<Page>(logPath(tenant.orgId, { from, to: minutesIn(3) }));
    expect(res.body.items.map((e) => e.at)).toEqual([minutesIn(2)]);
  });

  it("pages with an opaque cursor, entries at the same instant included, each exactly once", async () => {
    const tenant = await createTenant();
    const at = minutesIn(10);
    await seed(tenant.orgId, [
      ...Array.from({ length: 4 }, () => ({ at })),
      ...Array.from({ length: 3 }, (_, i) => ({ at: minutesIn(i) })),
    ]);
    const seen: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: Page } = await admin.get<Page>(
        logPath(tenant.orgId, { limit: 3, ...(cursor ? { cursor } : {}) }),
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
    const ats = seen.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
  });

  it("refuses a bad cursor, limit or date, and answers 404 for an unknown organisation", async () => {
    const tenant = await createTenant();
    const cursor = await admin.get(logPath(tenant.orgId, { cursor: "not-a-cursor" }));
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ error: { code: "invalid_request" } });
    expect((await admin.get(logPath(tenant.orgId, { limit: 501 }))).status).toBe(400);
    expect((await admin.get(logPath(tenant.orgId, { from: "yesterday" }))).status).toBe(400);
    expect((await admin.get(logPath(tenant.orgId, { status: "3xx" }))).status).toBe(400);
    expect((await admin.get(logPath(crypto.randomUUID()))).status).toBe(404);
    expect((await admin.withSecret(undefined).get(logPath(tenant.orgId))).status).toBe(401);
  });
});

describe("GET /organisations/{orgId}/log/failed.csv", () => {
  it("downloads failed requests only: BOM, header, RFC 4180 quoting, formulas neutralised", async () => {
    const tenant = await createTenant();
    await seed(tenant.orgId, [
      { at: minutesIn(1), status: 201, userName: "fine@example.com" },
      {
        at: minutesIn(2),
        status: 409,
        userName: "zoë@example.com",
        detail: 'User "zoë" exists, twice\nreally',
      },
      {
        at: minutesIn(3),
        status: 400,
        operation: "updateUser",
        userName: '=HYPERLINK("http://x")',
        detail: "-1+2",
      },
      { at: minutesIn(4), status: 500, userName: "@sum", detail: null, scimType: null },
    ]);
    const res = await admin.get<string>(`/organisations/${tenant.orgId}/log/failed.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    // Response.text() drops the byte order mark: read the bytes.
    const raw = await exports.default.fetch(`${ADMIN_BASE}/organisations/${tenant.orgId}/log/failed.csv`, {
      headers: { Authorization: `Bearer ${env.ADMIN_SECRET}` },
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFtime,operation,userName,status,error\r\n")).toBe(true);
    expect(text.slice(1).split("\r\n")).toEqual([
      "time,operation,userName,status,error",
      `${minutesIn(4)},createUser,'@sum,500,HTTP 500`,
      `${minutesIn(3)},updateUser,"'=HYPERLINK(""http://x"")",400,'-1+2`,
      `${minutesIn(2)},createUser,zoë@example.com,409,"User ""zoë"" exists, twice\nreally"`,
      "",
    ]);
  });

  it("applies the list's filters", async () => {
    const tenant = await createTenant();
    await seed(tenant.orgId, [
      { status: 409, userName: "a@example.com", detail: "one" },
      { status: 400, userName: "b@example.com", detail: "two" },
    ]);
    const res = await admin.get<string>(`/organisations/${tenant.orgId}/log/failed.csv?user=B@example.com`);
    expect(res.body.trim().split("\r\n")).toHaveLength(2);
    expect(res.body).toContain("two");
    expect((await admin.get(`/organisations/${crypto.randomUUID()}/log/failed.csv`)).status).toBe(404);
  });
});
