// Tenant isolation: every admin route tried with another organisation's ids, and every SCIM route with another
// organisation's token or host, fails exactly as for an id or token that does not exist, and changes nothing.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  type AdminResponse,
  type AdminTenant,
  admin,
  createAdminTenant,
  generateToken,
  uniqueDomain,
  userIn,
} from "../../support/admin-client";
import { patchBody } from "../../support/builders";
import { ScimClient } from "../../support/scim-client";

interface Victim {
  tenant: AdminTenant;
  adminId: string;
  tokenId: string;
  clientId: string;
  clientSecret: string;
  hostname: string;
  userId: string;
  groupId: string;
}

async function victim(): Promise<Victim> {
  const tenant = await createAdminTenant();
  const { org, directory } = tenant;
  const person = await admin.post<{ id: string }>(`/organisations/${org.id}/admins`, {
    email: "owner@acme.com",
    name: "Owner",
  });
  const tokens = await admin.get<{ items: { id: string }[] }>(
    `/organisations/${org.id}/directories/${directory.id}/tokens`,
  );
  const client = await admin.post<{ clientId: string; clientSecret: string }>(
    `/organisations/${org.id}/directories/${directory.id}/oauth-clients`,
  );
  const hostname = `scim.${uniqueDomain()}`;
  await admin.post(`/organisations/${org.id}/hostnames`, { hostname });
  const user = await tenant.scim.post("/Users", userIn(tenant.domain));
  const group = await tenant.scim.post("/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: `Team ${crypto.randomUUID().slice(0, 6)}`,
  });
  if (user.status !== 201 || group.status !== 201) throw new Error(`seeding: ${user.status} ${group.status}`);
  return {
    tenant,
    adminId: person.body.id,
    tokenId: tokens.body.items[0]?.id ?? "",
    clientId: client.body.clientId,
    clientSecret: client.body.clientSecret,
    hostname,
    userId: String(user.body.id),
    groupId: String(group.body.id),
  };
}

/** The same request with the victim's real id and with an id nobody has: the answers must not differ. */
async function sameAsMissing(
  send: (id: string) => Promise<AdminResponse>,
  realId: string,
  expectedStatus: number,
): Promise<void> {
  const missingId = `missing-${crypto.randomUUID()}`;
  const real = await send(realId);
  const missing = await send(missingId);
  expect(real.status, JSON.stringify(real.body)).toBe(expectedStatus);
  expect(JSON.stringify(real.body).replaceAll(realId, "<id>")).toBe(
    JSON.stringify(missing.body).replaceAll(missingId, "<id>"),
  );
}

describe("admin routes with another organisation's ids", () => {
  it("fail as for ids that do not exist, and change nothing", async () => {
    const attacker = await createAdminTenant();
    const v = await victim();
    const a = `/organisations/${attacker.org.id}`;
    const ad = `${a}/directories/${attacker.directory.id}`;
    const vd = v.tenant.directory.id;

    // Resources of the victim addressed under the attacker's organisation.
    await sameAsMissing((id) => admin.get(`${a}/directories/${id}`), vd, 404);
    await sameAsMissing((id) => admin.patch(`${a}/directories/${id}`, { enabled: false }), vd, 404);
    await sameAsMissing((id) => admin.delete(`${a}/directories/${id}`), vd, 404);
    await sameAsMissing((id) => admin.get(`${a}/directories/${id}/tokens`), vd, 404);
    await sameAsMissing((id) => admin.post(`${a}/directories/${id}/tokens`, {}), vd, 404);
    await sameAsMissing((id) => admin.post(`${ad}/tokens/${id}/revoke`), v.tokenId, 404);
    await sameAsMissing((id) => admin.get(`${a}/directories/${id}/oauth-clients`), vd, 404);
    await sameAsMissing((id) => admin.post(`${a}/directories/${id}/oauth-clients`, {}), vd, 404);
    await sameAsMissing((id) => admin.post(`${ad}/oauth-clients/${id}/revoke`), v.clientId, 404);
    await sameAsMissing((id) => admin.get(`${a}/licences/${id}`), v.tenant.licenceId, 404);
    await sameAsMissing((id) => admin.patch(`${a}/licences/${id}`, { seats: 0 }), v.tenant.licenceId, 404);
    await sameAsMissing((id) => admin.delete(`${a}/licences/${id}`), v.tenant.licenceId, 404);
    await sameAsMissing((id) => admin.get(`${a}/admins/${id}`), v.adminId, 404);
    await sameAsMissing((id) => admin.patch(`${a}/admins/${id}`, { name: "Mine" }), v.adminId, 404);
    await sameAsMissing((id) => admin.delete(`${a}/admins/${id}`), v.adminId, 404);
    await sameAsMissing((id) => admin.delete(`${a}/domains/${id}`), v.tenant.domain, 404);
    await sameAsMissing((id) => admin.delete(`${a}/hostnames/${id}`), v.hostname, 404);
    // References to the victim's licence or admin from the attacker's directory.
    await sameAsMissing((id) => admin.patch(ad, { licenceId: id }), v.tenant.licenceId, 400);
    await sameAsMissing((id) => admin.patch(ad, { transfereeAdminId: id }), v.adminId, 400);
    await sameAsMissing(
      (id) => admin.post(`${a}/directories`, { name: "Stolen", licenceId: id }),
      v.tenant.licenceId,
      400,
    );

    // The victim is untouched.
    const vo = `/organisations/${v.tenant.org.id}`;
    expect((await v.tenant.scim.get(`/Users/${v.userId}`)).status).toBe(200);
    expect((await admin.get(`${vo}/directories/${vd}`)).body).toMatchObject({ enabled: true });
    expect((await admin.get(`${vo}/licences/${v.tenant.licenceId}`)).body).toMatchObject({ seats: 100 });
    expect((await admin.get(`${vo}/admins/${v.adminId}`)).body).toMatchObject({ name: "Owner" });
    expect((await admin.get(`${vo}/domains`)).body).toMatchObject({ items: [{ domain: v.tenant.domain }] });
    expect((await admin.get(`${vo}/hostnames`)).body).toMatchObject({ items: [{ hostname: v.hostname }] });
    expect((await admin.get(`${vo}/directories/${vd}/oauth-clients`)).body).toMatchObject({
      items: [{ clientId: v.clientId, status: "active" }],
    });
  });
});

