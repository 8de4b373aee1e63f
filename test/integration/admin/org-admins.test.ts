// Organisation admins: id, email, name; one per email address within an organisation.
import { describe, expect, it } from "vitest";
import { type AdminErrorBody, admin, createOrganisation } from "../../support/admin-client";

describe("organisation admins", () => {
  it("adds, reads, lists, updates and removes an admin; emails are kept in lower case", async () => {
    const org = await createOrganisation();
    const created = await admin.post<{ id: string }>(`/organisations/${org.id}/admins`, {
      email: "Grace.Hopper@Acme.COM",
      name: "Grace Hopper",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: "grace.hopper@acme.com", name: "Grace Hopper" });
    const path = `/organisations/${org.id}/admins/${created.body.id}`;
    expect((await admin.get(path)).body).toEqual(created.body);
    expect((await admin.get(`/organisations/${org.id}/admins`)).body).toEqual({ items: [created.body] });
    expect((await admin.patch(path, { name: "Rear Admiral Hopper" })).body).toMatchObject({
      name: "Rear Admiral Hopper",
    });
    expect((await admin.delete(path)).status).toBe(204);
    expect((await admin.get(path)).status).toBe(404);
  });

  it("answers a second admin with the same email, in any case, with 409", async () => {
    const org = await createOrganisation();
    await admin.post(`/organisations/${org.id}/admins`, { email: "ada@acme.com", name: "Ada" });
    const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/admins`, {
      email: "ADA@acme.com",
      name: "Ada again",
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details?.[0]?.path).toBe("body.email");
    // Another organisation may have an admin with that address.
    const other = await createOrganisation();
    expect(
      (await admin.post(`/organisations/${other.id}/admins`, { email: "ada@acme.com", name: "Ada" })).status,
    ).toBe(201);
  });

  it("refuses an address that is not an email", async () => {
    const org = await createOrganisation();
    const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/admins`, {
      email: "ada",
      name: "Ada",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]).toEqual({ path: "body.email", message: "must be an email address" });
  });
});
