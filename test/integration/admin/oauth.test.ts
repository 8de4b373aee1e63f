// OAuth 2.0 client credentials (RFC 6749 §4.4): clients per directory, the token endpoint on the tenant's host,
// §5.1 responses and §5.2 errors, and access tokens that open their directory only, for a short time.
import { exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AdminTenant,
  admin,
  createAdminTenant,
  createDirectory,
  userIn,
} from "../../support/admin-client";
import { ScimClient } from "../../support/scim-client";

const T0 = new Date("2031-06-01T12:00:00.000Z");
const HOUR = 3_600_000;
const at = (ms: number) => vi.setSystemTime(new Date(T0.getTime() + ms));

interface CreatedClient {
  clientId: string;
  clientSecret: string;
  tokenEndpoint: string;
  status: string;
  previousClients: { count: number; stopAt: string };
}

interface TokenResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

const clientsPath = (t: AdminTenant, directoryId = t.directory.id) =>
  `/organisations/${t.org.id}/directories/${directoryId}/oauth-clients`;

async function createClient(t: AdminTenant, body: Record<string, unknown> = {}, directoryId?: string) {
  const res = await admin.post<CreatedClient>(clientsPath(t, directoryId), body);
  if (res.status !== 201) throw new Error(`creating client: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

async function tokenRequest(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  method = "POST",
): Promise<TokenResponse> {
  const response = await exports.default.fetch(url, {
    method,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    ...(method === "POST" ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const withBasic = (client: CreatedClient, form: Record<string, string> = {}) =>
  tokenRequest(
    client.tokenEndpoint,
    { grant_type: "client_credentials", ...form },
    { Authorization: basic(client.clientId, client.clientSecret) },
  );

const withPost = (client: CreatedClient, url = client.tokenEndpoint) =>
  tokenRequest(url, {
    grant_type: "client_credentials",
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });

const scimWith = (t: AdminTenant, token: unknown) => new ScimClient(t.directory.baseUrl, String(token));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("OAuth clients", () => {
  it("creates a client whose secret is shown once, with the token endpoint on the tenant's host", async () => {
    const tenant = await createAdminTenant();
    const res = await admin.post<CreatedClient>(clientsPath(tenant), {});
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const client = res.body;
    expect(client).toMatchObject({
      status: "active",
      tokenEndpoint: `https://${tenant.org.host}/oauth/token`,
    });
    expect(client.clientId).toMatch(/^scimclient_[0-9a-f]{16}$/);
    const listed = await admin.get(clientsPath(tenant));
    expect(listed.body).toEqual({
      items: [{ clientId: client.clientId, status: "active", createdAt: T0.toISOString(), revokedAt: null }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(client.clientSecret);
  });
});

describe("token endpoint", () => {
  it("issues a Bearer access token with client_secret_basic, not to be cached", async () => {
    const tenant = await createAdminTenant();
    const res = await withBasic(await createClient(tenant));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Pragma")).toBe("no-cache");
    const scim = scimWith(tenant, res.body.access_token);
    expect((await scim.post("/Users", userIn(tenant.domain))).status).toBe(201);
  });

  it("issues with client_secret_post, and names the one scope when one is asked for", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    expect((await withPost(client)).status).toBe(200);
    expect((await withBasic(client, { scope: "anything" })).body).toMatchObject({ scope: "scim" });
  });

  it("answers RFC 6749 §5.2 errors, never cached", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    const url = client.tokenEndpoint;
    const auth = { Authorization: basic(client.clientId, client.clientSecret) };
    const cases: [Promise<TokenResponse>, number, string][] = [
      [tokenRequest(url, {}, auth), 400, "invalid_request"],
      [tokenRequest(url, { grant_type: "password" }, auth), 400, "unsupported_grant_type"],
      [tokenRequest(url, { grant_type: "client_credentials" }), 401, "invalid_client"],
      [
        tokenRequest(url, { grant_type: "client_credentials", client_secret: client.clientSecret }, auth),
        400,
        "invalid_request",
      ],
      [
        tokenRequest(
          url,
          { grant_type: "client_credentials" },
          { Authorization: basic(client.clientId, "wrong") },
        ),
        401,
        "invalid_client",
      ],
      [
        tokenRequest(url, {
          grant_type: "client_credentials",
          client_id: client.clientId,
          client_secret: "x",
        }),
        401,
        "invalid_client",
      ],
      [
        tokenRequest(
          url,
          { grant_type: "client_credentials" },
          { ...auth, "Content-Type": "application/json" },
        ),
        400,
        "invalid_request",
      ],
      [tokenRequest(url, {}, auth, "GET"), 405, "invalid_request"],
    ];
    for (const [pending, status, error] of cases) {
      const res = await pending;
      expect(res.status, error).toBe(status);
      expect(res.body.error).toBe(error);
      expect(res.body.error_description).toEqual(expect.any(String));
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      if (status === 401) expect(res.headers.get("WWW-Authenticate")).toMatch(/^Basic realm=/);
    }
  });

  it("refuses a repeated parameter", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    const response = await exports.default.fetch(client.tokenEndpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: basic(client.clientId, client.clientSecret),
      },
      body: "grant_type=client_credentials&grant_type=client_credentials",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("does not know a client on another organisation's host", async () => {
    const tenant = await createAdminTenant();
    const other = await createAdminTenant();
    const client = await createClient(tenant);
    const res = await withPost(client, `https://${other.org.host}/oauth/token`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
    const nowhere = await withPost(client, "https://nobody.scim.test/oauth/token");
    expect(nowhere.body).toEqual(res.body);
  });

  it("refuses a client of a disabled directory", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    await admin.patch(`/organisations/${tenant.org.id}/directories/${tenant.directory.id}`, {
      enabled: false,
    });
    const res = await withBasic(client);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("unauthorized_client");
    expect(res.body.error_description).toContain("disabled");
  });
});