describe("SCIM routes with another organisation's token or host", () => {
  it("answer 401 for another organisation's token on every route, without a trace of its data", async () => {
    const attacker = await createAdminTenant();
    const v = await victim();
    // The victim's host with the attacker's token, and the attacker's host with the victim's token.
    const clients = [
      new ScimClient(v.tenant.directory.baseUrl, attacker.token),
      new ScimClient(attacker.directory.baseUrl, v.tenant.token),
    ];
    for (const scim of clients) {
      const responses = [
        await scim.get("/Users"),
        await scim.post("/Users", userIn(v.tenant.domain)),
        await scim.post("/Users/.search", {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        }),
        await scim.get(`/Users/${v.userId}`),
        await scim.put(`/Users/${v.userId}`, userIn(v.tenant.domain)),
        await scim.patch(`/Users/${v.userId}`, patchBody({ op: "replace", path: "active", value: false })),
        await scim.delete(`/Users/${v.userId}`),
        await scim.get("/Groups"),
        await scim.post("/Groups", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          displayName: "X",
        }),
        await scim.get(`/Groups/${v.groupId}`),
        await scim.patch(
          `/Groups/${v.groupId}`,
          patchBody({ op: "replace", path: "displayName", value: "X" }),
        ),
        await scim.delete(`/Groups/${v.groupId}`),
      ];
      for (const res of responses) {
        expect(res.status).toBe(401);
        expect(res.body.detail).toBe("The bearer token is not valid for this organisation.");
      }
    }
    // Another organisation's access token is just as unknown.
    const tokenResponse = await exports.default.fetch(`https://${v.tenant.org.host}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: v.clientId,
        client_secret: v.clientSecret,
      }).toString(),
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    expect((await new ScimClient(attacker.directory.baseUrl, access_token).get("/Users")).status).toBe(401);

    expect((await v.tenant.scim.get(`/Users/${v.userId}`)).status).toBe(200);
    expect((await v.tenant.scim.get(`/Groups/${v.groupId}`)).status).toBe(200);
    expect((await attacker.scim.get("/Users")).body.totalResults).toBe(0);
  });

  it("does not open one organisation on another's custom hostname", async () => {
    const attacker = await createAdminTenant();
    const v = await victim();
    const onVictimHost = new ScimClient(`https://${v.hostname}/scim/v2`, attacker.token);
    expect((await onVictimHost.get(`/Users/${v.userId}`)).status).toBe(401);
  });

  it("keeps a directory's token out of the organisation's other directories", async () => {
    const v = await victim();
    const second = await admin.post<{ id: string }>(`/organisations/${v.tenant.org.id}/directories`, {
      name: "Second",
      enabled: true,
      licenceId: v.tenant.licenceId,
    });
    const { token } = await generateToken(v.tenant.org.id, second.body.id);
    const scim = new ScimClient(v.tenant.directory.baseUrl, token);
    expect((await scim.get(`/Users/${v.userId}`)).status).toBe(404);
    expect((await scim.get(`/Groups/${v.groupId}`)).status).toBe(404);
    expect((await scim.delete(`/Users/${v.userId}`)).status).toBe(404);
    expect((await v.tenant.scim.get(`/Users/${v.userId}`)).status).toBe(200);
  });
});
