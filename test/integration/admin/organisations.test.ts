// Organisations: create, read, list, update, and delete with a confirmation that removes only their own data.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findOrganisationByHost } from "../../../src/db/tenancy";
import {
  type AdminErrorBody,
  admin,
  createAdminTenant,
  createOrganisation,
  type OrganisationBody,
  uniqueSlug,
  userIn,
} from "../../support/admin-client";

describe("organisations", () => {
  it("creates an organisation with its SCIM host and base URL, lower-casing the slug", async () => {
    const slug = uniqueSlug("Acme");
    const res = await admin.post<OrganisationBody>("/organisations", { slug, name: "  Acme Corporation " });
    expect(res.status).toBe(201);
    const lower = slug.toLowerCase();
    expect(res.body).toMatchObject({
      slug: lower,
      name: "Acme Corporation",
      host: `${lower}.scim.test`,
      baseUrl: `https://${lower}.scim.test/scim/v2`,
    });
    expect((await admin.get(`/organisations/${res.body.id}`)).body).toEqual(res.body);
  });

  it("answers a taken slug with 409, whatever its case, and creates nothing", async () => {
    const org = await createOrganisation();
    const res = await admin.post<AdminErrorBody>("/organisations", {
      slug: org.slug.toUpperCase(),
      name: "Copy",
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(res.body.error.message).toContain(`"${org.slug}" is already taken`);
    expect((await admin.get(`/organisations/${org.id}`)).body).toMatchObject({ name: org.name });
  });

  it("refuses slugs that cannot be a DNS label", async () => {
    for (const slug of ["", "a.b", "under_score", "x".repeat(64), "ünï", "-lead"]) {
      const res = await admin.post<AdminErrorBody>("/organisations", { slug, name: "Bad" });
      expect(res.status, slug).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("body.slug");
    }
  });

  it("lists organisations in slug order, a page at a time", async () => {
    const prefix = uniqueSlug("page");
    for (const n of [3, 1, 2]) await createOrganisation({ slug: `${prefix}-${n}` });
    const first = await admin.get<{ items: OrganisationBody[]; nextCursor: string | null }>(
      `/organisations?limit=2&after=${prefix}`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((o) => o.slug)).toEqual([`${prefix}-1`, `${prefix}-2`]);
    expect(first.body.nextCursor).toBe(`${prefix}-2`);
    const second = await admin.get<{ items: OrganisationBody[] }>(
      `/organisations?limit=2&after=${first.body.nextCursor}`,
    );
    expect(second.body.items[0]?.slug).toBe(`${prefix}-3`);
  });

  it("refuses page sizes outside the limits", async () => {
    for (const limit of ["0", "201", "1.5"]) {
      const res = await admin.get<AdminErrorBody>(`/organisations?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("query.limit");
    }
  });

  it("renames an organisation and moves it to a new slug; a taken slug is 409", async () => {
    const org = await createOrganisation();
    const other = await createOrganisation();
    const slug = uniqueSlug("moved");
    const res = await admin.patch<OrganisationBody>(`/organisations/${org.id}`, { slug, name: "Renamed" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slug, name: "Renamed", host: `${slug}.scim.test` });
    const taken = await admin.patch<AdminErrorBody>(`/organisations/${org.id}`, { slug: other.slug });
    expect(taken.status).toBe(409);
    expect((await admin.get<OrganisationBody>(`/organisations/${org.id}`)).body.slug).toBe(slug);
  });

  it("answers 404 for an organisation that does not exist", async () => {
    expect((await admin.get("/organisations/nope")).status).toBe(404);
    expect((await admin.patch("/organisations/nope", { name: "X" })).status).toBe(404);
    expect((await admin.delete("/organisations/nope", { confirmSlug: "nope" })).status).toBe(404);
  });
});

describe("deleting an organisation", () => {
  it("requires the slug as confirmation", async () => {
    const org = await createOrganisation();
    const missing = await admin.delete<AdminErrorBody>(`/organisations/${org.id}`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.[0]?.path).toBe("body.confirmSlug");
    const wrong = await admin.delete<AdminErrorBody>(`/organisations/${org.id}`, {
      confirmSlug: "something-else",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain("confirmSlug");
    const noBody = await admin.delete<AdminErrorBody>(`/organisations/${org.id}`);
    expect(noBody.status).toBe(400);
    expect((await admin.get(`/organisations/${org.id}`)).status).toBe(200);
  });

  it("removes the organisation's SCIM data and nothing of another organisation's", async () => {
    const doomed = await createAdminTenant();
    const kept = await createAdminTenant();
    const doomedUser = await doomed.scim.post("/Users", userIn(doomed.domain));
    const keptUser = await kept.scim.post("/Users", userIn(kept.domain));
    expect([doomedUser.status, keptUser.status]).toEqual([201, 201]);

    const res = await admin.delete(`/organisations/${doomed.org.id}`, { confirmSlug: doomed.org.slug });
    expect(res.status).toBe(204);

    expect((await admin.get(`/organisations/${doomed.org.id}`)).status).toBe(404);
    expect((await doomed.scim.get("/Users")).status).toBe(404);
    expect(await findOrganisationByHost(env.DB, doomed.org.host, "scim.test")).toBeUndefined();
    // The domain is free again.
    const other = await createOrganisation();
    expect((await admin.post(`/organisations/${other.id}/domains`, { domain: doomed.domain })).status).toBe(
      201,
    );

    expect((await kept.scim.get(`/Users/${keptUser.body.id}`)).status).toBe(200);
    expect((await admin.get(`/organisations/${kept.org.id}/licences/${kept.licenceId}`)).body).toMatchObject({
      seatsUsed: 1,
    });
    expect((await admin.get(`/organisations/${kept.org.id}/domains`)).body).toEqual({
      items: [expect.objectContaining({ domain: kept.domain })],
    });
  });
});
