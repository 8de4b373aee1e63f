// A user's provisioning life, as the host application reads it from the events API: one event per change, in
// commit order, written with the change or not at all.
import { describe, expect, it } from "vitest";
import { patchBody, userBody } from "../../support/builders";
import { eventsOf, typesOf } from "../../support/events";
import { createTenant } from "../../support/tenant";
import { deliverPending, transfersOf } from "../../support/transfers";

const deactivate = patchBody({ op: "replace", path: "active", value: false });
const reactivate = patchBody({ op: "replace", path: "active", value: true });

describe("user events", () => {
  it("records create, update, deactivate, transfer, reactivate and delete in order", async () => {
    const tenant = await createTenant();
    const created = await tenant.scim.post<{ id: string; userName: string }>(
      "/Users",
      userBody({ externalId: "ext-1", password: "s3cret-Passw0rd" }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await tenant.scim.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "CTO" })))
        .status,
    ).toBe(200);
    expect((await tenant.scim.patch(`/Users/${id}`, deactivate)).status).toBe(200);
    await deliverPending(tenant.orgId);
    expect((await tenant.scim.patch(`/Users/${id}`, reactivate)).status).toBe(200);
    expect((await tenant.scim.delete(`/Users/${id}`)).status).toBe(204);
    await deliverPending(tenant.orgId);

    const events = await eventsOf(tenant.orgId);
    expect(typesOf(events)).toEqual([
      "user.created",
      "workspace.allocated",
      "user.updated",
      "user.deactivated",
      "workspace.transferred",
      "user.reactivated",
      "workspace.allocated",
      "user.deleted",
      "workspace.transferred",
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [createdEvent, allocated, updated, deactivated, transferred] = events;
    expect(createdEvent).toMatchObject({
      organisationId: tenant.orgId,
      directoryId: tenant.directoryId,
      resource: { type: "User", id },
      data: { user: { id, userName: created.body.userName, externalId: "ext-1", active: true } },
    });
    expect(createdEvent?.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(allocated?.data).toMatchObject({ workspace: { licenceId: tenant.licenceId }, user: { id } });
    expect(updated?.data).toMatchObject({ user: { resource: { title: "CTO" } } });
    const [transfer] = await transfersOf(tenant.orgId);
    expect(deactivated?.data).toMatchObject({ user: { id, active: false }, transferId: transfer?.id });
    expect(transferred).toMatchObject({
      resource: { type: "Workspace", id: allocated?.resource.id },
      data: { from: { userId: id }, to: { adminId: tenant.adminId }, transferId: transfer?.id },
    });
    // The password an IdP sends is never part of an event.
    expect(JSON.stringify(events)).not.toContain("password");
  });

  it("writes no event for a refused or unchanged change", async () => {
    const domain = `ev-${crypto.randomUUID().slice(0, 8)}.example`;
    const tenant = await createTenant({ seats: 1, domains: [domain] });
    const first = userBody({ userName: `first@${domain}` });
    expect(
      (await tenant.scim.post("/Users", userBody({ userName: "someone@elsewhere.example" }))).status,
    ).toBe(400);
    const created = await tenant.scim.post<{ id: string }>("/Users", first);
    expect(created.status).toBe(201);
    const before = await eventsOf(tenant.orgId);
    expect(typesOf(before)).toEqual(["user.created", "workspace.allocated"]);

    expect((await tenant.scim.post("/Users", first)).status).toBe(409);
    // The licence's only seat is taken: the second user is refused, and its rolled-back batch left no event.
    const full = await tenant.scim.post("/Users", userBody({ userName: `second@${domain}` }));
    expect(full.status).toBe(403);
    const unchanged = patchBody({ op: "replace", path: "userName", value: `first@${domain}` });
    expect((await tenant.scim.patch(`/Users/${created.body.id}`, unchanged)).status).toBe(200);
    // Okta's full PUT of an unchanged user, and a password change (never stored), are no change either.
    expect((await tenant.scim.put(`/Users/${created.body.id}`, first)).status).toBe(200);
    const password = patchBody({ op: "replace", path: "password", value: "An0ther-secret" });
    expect((await tenant.scim.patch(`/Users/${created.body.id}`, password)).status).toBe(200);
    expect(await eventsOf(tenant.orgId)).toEqual(before);
  });

  it("numbers each organisation's events on its own, with no gaps under concurrent creates", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).scim.post("/Users", userBody())),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    for (const tenant of [a, b]) {
      const events = await eventsOf(tenant.orgId);
      expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(new Set(events.map((e) => e.organisationId))).toEqual(new Set([tenant.orgId]));
    }
  });
});
