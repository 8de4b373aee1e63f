// A read that starts from a credential this isolate saw authenticate (src/auth/tenancy-hints.ts): it saves the
// catalogue's round trip, and still answers as a fresh check would, at once, whatever changed in between.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../src/db/client";
import { customHostnames, directories, scimTokens, users } from "../../src/db/schema";
import { addCustomHostname } from "../../src/db/tenancy";
import worker from "../../src/index";
import { userBody } from "../support/builders";
import { recordingDatabase } from "../support/d1-recording";
import { groupBody } from "../support/group-builders";
import { ScimClient } from "../support/scim-client";
import { logOf, scimLogged } from "../support/system-log";
import { createTenant, type TestTenant } from "../support/tenant";

const tokenIdOf = (token: string) => token.split("_")[1] ?? "";

type WarmTenant = TestTenant & { userId: string; groupId: string };

/** A tenant whose credential has just authenticated a read, so that the next read starts from its hint. */
async function warmTenant(): Promise<WarmTenant> {
  const tenant = await createTenant();
  const created = await tenant.scim.post("/Users", userBody({ userName: `warm@${tenant.slug}.example` }));
  expect(created.status).toBe(201);
  const group = await tenant.scim.post("/Groups", groupBody({ displayName: "warm" }));
  expect(group.status).toBe(201);
  expect((await tenant.scim.get("/Users")).status).toBe(200);
  return { ...tenant, userId: String(created.body.id), groupId: String(group.body.id) };
}

const reads = (tenant: WarmTenant) => [
  `/Users?filter=${encodeURIComponent(`userName eq "warm@${tenant.slug}.example"`)}`,
  `/Users/${tenant.userId}`,
  "/Groups",
  `/Groups/${tenant.groupId}`,
  // A 405 that reads nothing: its Allow header must not outlive a refusal either.
  "/Users/.search",
];

/** A GET through the Worker's fetch handler with a recording D1 binding; its round trips before the response. */
async function recordedGet(tenant: TestTenant, path: string) {
  const { binding, trips } = recordingDatabase();
  const ctx = createExecutionContext();
  const request = new Request(`${tenant.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${tenant.token}` },
  });
  const response = await worker.fetch(
    request as Parameters<typeof worker.fetch>[0],
    { ...env, DB: binding },
    ctx,
  );
  const body = await response.json<{ totalResults?: number }>();
  await waitOnExecutionContext(ctx);
  // After the response, the system log's entry and at most a last-use stamp: not the request's round trips.
  const answering = trips.filter(
    (trip) => !/^insert into "system_log"|^update "scim_tokens"/.test(trip[0] ?? ""),
  );
  return { status: response.status, body, trips: answering };
}

const REFUSED_HEADERS = ["ETag", "Content-Location", "Location", "Allow"];

const aSecondAgo = () => new Date(Date.now() - 1000).toISOString();

const changeToken = (tenant: TestTenant, change: Partial<typeof scimTokens.$inferInsert>) =>
  catalogDatabase(env)
    .update(scimTokens)
    .set(change)
    .where(eq(scimTokens.id, tokenIdOf(tenant.token)));

/**
 * For each read: warms a tenant, changes what its credential opens, and expects the read to answer as a fresh
 * check would. A tenant per read: a refused credential is forgotten, so only its first read starts from the hint.
 */
async function readsAfter(change: (tenant: TestTenant) => Promise<unknown>, status: number, detail: string) {
  const variants = reads(await warmTenant()).length;
  for (let i = 0; i < variants; i++) {
    for (const headers of [{}, { "If-None-Match": 'W/"1"' }] as Record<string, string>[]) {
      const tenant = await warmTenant();
      await change(tenant);
      const path = reads(tenant)[i] ?? "";
      const res = await tenant.scim.get(path, headers);
      expect(res.status, path).toBe(status);
      expect(res.body.detail).toContain(detail);
      expect(JSON.stringify(res.body)).not.toContain("warm");
      // Nothing of what the refused read found: not its version, not where it lives, not what it allows.
      for (const name of REFUSED_HEADERS) expect(res.headers.get(name), `${path} ${name}`).toBeNull();
    }
  }
}

