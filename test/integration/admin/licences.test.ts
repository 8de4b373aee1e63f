// Licences: seats, and seats used derived from the workspaces provisioning allocates.
import { describe, expect, it } from "vitest";
import {
  type AdminErrorBody,
  admin,
  createAdminTenant,
  createOrganisation,
  userIn,
} from "../../support/admin-client";

interface LicenceBody {
  id: string;
  name: string;
  seats: number;
  seatsUsed: number;
}

describe("licences", () => {
  it("creates, reads, lists, updates and deletes a licence", async () => {
    const org = await createOrganisation();
    const created = await admin.post<LicenceBody>(`/organisations/${org.id}/licences`, {
      name: "Pro",
      seats: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Pro", seats: 10, seatsUsed: 0 });
    const path = `/organisations/${org.id}/licences/${created.body.id}`;
    expect((await admin.get(path)).body).toEqual(created.body);
    expect((await admin.get(`/organisations/${org.id}/licences`)).body).toEqual({ items: [created.body] });
    const updated = await admin.patch(path, { name: "Pro 2026", seats: 25 });
    expect(updated.body).toMatchObject({ name: "Pro 2026", seats: 25, seatsUsed: 0 });
    expect((await admin.delete(path)).status).toBe(204);
    expect((await admin.get(path)).status).toBe(404);
  });

  it("refuses seats that are not a whole, non-negative number", async () => {
    const org = await createOrganisation();
    for (const seats of [-1, 1.5, "10", null, 1e9]) {
      const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/licences`, { name: "X", seats });
      expect(res.status, String(seats)).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("body.seats");
    }
  });

  it("answers a second licence of the same name with 409", async () => {
    const org = await createOrganisation();
    await admin.post(`/organisations/${org.id}/licences`, { name: "Pro", seats: 1 });
    const res = await admin.post<AdminErrorBody>(`/organisations/${org.id}/licences`, {
      name: "Pro",
      seats: 2,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details?.[0]?.path).toBe("body.name");
  });

  it("counts seats used from the workspaces provisioned users get", async () => {
    const tenant = await createAdminTenant();
    const path = `/organisations/${tenant.org.id}/licences/${tenant.licenceId}`;
    for (let i = 0; i < 2; i++)
      expect((await tenant.scim.post("/Users", userIn(tenant.domain))).status).toBe(201);
    expect((await admin.get(path)).body).toMatchObject({ seatsUsed: 2 });

    const below = await admin.patch<AdminErrorBody>(path, { seats: 1 });
    expect(below.status).toBe(409);
    expect(below.body.error.message).toContain("2 seats in use");
    expect((await admin.patch(path, { seats: 2 })).body).toMatchObject({ seats: 2, seatsUsed: 2 });

    const removed = await admin.delete<AdminErrorBody>(path);
    expect(removed.status).toBe(409);
    expect(removed.body.error.message).toContain("has workspaces");
    expect((await admin.get(path)).status).toBe(200);
  });
});
