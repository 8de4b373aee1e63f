// Bearer tokens: generated with a chosen validity, shown once, listed by their last four characters, rotated at
// once or with an overlap window, revoked on demand. Time is set, never slept: the Worker runs in this isolate,
// so vi.setSystemTime moves its clock too.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AdminErrorBody,
  type AdminTenant,
  admin,
  createAdminTenant,
  createOrganisation,
  type GeneratedTokenBody,
  generateToken,
  type TokenInfoBody,
} from "../../support/admin-client";
import { ScimClient } from "../../support/scim-client";

const T0 = new Date("2031-03-01T09:00:00.000Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const at = (ms: number) => vi.setSystemTime(new Date(T0.getTime() + ms));
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString();

const tokensPath = (t: AdminTenant) => `/organisations/${t.org.id}/directories/${t.directory.id}/tokens`;
const listTokens = async (t: AdminTenant) =>
  (await admin.get<{ items: TokenInfoBody[] }>(tokensPath(t))).body.items;
const scimWith = (t: AdminTenant, token: string) => new ScimClient(t.directory.baseUrl, token);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("generating a token", () => {
  it("returns the token once, valid for a year by default, and lists it by its last four characters", async () => {
    const tenant = await createAdminTenant();
    const res = await admin.post<GeneratedTokenBody>(tokensPath(tenant), {});
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.body.token).toMatch(/^scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      lastFour: res.body.token.slice(-4),
      hint: `scim_…${res.body.token.slice(-4)}`,
      status: "active",
      expiresAt: iso(365 * DAY),
      revokedAt: null,
      lastUsedAt: null,
    });
    const listed = await admin.get<{ items: TokenInfoBody[] }>(tokensPath(tenant));
    expect(JSON.stringify(listed.body)).not.toContain(res.body.token.slice(6, -4));
    expect(listed.body.items[0]).toMatchObject({
      id: res.body.id,
      lastFour: res.body.lastFour,
      status: "active",
    });
    expect(listed.body.items[0]).not.toHaveProperty("token");
    expect((await scimWith(tenant, res.body.token).get("/Users")).status).toBe(200);
  });

  it("takes a validity between 1 and 730 days, and says so otherwise", async () => {
    const tenant = await createAdminTenant();
    expect((await generateToken(tenant.org.id, tenant.directory.id, { validityDays: 730 })).expiresAt).toBe(
      iso(730 * DAY),
    );
    expect((await generateToken(tenant.org.id, tenant.directory.id, { validityDays: 1 })).expiresAt).toBe(
      iso(DAY),
    );
    for (const validityDays of [0, 731, 1.5, "30"]) {
      const res = await admin.post<AdminErrorBody>(tokensPath(tenant), { validityDays });
      expect(res.status, String(validityDays)).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("body.validityDays");
    }
  });

  it("expires: 401 with a detail that says so, and WWW-Authenticate", async () => {
    const tenant = await createAdminTenant();
    const { token } = await generateToken(tenant.org.id, tenant.directory.id, { validityDays: 1 });
    at(DAY - 1000);
    expect((await scimWith(tenant, token).get("/Users")).status).toBe(200);
    at(DAY);
    const res = await scimWith(tenant, token).get("/Users");
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("has expired");
    expect(res.headers.get("WWW-Authenticate")).toBe('Bearer realm="scim", error="invalid_token"');
    expect((await listTokens(tenant))[0]).toMatchObject({ status: "expired" });
  });

  it("answers 404 for a directory that is not the organisation's, and rotates nothing", async () => {
    const tenant = await createAdminTenant();
    const other = await createOrganisation();
    const res = await admin.post<AdminErrorBody>(
      `/organisations/${other.id}/directories/${tenant.directory.id}/tokens`,
      {},
    );
    expect(res.status).toBe(404);
    expect((await tenant.scim.get("/Users")).status).toBe(200);
    expect(await listTokens(tenant)).toHaveLength(1);
  });
});

