// The admin side of the lifecycle: transfers are visible with their state and can be retried; deactivated users
// can be deleted in one call.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../../src/db/client";
import { directories } from "../../../src/db/schema";
import { admin } from "../../support/admin-client";
import { patchBody, userBody } from "../../support/builders";
import { createTenant } from "../../support/tenant";
import { deliverPending, transfersOf, workspacesOf } from "../../support/transfers";

type User = { id: string; userName: string };
type Transfer = {
  id: string;
  state: string;
  reason: string | null;
  userName: string;
  workspaceIds: string[];
};

const path = (t: { orgId: string; directoryId: string }) =>
  `/organisations/${t.orgId}/directories/${t.directoryId}`;

describe("transfers", () => {
  it("lists transfers with their state, filtered by state", async () => {
    const tenant = await createTenant({ transferee: false });
    const { body: user } = await tenant.scim.post<User>("/Users", userBody());
    await tenant.scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    await deliverPending(tenant.orgId);

    const all = await admin.get<{ items: Transfer[] }>(`${path(tenant)}/transfers`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.items[0]).toMatchObject({ state: "failed", userName: user.userName });
    expect(all.body.items[0]?.reason).toContain("no transferee");
    expect(all.body.items[0]?.workspaceIds).toHaveLength(1);
    const done = await admin.get<{ items: Transfer[] }>(`${path(tenant)}/transfers?state=done`);
    expect(done.body.items).toEqual([]);
  });

  it("retries a failed transfer once a transferee is set, and it completes", async () => {
    const tenant = await createTenant({ transferee: false });
    const { body: user } = await tenant.scim.post<User>("/Users", userBody());
    await tenant.scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    await deliverPending(tenant.orgId);
    const [failed] = await transfersOf(tenant.orgId);
    await catalogDatabase(env)
      .update(directories)
      .set({ transfereeAdminId: tenant.adminId })
      .where(eq(directories.id, tenant.directoryId));

    const res = await admin.post<Transfer>(`${path(tenant)}/transfers/${failed?.id}/retry`);
    expect(res.status).toBe(202);
    expect(res.body.state).toBe("pending");
    await deliverPending(tenant.orgId);
    expect(await transfersOf(tenant.orgId)).toMatchObject([{ state: "done" }]);
    expect(await workspacesOf(tenant.orgId)).toMatchObject([{ ownerAdminId: tenant.adminId }]);
  });

  it("never shows or retries another organisation's transfer", async () => {
    const acme = await createTenant({ transferee: false });
    const globex = await createTenant();
    const { body: user } = await acme.scim.post<User>("/Users", userBody());
    await acme.scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    const [transfer] = await transfersOf(acme.orgId);
    const foreign = { orgId: globex.orgId, directoryId: globex.directoryId };
    expect((await admin.post(`${path(foreign)}/transfers/${transfer?.id}/retry`)).status).toBe(404);
    expect((await admin.get<{ items: Transfer[] }>(`${path(foreign)}/transfers`)).body.items).toEqual([]);
    const crossed = { orgId: globex.orgId, directoryId: acme.directoryId };
    expect((await admin.get(`${path(crossed)}/transfers`)).status).toBe(404);
  });
});

describe("deleting deactivated users", () => {
  it("deletes exactly the deactivated users, reports how many, and keeps their workspaces", async () => {
    const tenant = await createTenant();
    const users = await Promise.all(
      Array.from({ length: 4 }, () => tenant.scim.post<User>("/Users", userBody())),
    );
    for (const { body } of users.slice(0, 3)) {
      await tenant.scim.patch(`/Users/${body.id}`, patchBody({ op: "replace", value: { active: false } }));
    }
    const res = await admin.delete<{ deleted: number }>(`${path(tenant)}/deactivated-users`);
    expect(res.status).toBe(200);
    expect(res.body.deleted).toBe(3);
    const left = await tenant.scim.get<{ totalResults: number; Resources: User[] }>("/Users");
    expect(left.body.Resources.map((u) => u.id)).toEqual([users[3]?.body.id]);
    await deliverPending(tenant.orgId);
    const spaces = await workspacesOf(tenant.orgId);
    expect(spaces).toHaveLength(4);
    expect(spaces.filter((w) => w.ownerAdminId === tenant.adminId)).toHaveLength(3);
  });

  it("answers 404 for a directory of another organisation and deletes nothing", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const { body } = await acme.scim.post<User>("/Users", userBody({ active: false }));
    const res = await admin.delete(
      `${path({ orgId: globex.orgId, directoryId: acme.directoryId })}/deactivated-users`,
    );
    expect(res.status).toBe(404);
    expect((await acme.scim.get(`/Users/${body.id}`)).status).toBe(200);
  });
});