describe("reads that start from a remembered credential", () => {
  it("refuse a token revoked since it authenticated, at once", () =>
    readsAfter((tenant) => changeToken(tenant, { revokedAt: aSecondAgo() }), 401, "revoked"));

  it("refuse a token that expired since it authenticated", () =>
    readsAfter((tenant) => changeToken(tenant, { expiresAt: aSecondAgo() }), 401, "expired"));

  it("refuse a directory disabled since, with 403", () =>
    readsAfter(
      (tenant) =>
        catalogDatabase(env)
          .update(directories)
          .set({ enabled: false })
          .where(eq(directories.id, tenant.directoryId)),
      403,
      "disabled",
    ));

  it("answer a revoked token with 401 even where the read would have failed first", async () => {
    const tenant = await warmTenant();
    await changeToken(tenant, { revokedAt: aSecondAgo() });
    // A filter that never reaches D1 (400) and a user that is not there (404): the credential answers first.
    expect((await tenant.scim.get("/Users?filter=userName%20zz%20%22x%22")).status).toBe(401);
    expect((await tenant.scim.get(`/Users/${crypto.randomUUID()}`)).status).toBe(401);
  });

  it("create nothing for a token revoked or a directory disabled since", async () => {
    const tenant = await warmTenant();
    await changeToken(tenant, { revokedAt: aSecondAgo() });
    const revoked = await tenant.scim.post("/Users", userBody({ userName: `late@${tenant.slug}.example` }));
    expect(revoked.status).toBe(401);
    const other = await warmTenant();
    await catalogDatabase(env)
      .update(directories)
      .set({ enabled: false })
      .where(eq(directories.id, other.directoryId));
    const disabled = await other.scim.post("/Users", userBody({ userName: `late@${other.slug}.example` }));
    expect(disabled.status).toBe(403);
    const late = await catalogDatabase(env)
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.orgId, [tenant.orgId, other.orgId]));
    // Only the two warm-up users: neither refused create reached the user's object.
    expect(late).toHaveLength(2);
  });

  it("never start from the hint for the same token id with another secret", async () => {
    const tenant = await warmTenant();
    const last = tenant.token.at(-1) === "A" ? "B" : "A";
    const forged = tenant.scim.withToken(`${tenant.token.slice(0, -1)}${last}`);
    for (const path of reads(tenant)) expect((await forged.get(path)).status, path).toBe(401);
  });

  it("carry the catalogue read in the read's own batch: one round trip", async () => {
    const tenant = await warmTenant();
    const [filtered = "", byId = ""] = reads(tenant);
    const list = await recordedGet(tenant, filtered);
    expect(list.status).toBe(200);
    expect(list.body.totalResults).toBe(1);
    // One round trip answered the request: the catalogue's statement and the page, in one batch.
    expect(list.trips).toHaveLength(1);
    const [batch = []] = list.trips;
    expect(batch[0]).toMatch(/from "organisations"/);
    expect(batch.slice(1).join(" ")).toMatch(/from "users"/);
    // A user with its groups: the same one round trip.
    const user = await recordedGet(tenant, byId);
    expect(user.status).toBe(200);
    expect(user.trips).toHaveLength(1);
  });

  it("forget a credential that failed: its next request waits for the catalogue", async () => {
    const tenant = await warmTenant();
    await changeToken(tenant, { revokedAt: aSecondAgo() });
    const [path = ""] = reads(tenant);
    expect((await tenant.scim.get(path)).status).toBe(401);
    await changeToken(tenant, { revokedAt: null });
    const again = await recordedGet(tenant, path);
    expect(again.status).toBe(200);
    // The catalogue alone first, then the page: the refused credential left no hint behind.
    expect(again.trips).toHaveLength(2);
    expect(again.trips[0]).toEqual([expect.stringMatching(/from "organisations"/)]);
  });

  it("log a refused read as the eager check would: no directory, no profile", async () => {
    const tenant = await warmTenant();
    await changeToken(tenant, { revokedAt: aSecondAgo() });
    const [path = ""] = reads(tenant);
    expect((await scimLogged(tenant, "GET", path)).status).toBe(401);
    const [entry] = await logOf(tenant.orgId);
    expect(entry).toMatchObject({ status: 401, directoryId: null, idp: null, normalisation: null });
  });

  it("answer for the organisation the host names now, not the one remembered", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const hostname = `scim.${acme.slug}-moving.example`;
    await addCustomHostname(catalogDatabase(env), acme.orgId, hostname);
    const viaCustom = new ScimClient(`https://${hostname}/scim/v2`, acme.token);
    expect((await viaCustom.get("/Users")).status).toBe(200);
    await catalogDatabase(env)
      .update(customHostnames)
      .set({ orgId: globex.orgId })
      .where(eq(customHostnames.hostname, hostname));
    const moved = await scimLogged({ baseUrl: viaCustom.baseUrl, token: acme.token }, "GET", "/Users");
    expect(moved.status).toBe(401);
    // Logged where the host points now, naming nothing of the organisation the credential belongs to.
    const [entry] = await logOf(globex.orgId);
    expect(entry).toMatchObject({ status: 401, directoryId: null, idp: null });
  });
});