describe("rotation", () => {
  it("revokes the previous tokens at once by default", async () => {
    const tenant = await createAdminTenant();
    const next = await generateToken(tenant.org.id, tenant.directory.id);
    expect(next.previousTokens).toEqual({ count: 1, stopAt: iso(0) });
    const old = await tenant.scim.get("/Users");
    expect(old.status).toBe(401);
    expect(old.body.detail).toContain("has been revoked");
    expect(old.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    expect((await scimWith(tenant, next.token).get("/Users")).status).toBe(200);
    expect((await listTokens(tenant)).map((t) => t.status)).toEqual(["active", "revoked"]);
  });

  it("keeps the previous token working during an overlap window, then revokes it", async () => {
    const tenant = await createAdminTenant();
    const next = await generateToken(tenant.org.id, tenant.directory.id, { overlapHours: 24 });
    expect(next.previousTokens).toEqual({ count: 1, stopAt: iso(24 * HOUR) });
    at(24 * HOUR - 1000);
    expect((await tenant.scim.get("/Users")).status).toBe(200);
    expect((await scimWith(tenant, next.token).get("/Users")).status).toBe(200);
    at(24 * HOUR);
    const old = await tenant.scim.get("/Users");
    expect(old.status).toBe(401);
    expect(old.body.detail).toContain("revoked");
    expect((await scimWith(tenant, next.token).get("/Users")).status).toBe(200);
  });

  it("never lengthens an earlier overlap window with a later rotation", async () => {
    const tenant = await createAdminTenant();
    await generateToken(tenant.org.id, tenant.directory.id, { overlapHours: 1 });
    const third = await generateToken(tenant.org.id, tenant.directory.id, { overlapHours: 48 });
    expect(third.previousTokens.count).toBe(1);
    at(HOUR);
    expect((await tenant.scim.get("/Users")).status).toBe(401);
  });

  it("takes an overlap of 0 to 168 hours, and says so otherwise", async () => {
    const tenant = await createAdminTenant();
    for (const overlapHours of [-1, 169, 0.5]) {
      const res = await admin.post<AdminErrorBody>(tokensPath(tenant), { overlapHours });
      expect(res.status, String(overlapHours)).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("body.overlapHours");
    }
    expect((await tenant.scim.get("/Users")).status).toBe(200);
  });
});

describe("revoking", () => {
  it("revokes a token at once, and keeps the first revocation time when asked again", async () => {
    const tenant = await createAdminTenant();
    const [token] = await listTokens(tenant);
    const path = `${tokensPath(tenant)}/${token?.id}/revoke`;
    const res = await admin.post<TokenInfoBody>(path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "revoked", revokedAt: iso(0) });
    const refused = await tenant.scim.get("/Users");
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toContain("revoked");
    at(HOUR);
    expect((await admin.post<TokenInfoBody>(path)).body.revokedAt).toBe(iso(0));
  });

  it("ends an overlap window early", async () => {
    const tenant = await createAdminTenant();
    const [old] = await listTokens(tenant);
    await generateToken(tenant.org.id, tenant.directory.id, { overlapHours: 24 });
    expect((await tenant.scim.get("/Users")).status).toBe(200);
    await admin.post(`${tokensPath(tenant)}/${old?.id}/revoke`);
    expect((await tenant.scim.get("/Users")).status).toBe(401);
  });

  it("answers 404 for a token that is not the directory's", async () => {
    const tenant = await createAdminTenant();
    const other = await createAdminTenant();
    const [token] = await listTokens(other);
    expect((await admin.post(`${tokensPath(tenant)}/${token?.id}/revoke`)).status).toBe(404);
    expect((await other.scim.get("/Users")).status).toBe(200);
  });
});

describe("last use", () => {
  it("records the last use, at most once every five minutes", async () => {
    const tenant = await createAdminTenant();
    expect((await listTokens(tenant))[0]?.lastUsedAt).toBeNull();
    await tenant.scim.get("/Users");
    expect((await listTokens(tenant))[0]?.lastUsedAt).toBe(iso(0));
    at(4 * MINUTE);
    await tenant.scim.get("/Users");
    expect((await listTokens(tenant))[0]?.lastUsedAt).toBe(iso(0));
    at(6 * MINUTE);
    await tenant.scim.get("/Users");
    expect((await listTokens(tenant))[0]?.lastUsedAt).toBe(iso(6 * MINUTE));
  });
});
