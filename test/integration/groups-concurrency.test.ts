// Parallel changes to one group (Entra sends about five member PATCHes at once during an initial sync): every
// change takes effect, and interleaved replaces, renames and adds leave a state some serial order would give.
import { describe, expect, it } from "vitest";
import {
  addMembersOp,
  createGroup,
  createUserIds,
  groupBody,
  groupPatch,
  memberIdsOf,
  memberValues,
  readGroup,
  removeMemberOp,
  renameOp,
  replaceMembersOp,
  sorted,
  uniqueGroupName,
} from "../support/group-builders";
import { createTenant } from "../support/tenant";

const PARALLEL = 20;

describe("parallel member changes", () => {
  it(`keeps all ${PARALLEL} members added by ${PARALLEL} parallel single-member PATCHes`, async () => {
    const { scim } = await createTenant();
    const users = await createUserIds(scim, PARALLEL);
    const group = await createGroup(scim);
    const results = await Promise.all(
      users.map((id) =>
        scim.patch(
          `/Groups/${group.id}`,
          groupPatch({ op: "Add", path: "members", value: [{ $ref: null, value: id }] }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(users.map(() => 204));
    const read = await readGroup(scim, group.id);
    expect(sorted(memberIdsOf(read))).toEqual(sorted(users));
    // Each add was a change of its own: one version each, none lost to another.
    expect(read.meta.version).toBe(`W/"${PARALLEL + 1}"`);
  });

  it("removes every member with parallel removes, including repeats of the same remove", async () => {
    const { scim } = await createTenant();
    const users = await createUserIds(scim, PARALLEL);
    const group = await createGroup(scim, { members: memberValues(...users) });
    const removes = [...users, ...users.slice(0, 5)].map((id) =>
      scim.patch(`/Groups/${group.id}`, groupPatch(removeMemberOp(id))),
    );
    expect((await Promise.all(removes)).every((r) => r.status === 204)).toBe(true);
    const read = await readGroup(scim, group.id);
    expect(memberIdsOf(read)).toEqual([]);
    expect(read.meta.version).toBe(`W/"${PARALLEL + 1}"`);
  });

  it("leaves a serial outcome when a replace and a rename race with adds", async () => {
    const { scim } = await createTenant();
    const [initial, added, replacement] = [
      await createUserIds(scim, 5),
      await createUserIds(scim, 10),
      await createUserIds(scim, 3),
    ];
    const group = await createGroup(scim, { members: memberValues(...initial) });
    const newName = uniqueGroupName("Renamed");
    const requests = [
      ...added.slice(0, 5).map((id) => groupPatch(addMembersOp(id))),
      groupPatch(replaceMembersOp(...replacement)),
      groupPatch(renameOp(group.id, newName)),
      ...added.slice(5).map((id) => groupPatch(addMembersOp(id))),
    ];
    const results = await Promise.all(requests.map((body) => scim.patch(`/Groups/${group.id}`, body)));
    expect(results.every((r) => r.status === 204)).toBe(true);

    const read = await readGroup(scim, group.id);
    const members = new Set(memberIdsOf(read));
    // In every serial order the replace wipes the initial members and sets the replacement; each add that came
    // after it is there, each that came before it is gone, and nothing else can appear.
    expect(read.displayName).toBe(newName);
    expect(initial.filter((id) => members.has(id))).toEqual([]);
    expect(replacement.every((id) => members.has(id))).toBe(true);
    expect([...members].every((id) => replacement.includes(id) || added.includes(id))).toBe(true);
    // The version counts every change that changed something: the replace, the rename and the adds that stayed
    // or were wiped by it (an add that ran before the replace still made a version of its own).
    expect(read.meta.version).toBe(`W/"${1 + requests.length}"`);
  });

  it("orders an add and a remove of the same member one way or the other", async () => {
    const { scim } = await createTenant();
    const [ada, bob] = (await createUserIds(scim, 2)) as [string, string];
    const group = await createGroup(scim, { members: memberValues(bob) });
    await Promise.all([
      scim.patch(`/Groups/${group.id}`, groupPatch(addMembersOp(ada))),
      scim.patch(`/Groups/${group.id}`, groupPatch(removeMemberOp(ada))),
    ]);
    const members = memberIdsOf(await readGroup(scim, group.id));
    expect([[bob], [bob, ada]]).toContainEqual(members);
  });
});

describe("parallel creates and renames", () => {
  it("creates one group when the same displayName is posted in parallel; the others are 409", async () => {
    const { scim } = await createTenant();
    const displayName = uniqueGroupName("Race");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => scim.post("/Groups", groupBody({ displayName }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it("lets only one of two groups take a name in a parallel rename", async () => {
    const { scim } = await createTenant();
    const [a, b] = [await createGroup(scim), await createGroup(scim)];
    const name = uniqueGroupName("Contested");
    const results = await Promise.all([
      scim.patch(`/Groups/${a.id}`, groupPatch(renameOp(a.id, name))),
      scim.patch(`/Groups/${b.id}`, groupPatch(renameOp(b.id, name))),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
  });
});
