// A group change reads the group and what its member ids are in one round trip, then writes in one batch: the
// round trips of a member add or remove (Entra's group push) do not depend on the group or the ids.
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { patchGroup } from "../../src/lifecycle/group-changes";
import { recordingDatabase } from "../support/d1-recording";
import { groupBody } from "../support/group-builders";
import { createUsers } from "../support/list";
import { createTenant } from "../support/tenant";

describe("a group PATCH of members", () => {
  it("reads the group and probes its member ids in one batch, then writes in one", async () => {
    const tenant = await createTenant();
    const [ada, bob] = await createUsers(
      tenant.scim,
      { userName: "ada@acme.test" },
      { userName: "bob@acme.test" },
    );
    const group = await tenant.scim.post<{ id: string }>("/Groups", groupBody());
    const scope = { orgId: tenant.orgId, directoryId: tenant.directoryId };
    const { binding, trips } = recordingDatabase();
    const patch = (add: string[], remove: string[]) =>
      patchGroup(
        drizzle(binding),
        { scope, id: group.body.id, plan: { resourceOperations: [], members: { add, remove } } },
        new Date().toISOString(),
      );
    const added = await patch([ada?.id ?? "", bob?.id ?? ""], []);
    expect(added.ok).toBe(true);
    expect(trips).toHaveLength(2);
    expect(trips[0]?.join(" ")).toMatch(/from "groups".*json_each/s);
    trips.length = 0;
    // Adding a member again changes nothing: the read, and no write.
    expect((await patch([bob?.id ?? ""], [])).ok).toBe(true);
    expect(trips).toHaveLength(1);
    trips.length = 0;
    // A remove of a member who is there and one who is not: the same two round trips.
    expect((await patch([], [ada?.id ?? "", "not-a-member"])).ok).toBe(true);
    expect(trips).toHaveLength(2);
    trips.length = 0;
    // An unknown id fails after the one read, with nothing written.
    const refused = await patch(["no-such-user"], []);
    expect(refused).toMatchObject({
      ok: false,
      failure: { reason: "unknownMembers", ids: ["no-such-user"] },
    });
    expect(trips).toHaveLength(1);
  });
});
