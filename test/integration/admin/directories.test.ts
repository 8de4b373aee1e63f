// SCIM directories: several per organisation, each with its own tokens, users and settings; disabling one
// makes its SCIM endpoint refuse requests without losing anything.
import { describe, expect, it } from "vitest";
import {
  type AdminErrorBody,
  admin,
  createAdminTenant,
  createDirectory,
  createOrganisation,
  type DirectoryBody,
  generateToken,
  userIn,
} from "../../support/admin-client";
import { ERROR_SCHEMA } from "../../support/builders";
import { ScimClient } from "../../support/scim-client";

describe("directory settings", () => {
  it("creates a disabled generic directory by default, with the organisation's SCIM base URL", async () => {
    const org = await createOrganisation();
    const res = await admin.post<DirectoryBody>(`/organisations/${org.id}/directories`, { name: "Okta" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Okta",
      idp: "generic",
      enabled: false,
      licenceId: null,
      transfereeAdminId: null,
      userNameIsPrimaryEmail: false,
      baseUrl: `https://${org.slug}.scim.test/scim/v2`,
      customBaseUrls: [],
    });
    expect((await admin.get(`/organisations/${org.id}/directories/${res.body.id}`)).body).toEqual(res.body);
  });

  it("sets the IdP, licence and transferee, and clears them with null", async () => {
    const org = await createOrganisation();
    const licence = await admin.post<{ id: string }>(`/organisations/${org.id}/licences`, {
      name: "L",
      seats: 5,
    });
    const person = await admin.post<{ id: string }>(`/organisations/${org.id}/admins`, {
      email: "boss@acme.com",
      name: "Boss",
    });
    const directory = await createDirectory(org.id, { idp: "entra" });
    const path = `/organisations/${org.id}/directories/${directory.id}`;
    const set = await admin.patch(path, {
      idp: "jumpcloud",
      licenceId: licence.body.id,
      transfereeAdminId: person.body.id,
      userNameIsPrimaryEmail: true,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      idp: "jumpcloud",
      licenceId: licence.body.id,
      transfereeAdminId: person.body.id,
      userNameIsPrimaryEmail: true,
    });
    const cleared = await admin.patch(path, { licenceId: null, transfereeAdminId: null });
    expect(cleared.body).toMatchObject({ licenceId: null, transfereeAdminId: null, idp: "jumpcloud" });
  });

  it("accepts the six IdPs and says which when given another", async () => {
    const org = await createOrganisation();
    for (const idp of ["okta", "entra", "onelogin", "jumpcloud", "google", "generic"])
      expect((await admin.post(`/organisations/${org.id}/directories`, { name: idp, idp })).status).toBe(201);
    const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/directories`, {
      name: "Ping",
      idp: "ping",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]?.path).toBe("body.idp");
    expect(res.body.error.message).toContain("okta");
  });

  it("refuses a licence or a transferee of another organisation, and creates nothing", async () => {
    const org = await createOrganisation();
    const other = await createOrganisation();
    const licence = await admin.post<{ id: string }>(`/organisations/${other.id}/licences`, {
      name: "L",
      seats: 5,
    });
    const person = await admin.post<{ id: string }>(`/organisations/${other.id}/admins`, {
      email: "x@acme.com",
      name: "X",
    });
    const withLicence = await admin.post<AdminErrorBody>(`/organisations/${org.id}/directories`, {
      name: "D",
      licenceId: licence.body.id,
    });
    expect(withLicence.status).toBe(400);
    expect(withLicence.body.error.details?.[0]?.path).toBe("body.licenceId");
    const withAdmin = await admin.post<AdminErrorBody>(`/organisations/${org.id}/directories`, {
      name: "D",
      transfereeAdminId: person.body.id,
    });
    expect(withAdmin.status).toBe(400);
    expect(withAdmin.body.error.details?.[0]?.path).toBe("body.transfereeAdminId");
    expect((await admin.get(`/organisations/${org.id}/directories`)).body).toEqual({ items: [] });

    const directory = await createDirectory(org.id);
    const patched = await admin.patch(`/organisations/${org.id}/directories/${directory.id}`, {
      name: "Renamed",
      licenceId: licence.body.id,
    });
    expect(patched.status).toBe(400);
    expect((await admin.get(`/organisations/${org.id}/directories/${directory.id}`)).body).toMatchObject({
      name: directory.name,
      licenceId: null,
    });
  });

  it("answers a second directory of the same name with 409", async () => {
    const org = await createOrganisation();
    await createDirectory(org.id, { name: "Okta" });
    const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/directories`, { name: "Okta" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('directory named "Okta"');
  });
});

describe("several directories", () => {
  it("keeps each directory's users apart; the token chooses the directory", async () => {
    const tenant = await createAdminTenant();
    const second = await createDirectory(tenant.org.id, {
      name: "Entra",
      idp: "entra",
      enabled: true,
      licenceId: tenant.licenceId,
    });
    expect(second.baseUrl).toBe(tenant.directory.baseUrl);
    const { token } = await generateToken(tenant.org.id, second.id);
    const entra = new ScimClient(second.baseUrl, token);

    const user = userIn(tenant.domain);
    const inOkta = await tenant.scim.post("/Users", user);
    const inEntra = await entra.post("/Users", user);
    expect([inOkta.status, inEntra.status]).toEqual([201, 201]);
    expect(inEntra.body.id).not.toBe(inOkta.body.id);
    expect((await entra.get(`/Users/${inOkta.body.id}`)).status).toBe(404);
    expect((await entra.get("/Users")).body.totalResults).toBe(1);
    const listed = await admin.get<{ items: DirectoryBody[] }>(`/organisations/${tenant.org.id}/directories`);
    expect(listed.body.items.map((d) => d.name)).toEqual([tenant.directory.name, "Entra"]);
  });
});

describe("enabling and disabling", () => {
  it("makes a disabled directory's SCIM endpoint answer 403 and keeps its data; enabling resumes", async () => {
    const tenant = await createAdminTenant();
    const created = await tenant.scim.post("/Users", userIn(tenant.domain));
    expect(created.status).toBe(201);
    const path = `/organisations/${tenant.org.id}/directories/${tenant.directory.id}`;

    expect((await admin.patch(path, { enabled: false })).body).toMatchObject({ enabled: false });
    for (const res of [
      await tenant.scim.get("/Users"),
      await tenant.scim.get(`/Users/${created.body.id}`),
      await tenant.scim.post("/Users", userIn(tenant.domain)),
      await tenant.scim.get("/Groups"),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "403" });
      expect(res.body.detail).toContain("is disabled");
    }
    // Discovery needs no token and stays up.
    expect((await tenant.scim.get("/ServiceProviderConfig")).status).toBe(200);

    expect((await admin.patch(path, { enabled: true })).body).toMatchObject({ enabled: true });
    expect((await tenant.scim.get(`/Users/${created.body.id}`)).status).toBe(200);
    expect((await tenant.scim.get("/Users")).body.totalResults).toBe(1);
  });

  it("deletes a directory with its tokens and users; the organisation's other directories stay", async () => {
    const tenant = await createAdminTenant();
    const other = await createDirectory(tenant.org.id, { enabled: true, licenceId: tenant.licenceId });
    const otherScim = new ScimClient(other.baseUrl, (await generateToken(tenant.org.id, other.id)).token);
    expect((await otherScim.post("/Users", userIn(tenant.domain))).status).toBe(201);
    expect((await tenant.scim.post("/Users", userIn(tenant.domain))).status).toBe(201);

    const res = await admin.delete(`/organisations/${tenant.org.id}/directories/${tenant.directory.id}`);
    expect(res.status).toBe(204);
    const after = await tenant.scim.get("/Users");
    expect(after.status).toBe(401);
    expect(after.body.detail).toContain("not valid for this organisation");
    expect((await otherScim.get("/Users")).body.totalResults).toBe(1);
    expect(
      (await admin.get(`/organisations/${tenant.org.id}/directories/${tenant.directory.id}`)).status,
    ).toBe(404);
  });
});
