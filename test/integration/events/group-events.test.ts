// Group events: one per group change, and one per member who really joins or leaves, whatever form the
// membership change takes (add, remove by filter, replace, repeated adds).
import { describe, expect, it } from "vitest";
import { eventsOf, typesOf } from "../../support/events";
import {
  addMembersOp,
  createGroup,
  createUserIds,
  groupPatch,
  removeMemberOp,
  renameOp,
  replaceMembersOp,
} from "../../support/group-builders";
import { createTenant } from "../../support/tenant";

/** The member events after sequence `after`, as "type userId" strings. */
async function memberChanges(orgId: string, after: number) {
  const events = (await eventsOf(orgId, `after=${after}`)).filter((e) => e.type.startsWith("group.member"));
  return events.map((e) => `${e.type} ${(e.data.user as { id: string }).id}`);
}

const lastSequence = async (orgId: string) => (await eventsOf(orgId)).at(-1)?.sequence ?? 0;

describe("group events", () => {
  it("records creation with its members, then adds, removes, renames and deletion", async () => {
    const tenant = await createTenant();
    const [a, b, c] = (await createUserIds(tenant.scim, 3)) as [string, string, string];
    const start = await lastSequence(tenant.orgId);
    const group = await createGroup(tenant.scim, { displayName: "Engineering", members: [{ value: a }] });

    const created = await eventsOf(tenant.orgId, `after=${start}`);
    expect(typesOf(created)).toEqual(["group.created", "group.member_added"]);
    expect(created[0]).toMatchObject({
      resource: { type: "Group", id: group.id },
      data: { group: { id: group.id, displayName: "Engineering" } },
    });
    expect(created[1]?.data).toMatchObject({
      group: { id: group.id, displayName: "Engineering" },
      user: { id: a },
    });

    let mark = await lastSequence(tenant.orgId);
    expect(
      (await tenant.scim.patch(`/Groups/${group.id}`, groupPatch(addMembersOp(a, b, c)))).status,
    ).toBeLessThan(300);
    // `a` was already a member: only b and c join.
    expect(await memberChanges(tenant.orgId, mark)).toEqual([
      `group.member_added ${b}`,
      `group.member_added ${c}`,
    ]);

    mark = await lastSequence(tenant.orgId);
    expect((await tenant.scim.patch(`/Groups/${group.id}`, groupPatch(addMembersOp(b)))).status).toBeLessThan(
      300,
    );
    expect(
      (await tenant.scim.patch(`/Groups/${group.id}`, groupPatch(removeMemberOp(b)))).status,
    ).toBeLessThan(300);
    expect(
      (await tenant.scim.patch(`/Groups/${group.id}`, groupPatch(removeMemberOp(b)))).status,
    ).toBeLessThan(300);
    expect(await memberChanges(tenant.orgId, mark)).toEqual([`group.member_removed ${b}`]);

    mark = await lastSequence(tenant.orgId);
    const renamed = await tenant.scim.patch(
      `/Groups/${group.id}`,
      groupPatch(renameOp(group.id, "Platform")),
    );
    expect(renamed.status).toBeLessThan(300);
    expect((await tenant.scim.delete(`/Groups/${group.id}`)).status).toBe(204);
    const tail = await eventsOf(tenant.orgId, `after=${mark}`);
    expect(typesOf(tail)).toEqual(["group.updated", "group.deleted"]);
    expect(tail[0]?.data).toMatchObject({ group: { displayName: "Platform" } });
  });

  it("records a replace of the whole membership as the members who leave and join", async () => {
    const tenant = await createTenant();
    const [a, b, c] = (await createUserIds(tenant.scim, 3)) as [string, string, string];
    const group = await createGroup(tenant.scim, { members: [{ value: a }, { value: b }] });
    const mark = await lastSequence(tenant.orgId);
    const replaced = await tenant.scim.patch(`/Groups/${group.id}`, groupPatch(replaceMembersOp(b, c)));
    expect(replaced.status).toBeLessThan(300);
    expect(await memberChanges(tenant.orgId, mark)).toEqual([
      `group.member_removed ${a}`,
      `group.member_added ${c}`,
    ]);
    // Membership alone is not a group.updated.
    expect(typesOf(await eventsOf(tenant.orgId, `after=${mark}`))).not.toContain("group.updated");
  });
});