describe("access tokens", () => {
  it("open their own directory only", async () => {
    const tenant = await createAdminTenant();
    const other = await createDirectory(tenant.org.id, { enabled: true, licenceId: tenant.licenceId });
    expect((await tenant.scim.post("/Users", userIn(tenant.domain))).status).toBe(201);
    const client = await createClient(tenant, {}, other.id);
    const scim = scimWith(tenant, (await withBasic(client)).body.access_token);
    expect((await scim.get("/Users")).body.totalResults).toBe(0);
  });

  it("expire after an hour, with a detail that says to ask the token endpoint again", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    const scim = scimWith(tenant, (await withBasic(client)).body.access_token);
    at(HOUR - 1000);
    expect((await scim.get("/Users")).status).toBe(200);
    at(HOUR);
    const res = await scim.get("/Users");
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("access token has expired");
    expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
  });

  it("stop with their client when it is revoked", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    const scim = scimWith(tenant, (await withBasic(client)).body.access_token);
    const revoked = await admin.post(`${clientsPath(tenant)}/${client.clientId}/revoke`);
    expect(revoked.body).toMatchObject({ status: "revoked", revokedAt: T0.toISOString() });
    const res = await scim.get("/Users");
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("access token has been revoked");
    const again = await withBasic(client);
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: "invalid_client" });
    expect(String(again.body.error_description)).toContain("revoked");
  });

  it("rotate with the client: during the overlap both clients work, and old access tokens end with it", async () => {
    const tenant = await createAdminTenant();
    const first = await createClient(tenant);
    const oldToken = (await withBasic(first)).body.access_token;
    const second = await createClient(tenant, { overlapHours: 2 });
    expect(second.previousClients).toEqual({
      count: 1,
      stopAt: new Date(T0.getTime() + 2 * HOUR).toISOString(),
    });

    at(HOUR + HOUR / 2);
    const late = await withBasic(first);
    expect(late.status).toBe(200);
    // Never past the end of the old client's overlap window.
    expect(late.body.expires_in).toBe(1800);
    expect((await scimWith(tenant, oldToken).get("/Users")).status).toBe(401);
    expect((await scimWith(tenant, late.body.access_token).get("/Users")).status).toBe(200);

    at(2 * HOUR);
    expect((await scimWith(tenant, late.body.access_token).get("/Users")).status).toBe(401);
    expect((await withBasic(first)).status).toBe(401);
    expect((await withBasic(second)).status).toBe(200);
  });

  it("of another client keep working when one client is revoked", async () => {
    const tenant = await createAdminTenant();
    const first = await createClient(tenant);
    const second = await createClient(tenant, { overlapHours: 2 });
    const firstToken = (await withBasic(first)).body.access_token;
    const secondToken = (await withBasic(second)).body.access_token;
    await admin.post(`${clientsPath(tenant)}/${first.clientId}/revoke`);
    expect((await scimWith(tenant, firstToken).get("/Users")).status).toBe(401);
    expect((await scimWith(tenant, secondToken).get("/Users")).status).toBe(200);
  });

  it("do not disturb the directory's bearer tokens", async () => {
    const tenant = await createAdminTenant();
    const client = await createClient(tenant);
    await withBasic(client);
    await admin.post(`${clientsPath(tenant)}/${client.clientId}/revoke`);
    expect((await tenant.scim.get("/Users")).status).toBe(200);
    const tokens = await admin.get<{ items: unknown[] }>(
      `/organisations/${tenant.org.id}/directories/${tenant.directory.id}/tokens`,
    );
    expect(tokens.body.items).toHaveLength(1);
  });
});
