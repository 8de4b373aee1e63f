// The events API: paging by sequence, filters, and the errors a host application can act on.
import { describe, expect, it } from "vitest";
import { admin } from "../../support/admin-client";
import { patchBody, userBody } from "../../support/builders";
import { eventPage, eventsOf } from "../../support/events";
import { createTenant } from "../../support/tenant";

describe("events API", () => {
  it("pages by sequence number, with nextAfter to resume from", async () => {
    const tenant = await createTenant();
    for (let i = 0; i < 3; i++) expect((await tenant.scim.post("/Users", userBody())).status).toBe(201);
    const first = await eventPage(tenant.orgId, "limit=4");
    expect(first.items.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect(first).toMatchObject({ nextAfter: 4, hasMore: true });
    const second = await eventPage(tenant.orgId, `after=${first.nextAfter}&limit=4`);
    expect(second.items.map((e) => e.sequence)).toEqual([5, 6]);
    expect(second).toMatchObject({ nextAfter: 6, hasMore: false });
    // Polling with nothing new keeps the position.
    expect(await eventPage(tenant.orgId, "after=6")).toEqual({ items: [], nextAfter: 6, hasMore: false });
  });

  it("filters by type and by resource, a user's history in order", async () => {
    const tenant = await createTenant();
    const [one, two] = await Promise.all([
      tenant.scim.post<{ id: string }>("/Users", userBody()),
      tenant.scim.post<{ id: string }>("/Users", userBody()),
    ]);
    const id = one.body.id;
    await tenant.scim.patch(`/Users/${id}`, patchBody({ op: "replace", path: "active", value: false }));
    const history = await eventsOf(tenant.orgId, `resourceId=${id}`);
    expect(history.map((e) => e.type)).toEqual(["user.created", "user.deactivated"]);
    const creations = await eventsOf(tenant.orgId, "type=user.created");
    expect(creations.map((e) => e.resource.id).sort()).toEqual([id, two.body.id].sort());
  });

  it("answers 400 for a bad query and 404 for an unknown organisation", async () => {
    const tenant = await createTenant();
    for (const query of ["after=-1", "after=x", "limit=0", "limit=1001", "type=user.exploded"]) {
      const res = await admin.get<{ error: { code: string } }>(
        `/organisations/${tenant.orgId}/events?${query}`,
      );
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
    const missing = await admin.get<{ error: { code: string } }>("/organisations/no-such-org/events");
    expect(missing.status).toBe(404);
  });

  it("records bulk deletion of deactivated users as one user.deleted each", async () => {
    const tenant = await createTenant();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await tenant.scim.post<{ id: string }>("/Users", userBody({ active: false }));
      ids.push(res.body.id);
    }
    const res = await admin.delete(
      `/organisations/${tenant.orgId}/directories/${tenant.directoryId}/deactivated-users`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const deleted = await eventsOf(tenant.orgId, "type=user.deleted");
    expect(deleted.map((e) => e.resource.id)).toEqual(ids);
  });
});
