// Custom hostnames: registered for one organisation, where its SCIM endpoint then also answers.
import { describe, expect, it } from "vitest";
import {
  type AdminErrorBody,
  admin,
  createAdminTenant,
  createOrganisation,
  type DirectoryBody,
  uniqueDomain,
  userIn,
} from "../../support/admin-client";
import { ScimClient } from "../../support/scim-client";

describe("custom hostnames", () => {
  it("serves the organisation's SCIM endpoint on a registered hostname until it is unregistered", async () => {
    const tenant = await createAdminTenant();
    const hostname = `scim.${uniqueDomain()}`;
    const res = await admin.post(`/organisations/${tenant.org.id}/hostnames`, {
      hostname: hostname.toUpperCase(),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ hostname, baseUrl: `https://${hostname}/scim/v2` });
    expect((await admin.get(`/organisations/${tenant.org.id}/hostnames`)).body).toEqual({
      items: [res.body],
    });
    const directory = await admin.get<DirectoryBody>(
      `/organisations/${tenant.org.id}/directories/${tenant.directory.id}`,
    );
    expect(directory.body.customBaseUrls).toEqual([`https://${hostname}/scim/v2`]);

    const custom = new ScimClient(`https://${hostname}/scim/v2`, tenant.token);
    const created = await custom.post("/Users", userIn(tenant.domain));
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toContain(`https://${hostname}/scim/v2/Users/`);

    expect((await admin.delete(`/organisations/${tenant.org.id}/hostnames/${hostname}`)).status).toBe(204);
    expect((await custom.get("/Users")).status).toBe(404);
    expect((await tenant.scim.get(`/Users/${created.body.id}`)).status).toBe(200);
  });

  it("gives a hostname to one organisation only: 409 for another", async () => {
    const first = await createOrganisation();
    const second = await createOrganisation();
    const hostname = `scim.${uniqueDomain()}`;
    expect((await admin.post(`/organisations/${first.id}/hostnames`, { hostname })).status).toBe(201);
    const res = await admin.post<AdminErrorBody>(`/organisations/${second.id}/hostnames`, { hostname });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", details: [{ path: "body.hostname" }] });
    expect((await admin.get(`/organisations/${second.id}/hostnames`)).body).toEqual({ items: [] });
  });

  it("refuses names under the SCIM domain and names that are not hostnames", async () => {
    const org = await createOrganisation();
    const under = await admin.post<AdminErrorBody>(`/organisations/${org.id}/hostnames`, {
      hostname: "other.scim.test",
    });
    expect(under.status).toBe(400);
    expect(under.body.error.message).toContain("under scim.test");
    for (const hostname of ["scim", "scim.acme.com/path", "https://scim.acme.com", "*.acme.com"]) {
      const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/hostnames`, { hostname });
      expect(res.status, hostname).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("body.hostname");
    }
  });

  it("answers unregistering a hostname the organisation does not have with 404", async () => {
    const org = await createOrganisation();
    expect((await admin.delete(`/organisations/${org.id}/hostnames/nothing.example.com`)).status).toBe(404);
  });
});
