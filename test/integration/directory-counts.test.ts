// totalResults of an unfiltered list comes from the directory's counters, kept by triggers on users and groups:
// every way a row comes or goes (SCIM, the admin API's bulk deletion, a directory's deletion) must keep them true.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../src/db/client";
import { directories } from "../../src/db/schema";
import { admin } from "../support/admin-client";
import { patchBody, userBody } from "../support/builders";
import { createGroup } from "../support/group-builders";
import { createTenant, type TestTenant } from "../support/tenant";

const totalOf = async (tenant: TestTenant, type: "Users" | "Groups", query = "") => {
  const res = await tenant.scim.get<{ totalResults: number }>(`/${type}?count=1${query}`);
  expect(res.status).toBe(200);
  return res.body.totalResults;
};

const countersOf = async (directoryId: string) => {
  const [row] = await catalogDatabase(env)
    .select({ users: directories.userCount, groups: directories.groupCount })
    .from(directories)
    .where(eq(directories.id, directoryId));
  return row;
};

describe("directory counters", () => {
  it("follow creates and deletes of users and groups, whatever path deletes them", async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await tenant.scim.post<{ id: string }>("/Users", userBody())).body.id);
    await other.scim.post("/Users", userBody());
    const group = await createGroup(tenant.scim);
    await createGroup(tenant.scim);
    expect(await totalOf(tenant, "Users")).toBe(4);
    expect(await totalOf(tenant, "Groups")).toBe(2);

    expect((await tenant.scim.delete(`/Users/${ids[0]}`)).status).toBe(204);
    await tenant.scim.patch(`/Users/${ids[1]}`, patchBody({ op: "replace", path: "active", value: false }));
    const purge = await admin.delete(
      `/organisations/${tenant.orgId}/directories/${tenant.directoryId}/deactivated-users`,
    );
    expect(purge.body).toEqual({ deleted: 1 });
    expect((await tenant.scim.delete(`/Groups/${group.id}`)).status).toBe(204);

    expect(await totalOf(tenant, "Users")).toBe(2);
    expect(await totalOf(tenant, "Groups")).toBe(1);
    // A filtered list still counts its matches.
    expect(await totalOf(tenant, "Users", "&filter=userName pr")).toBe(2);
    expect(await countersOf(tenant.directoryId)).toEqual({ users: 2, groups: 1 });
    expect(await countersOf(other.directoryId)).toEqual({ users: 1, groups: 0 });
  });
});
