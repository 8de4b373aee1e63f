// Deactivation, reactivation and deletion: workspaces move to the transferee through the queue, exactly once,
// and are never lost or deleted.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { directories } from "../../../src/db/schema";
import { patchBody, userBody } from "../../support/builders";
import { createTenant } from "../../support/tenant";
import {
  deliver,
  deliverPending,
  transfersOf,
  workspacesOf,
  workspacesOwnedBy,
} from "../../support/transfers";

type User = Record<string, unknown> & { id: string; userName: string };

const deactivations: [string, (id: string, userName: string) => [string, Record<string, unknown>]][] = [
  ["Okta's path-less replace", () => ["PATCH", patchBody({ op: "replace", value: { active: false } })]],
  ["Entra's string boolean", () => ["PATCH", patchBody({ op: "Replace", path: "active", value: "False" })]],
  ["a full PUT", (_id, userName) => ["PUT", userBody({ userName, active: false })]],
];

describe("deactivation", () => {
  for (const [how, request] of deactivations) {
    it(`by ${how} records the user's workspaces and the queue moves them to the transferee`, async () => {
      const { scim, orgId, adminId } = await createTenant();
      const { body: user } = await scim.post<User>("/Users", userBody());
      const [workspace] = await workspacesOwnedBy(orgId, user.id);
      const [method, body] = request(user.id, user.userName);
      const res = await scim.request<User>(method, `/Users/${user.id}`, body);
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);

      const [transfer] = await transfersOf(orgId);
      expect(transfer).toMatchObject({ userId: user.id, workspaceIds: [workspace?.id] });
      await deliverPending(orgId);
      expect(await transfersOf(orgId)).toMatchObject([{ state: "done", transfereeAdminId: adminId }]);
      expect(await workspacesOf(orgId)).toMatchObject([
        { id: workspace?.id, ownerUserId: null, ownerAdminId: adminId },
      ]);
    });
  }

  it("moves each workspace once, however often the message is delivered", async () => {
    const { scim, orgId, adminId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    const [transfer] = await transfersOf(orgId);
    if (!transfer) throw new Error("no transfer recorded");
    const first = await deliver(orgId, [transfer.id, transfer.id]);
    const again = await deliver(orgId, [transfer.id]);
    expect(first.retryMessages).toEqual([]);
    expect(again.retryMessages).toEqual([]);
    const spaces = await workspacesOf(orgId);
    expect(spaces).toHaveLength(1);
    expect(spaces[0]).toMatchObject({ ownerUserId: null, ownerAdminId: adminId });
  });

  it("waits in a visible failed state while the directory has no transferee, and moves once one is set", async () => {
    const { scim, orgId, directoryId, adminId } = await createTenant({ transferee: false });
    const { body: user } = await scim.post<User>("/Users", userBody());
    await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    const result = await deliverPending(orgId);
    expect(result?.retryMessages).toEqual([]);
    const [failed] = await transfersOf(orgId);
    expect(failed).toMatchObject({ state: "failed" });
    expect(failed?.reason).toContain("no transferee");
    expect(await workspacesOwnedBy(orgId, user.id)).toHaveLength(1);

    await catalogDatabase(env)
      .update(directories)
      .set({ transfereeAdminId: adminId })
      .where(eq(directories.id, directoryId));
    await deliverPending(orgId);
    expect(await transfersOf(orgId)).toMatchObject([{ state: "done" }]);
    expect(await workspacesOwnedBy(orgId, user.id)).toHaveLength(0);
  });

  it("retries a delivery that fails, recording why, and the dead-letter queue leaves the transfer failed", async () => {
    const { scim, orgId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    const { body: other } = await scim.post<User>("/Users", userBody());
    for (const id of [user.id, other.id]) {
      await scim.patch(`/Users/${id}`, patchBody({ op: "replace", value: { active: false } }));
    }
    const recorded = await transfersOf(orgId);
    const broken = recorded.find((t) => t.userId === user.id);
    const healthy = recorded.find((t) => t.userId === other.id);
    if (!broken || !healthy) throw new Error("transfers not recorded");
    // A real failure inside D1, not a mock: a trigger that aborts moving this user's workspace.
    await env.DB.prepare(
      `CREATE TRIGGER fail_transfer BEFORE UPDATE ON workspaces WHEN OLD.owner_user_id = '${user.id}'
       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    ).run();

    const result = await deliver(orgId, [broken.id, healthy.id]);
    expect(result.retryMessages.map((m) => m.delaySeconds)).toHaveLength(1);
    expect(result.explicitAcks).toHaveLength(1);
    const after = await transfersOf(orgId);
    expect(after.find((t) => t.id === healthy.id)).toMatchObject({ state: "done" });
    const retried = after.find((t) => t.id === broken.id);
    expect(retried).toMatchObject({ state: "pending", attempts: 1 });
    expect(retried?.reason).toContain("injected failure");

    await deliver(orgId, [broken.id], { queue: "scim-edge-transfers-dlq" });
    const dead = (await transfersOf(orgId)).find((t) => t.id === broken.id);
    expect(dead?.state).toBe("failed");
    expect(dead?.reason).toContain("Gave up");
    expect(dead?.reason).toContain("injected failure");
    expect(await workspacesOwnedBy(orgId, user.id)).toHaveLength(1);
    await env.DB.prepare("DROP TRIGGER fail_transfer").run();
  });
});

describe("reactivation", () => {
  it("gives the user a new workspace; the old one stays with the transferee, even with the transfer still queued", async () => {
    const { scim, orgId, adminId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    const [old] = await workspacesOwnedBy(orgId, user.id);
    await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    const back = await scim.patch<User>(
      `/Users/${user.id}`,
      patchBody({ op: "Add", path: "active", value: "True" }),
    );
    expect(back.body.active).toBe(true);
    await deliverPending(orgId);

    const spaces = await workspacesOf(orgId);
    expect(spaces).toHaveLength(2);
    expect(spaces.find((w) => w.id === old?.id)).toMatchObject({ ownerUserId: null, ownerAdminId: adminId });
    expect(spaces.find((w) => w.id !== old?.id)).toMatchObject({ ownerUserId: user.id, ownerAdminId: null });
  });

  it("is refused when the licence is full, and the user stays inactive", async () => {
    const { scim } = await createTenant({ seats: 1 });
    const { body: user } = await scim.post<User>("/Users", userBody());
    await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    const res = await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: true } }));
    expect(res.status).toBe(403);
    expect((await scim.get<User>(`/Users/${user.id}`)).body.active).toBe(false);
  });
});

describe("deletion", () => {
  it("transfers an active user's workspaces first and never deletes them", async () => {
    const { scim, orgId, adminId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    expect((await scim.delete(`/Users/${user.id}`)).status).toBe(204);
    expect(await transfersOf(orgId)).toMatchObject([{ userId: user.id, userName: user.userName }]);
    await deliverPending(orgId);
    expect(await workspacesOf(orgId)).toMatchObject([{ ownerUserId: null, ownerAdminId: adminId }]);
  });

  it("keeps a deactivated user's recorded transfer when the user is deleted before it ran", async () => {
    const { scim, orgId, adminId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    await scim.delete(`/Users/${user.id}`);
    expect(await transfersOf(orgId)).toHaveLength(1);
    await deliverPending(orgId);
    expect(await workspacesOf(orgId)).toMatchObject([{ ownerAdminId: adminId }]);
  });
});

describe("concurrent changes to one user", () => {
  it("leave every workspace with exactly one owner and the seat count exact", async () => {
    const { scim, orgId, licenceId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    const flips = Array.from({ length: 10 }, (_, i) =>
      scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: i % 2 === 1 } })),
    );
    expect((await Promise.all(flips)).map((r) => r.status)).toEqual(Array(10).fill(200));
    await deliverPending(orgId);

    const final = (await scim.get<User>(`/Users/${user.id}`)).body;
    const spaces = await workspacesOf(orgId);
    const recorded = await transfersOf(orgId);
    const owned = spaces.filter((w) => w.ownerUserId === user.id);
    // Arrival order is serialised: 1 create + one workspace per reactivation, one transfer per deactivation.
    expect(owned).toHaveLength(final.active ? 1 : 0);
    expect(spaces.every((w) => (w.ownerUserId === null) !== (w.ownerAdminId === null))).toBe(true);
    expect(spaces.every((w) => w.licenceId === licenceId)).toBe(true);
    expect(recorded.every((t) => t.state === "done")).toBe(true);
    const [licence] = await env.DB.prepare("SELECT seats_used FROM licences WHERE id = ?")
      .bind(licenceId)
      .all<{ seats_used: number }>()
      .then((r) => r.results);
    expect(licence?.seats_used).toBe(owned.length);
    expect(spaces.length).toBe(1 + recorded.length - (final.active ? 0 : 1) + (final.active ? 0 : 0));
  });
});

describe("seats", () => {
  it("are freed when a deprovisioned user's workspace has moved to the transferee", async () => {
    const { scim, orgId } = await createTenant({ seats: 1 });
    const { body: first } = await scim.post<User>("/Users", userBody());
    expect((await scim.post("/Users", userBody())).status).toBe(403);
    await scim.patch(`/Users/${first.id}`, patchBody({ op: "replace", value: { active: false } }));
    await deliverPending(orgId);
    expect((await scim.post("/Users", userBody())).status).toBe(201);
    expect(await workspacesOf(orgId)).toHaveLength(2);
  });
});
