// Verified domains: add, list, remove; a domain belongs to one organisation; SCIM needs at least one.
import { describe, expect, it } from "vitest";
import {
  type AdminErrorBody,
  admin,
  createDirectory,
  createOrganisation,
  uniqueDomain,
} from "../../support/admin-client";

describe("verified domains", () => {
  it("adds a domain in lower case, lists and removes it", async () => {
    const org = await createOrganisation();
    const domain = uniqueDomain();
    const added = await admin.post(`/organisations/${org.id}/domains`, {
      domain: ` ${domain.toUpperCase()} `,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ domain });
    expect((await admin.get(`/organisations/${org.id}/domains`)).body).toEqual({
      items: [expect.objectContaining({ domain })],
    });
    expect((await admin.delete(`/organisations/${org.id}/domains/${domain.toUpperCase()}`)).status).toBe(204);
    expect((await admin.get(`/organisations/${org.id}/domains`)).body).toEqual({ items: [] });
  });

  it("answers a domain verified by another organisation with 409", async () => {
    const first = await createOrganisation();
    const second = await createOrganisation();
    const domain = uniqueDomain();
    expect((await admin.post(`/organisations/${first.id}/domains`, { domain })).status).toBe(201);
    const res = await admin.post<AdminErrorBody>(`/organisations/${second.id}/domains`, { domain });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(`"${domain}" is already verified`);
    expect((await admin.post(`/organisations/${first.id}/domains`, { domain })).status).toBe(409);
    expect((await admin.get(`/organisations/${second.id}/domains`)).body).toEqual({ items: [] });
  });

  it("says what is wrong with a name that is not a domain", async () => {
    const org = await createOrganisation();
    const cases: [string, string][] = [
      ["localhost", "at least two labels"],
      ["acme.com.", "trailing dot"],
      ["bad_label.com", "may contain only"],
      ["exämple.com", "xn--"],
      ["10.0.0.1", "IP address"],
      ["a..com", "empty label"],
    ];
    for (const [domain, why] of cases) {
      const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/domains`, { domain });
      expect(res.status, domain).toBe(400);
      expect(res.body.error.details?.[0]).toMatchObject({ path: "body.domain" });
      expect(res.body.error.message, domain).toContain(why);
    }
  });

  it("answers removing a domain the organisation does not have with 404", async () => {
    const org = await createOrganisation();
    const res = await admin.delete<AdminErrorBody>(`/organisations/${org.id}/domains/${uniqueDomain()}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

describe("SCIM needs a verified domain", () => {
  it("refuses to enable a directory of an organisation without one, and says so", async () => {
    const org = await createOrganisation();
    const created = await admin.post<AdminErrorBody>(`/organisations/${org.id}/directories`, {
      name: "Okta",
      enabled: true,
    });
    expect(created.status).toBe(409);
    expect(created.body.error.code).toBe("verified_domain_required");
    expect(created.body.error.message).toContain("without a verified domain");
    // Nothing was created.
    expect((await admin.get(`/organisations/${org.id}/directories`)).body).toEqual({ items: [] });

    const directory = await createDirectory(org.id);
    expect(directory.enabled).toBe(false);
    const enabled = await admin.patch<AdminErrorBody>(
      `/organisations/${org.id}/directories/${directory.id}`,
      {
        enabled: true,
      },
    );
    expect(enabled.status).toBe(409);
    expect(enabled.body.error.code).toBe("verified_domain_required");

    await admin.post(`/organisations/${org.id}/domains`, { domain: uniqueDomain() });
    const retried = await admin.patch(`/organisations/${org.id}/directories/${directory.id}`, {
      enabled: true,
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ enabled: true });
  });

  it("keeps the last domain while a directory is enabled, and lets it go once SCIM is disabled", async () => {
    const org = await createOrganisation();
    const [first, second] = [uniqueDomain(), uniqueDomain()];
    await admin.post(`/organisations/${org.id}/domains`, { domain: first });
    await admin.post(`/organisations/${org.id}/domains`, { domain: second });
    const directory = await createDirectory(org.id, { enabled: true });

    expect((await admin.delete(`/organisations/${org.id}/domains/${first}`)).status).toBe(204);
    const last = await admin.delete<AdminErrorBody>(`/organisations/${org.id}/domains/${second}`);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe("verified_domain_required");
    expect(last.body.error.message).toContain(`"${second}" is the organisation's last verified domain`);

    await admin.patch(`/organisations/${org.id}/directories/${directory.id}`, { enabled: false });
    expect((await admin.delete(`/organisations/${org.id}/domains/${second}`)).status).toBe(204);
  });
});
