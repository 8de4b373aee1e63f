// Group PATCH over HTTP (RFC 7644 §3.5.2) in every form the IdPs send (idp-behaviour.md: Okta, Entra, JumpCloud),
// answered 204 unless the request asks for attributes; a change that changes nothing keeps the version.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupResourceType } from "../../src/scim/schemas/resource-type";
import { fixture } from "../fixtures";
import {
  addMembersOp,
  createGroup,
  createUserIds,
  groupPatch,
  memberIdsOf,
  memberValues,
  readGroup,
  removeMemberOp,
  renameOp,
  retarget,
  type ScimGroup,
  uniqueGroupName,
} from "../support/group-builders";
import { patchOperation } from "../support/resource-arbitraries";
import { expectScimError } from "../support/scim-assert";
import type { ScimClient } from "../support/scim-client";
import { createTenant } from "../support/tenant";

type Body = Record<string, unknown>;

/** The ids the IdP fixtures use for members and groups. */
const ENTRA_MEMBER = "f648f8d5ea4e4cd38e9c";
const JUMPCLOUD_MEMBER = "5f1b2c3d4e5f6a7b8c9d0e1f";
const OKTA_MEMBER = "23a35c27-23d3-4c03-b4c5-6443c09e7173";
const OKTA_OTHER = "89bb1940-b905-4575-9e7f-6f887cfb368e";
const OKTA_GROUP = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b";

async function patch(scim: ScimClient, id: string, body: unknown, query = "") {
  return scim.patch<ScimGroup>(`/Groups/${id}${query}`, body as Body);
}

/** A tenant with `count` users and a group holding the first `members` of them. */
async function groupWith(count: number, members: number) {
  const tenant = await createTenant();
  const users = await createUserIds(tenant.scim, count);
  const group = await createGroup(tenant.scim, { members: memberValues(...users.slice(0, members)) });
  return { scim: tenant.scim, users, group };
}

describe("Entra ID", () => {
  it("adds a member with a capitalised Add and a value array, answering 204 with the new ETag", async () => {
    const { scim, users, group } = await groupWith(2, 1);
    const [first, second] = users as [string, string];
    const res = await patch(
      scim,
      group.id,
      retarget(fixture("entra/patch-group-add-member"), { [ENTRA_MEMBER]: second }),
    );
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(res.headers.get("ETag")).toBe('W/"2"');
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([first, second]);
  });

  it("removes only the listed member for Remove with path members and a value array", async () => {
    const { scim, users, group } = await groupWith(3, 3);
    const [first, second, third] = users as [string, string, string];
    const body = retarget(fixture("entra/patch-group-remove-member"), { [ENTRA_MEMBER]: second });
    expect((await patch(scim, group.id, body)).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([first, third]);
  });

  it('removes a member by members[value eq "…"] (aadOptscim062020)', async () => {
    const { scim, users, group } = await groupWith(2, 2);
    const [first, second] = users as [string, string];
    const body = retarget(fixture("entra/patch-group-remove-member-filter"), { [ENTRA_MEMBER]: first });
    expect((await patch(scim, group.id, body)).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([second]);
  });

  it("renames with a capitalised Replace of displayName", async () => {
    const { scim } = await createTenant();
    const group = await createGroup(scim, { displayName: "Group1DisplayName" });
    expect((await patch(scim, group.id, fixture("entra/patch-group-replace-displayname"))).status).toBe(204);
    expect((await readGroup(scim, group.id)).displayName).toBe("Group1DisplayName Renamed");
  });
});

describe("Okta", () => {
  it("renames with a path-less replace whose value carries the group's id, which is ignored", async () => {
    const { scim, users, group } = await groupWith(1, 1);
    const body = retarget(fixture("okta/patch-group-rename"), { [OKTA_GROUP]: "not-this-group" });
    expect((await patch(scim, group.id, body)).status).toBe(204);
    const read = await readGroup(scim, group.id);
    expect(read).toMatchObject({ id: group.id, displayName: "Test SCIMv2 Renamed" });
    expect(memberIdsOf(read)).toEqual(users);
  });

  it('removes by members[value eq "…"] and adds with a value array in one request', async () => {
    const { scim, users, group } = await groupWith(3, 2);
    const [first, second, third] = users as [string, string, string];
    const body = retarget(fixture("okta/patch-group-members"), { [OKTA_OTHER]: first, [OKTA_MEMBER]: third });
    expect((await patch(scim, group.id, body)).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([second, third]);
  });

  it("replaces the whole membership with replace of members", async () => {
    const { scim, users, group } = await groupWith(3, 2);
    const [first, , third] = users as [string, string, string];
    const body = retarget(fixture("okta/patch-group-replace-members"), {
      [OKTA_MEMBER]: third,
      [OKTA_OTHER]: first,
    });
    expect((await patch(scim, group.id, body)).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([first, third]);
  });

  it("replaces members given inside a path-less value", async () => {
    const { scim, users, group } = await groupWith(2, 1);
    const [, second] = users as [string, string];
    const body = retarget(fixture("okta/patch-group-pathless-members"), { [OKTA_MEMBER]: second });
    expect((await patch(scim, group.id, body)).status).toBe(204);
    const read = await readGroup(scim, group.id);
    expect(read.displayName).toBe("Test SCIMv2");
    expect(memberIdsOf(read)).toEqual([second]);
  });
});

describe("JumpCloud", () => {
  it("adds a member without a filter, and the repeated add is idempotent and keeps the version", async () => {
    const { scim, users, group } = await groupWith(1, 0);
    const [member] = users as [string];
    const body = retarget(fixture("jumpcloud/patch-group-add-member"), { [JUMPCLOUD_MEMBER]: member });
    expect((await patch(scim, group.id, body)).headers.get("ETag")).toBe('W/"2"');
    const again = await patch(scim, group.id, body);
    expect(again.status).toBe(204);
    expect(again.headers.get("ETag")).toBe('W/"2"');
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([member]);
  });
});

describe("idempotence and no-ops", () => {
  it("succeeds removing a member that is already gone, without a new version", async () => {
    const { scim, users, group } = await groupWith(2, 1);
    const [first, second] = users as [string, string];
    for (const body of [groupPatch(removeMemberOp(second)), groupPatch(removeMemberOp("never-a-user"))]) {
      const res = await patch(scim, group.id, body);
      expect(res.status).toBe(204);
      expect(res.headers.get("ETag")).toBe('W/"1"');
    }
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([first]);
  });

  it("applies operations in order: add then remove leaves the member out, remove then add leaves it in", async () => {
    const { scim, users, group } = await groupWith(2, 0);
    const [first, second] = users as [string, string];
    const body = groupPatch(
      addMembersOp(first),
      removeMemberOp(first),
      removeMemberOp(second),
      addMembersOp(second),
    );
    expect((await patch(scim, group.id, body)).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([second]);
  });

  it("removes every member for a remove of members without a value", async () => {
    const { scim, group } = await groupWith(3, 3);
    expect((await patch(scim, group.id, groupPatch({ op: "remove", path: "members" }))).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([]);
  });

  it("accepts Add, Replace and Remove in any case, URN-qualified paths and a lone member object", async () => {
    const { scim, users, group } = await groupWith(3, 0);
    const [first, second, third] = users as [string, string, string];
    const urn = "urn:ietf:params:scim:schemas:core:2.0:Group:members";
    const body = groupPatch(
      { op: "ADD", path: urn, value: { value: first } },
      { op: "add", path: "Members", value: memberValues(second, third) },
      { op: "Remove", path: `members[value eq "${second}" or value eq "${third}"]` },
      { op: "REPLACE", path: "displayName", value: "Cased" },
    );
    expect((await patch(scim, group.id, body)).status).toBe(204);
    const read = await readGroup(scim, group.id);
    expect(read.displayName).toBe("Cased");
    expect(memberIdsOf(read)).toEqual([first]);
  });
});

describe("the response", () => {
  it("is 200 with the group when attributes or excludedAttributes are asked for", async () => {
    const { scim, users, group } = await groupWith(2, 1);
    const [first, second] = users as [string, string];
    const full = await patch(
      scim,
      group.id,
      groupPatch(addMembersOp(second)),
      "?attributes=members,displayName",
    );
    expect(full.status).toBe(200);
    expect(full.body.displayName).toBe(group.displayName);
    expect(memberIdsOf(full.body)).toEqual([first, second]);
    expect(full.headers.get("ETag")).toBe('W/"2"');
    const slim = await patch(
      scim,
      group.id,
      groupPatch(renameOp(group.id, uniqueGroupName())),
      "?excludedAttributes=members",
    );
    expect(slim.status).toBe(200);
    expect(slim.body).not.toHaveProperty("members");
    expect(slim.body.meta.version).toBe('W/"3"');
  });
});

describe("errors change nothing", () => {
  it("refuses an unknown member with 400 invalidValue naming it, and leaves the group as it was", async () => {
    const { scim, users, group } = await groupWith(2, 1);
    const [, second] = users as [string, string];
    const body = groupPatch(renameOp(group.id, uniqueGroupName()), addMembersOp(second, "ghost-1"));
    const res = await patch(scim, group.id, body);
    expectScimError(res, 400, "invalidValue");
    expect(String(res.body.detail)).toContain('"ghost-1"');
    expect(await readGroup(scim, group.id)).toEqual(group);
  });

  it("refuses edits of a member's sub-attributes (immutable) and filters not by value", async () => {
    const { scim, users, group } = await groupWith(1, 1);
    const [first] = users as [string];
    const edit = { op: "replace", path: `members[value eq "${first}"].display`, value: "x" };
    expectScimError(await patch(scim, group.id, groupPatch(edit)), 400, "mutability");
    const byDisplay = { op: "remove", path: 'members[display eq "Ada"]' };
    expectScimError(await patch(scim, group.id, groupPatch(byDisplay)), 400, "invalidFilter");
    expectScimError(
      await patch(scim, group.id, groupPatch({ op: "add", path: "members", value: [{}] })),
      400,
      "invalidValue",
    );
    expect(await readGroup(scim, group.id)).toEqual(group);
  });

  it("names the failing operation by its place in the request", async () => {
    const { scim, group } = await groupWith(0, 0);
    const body = groupPatch(renameOp(group.id, uniqueGroupName()), { op: "remove", path: "displayName" });
    const res = await patch(scim, group.id, body);
    expectScimError(res, 400, "mutability");
    expect(String(res.body.detail)).toMatch(/^Operations\[1\]/);
  });

  it("answers a rename to a taken name with 409, a stale If-Match with 412 and an unknown group with 404", async () => {
    const { scim, group } = await groupWith(0, 0);
    const other = await createGroup(scim);
    expectScimError(
      await patch(scim, group.id, groupPatch(renameOp(group.id, other.displayName))),
      409,
      "uniqueness",
    );
    const stale = await scim.patch(`/Groups/${group.id}`, groupPatch(renameOp(group.id, "x")), {
      "If-Match": 'W/"5"',
    });
    expectScimError(stale, 412);
    expectScimError(await patch(scim, "nope", groupPatch(renameOp("nope", "x"))), 404);
    const current = await scim.patch(`/Groups/${group.id}`, groupPatch(renameOp(group.id, "Fresh name")), {
      "If-Match": group.meta.version,
    });
    expect(current.status).toBe(204);
  });
});

describe("hostile operations", () => {
  it("answers any list of operations with a success or a SCIM 4xx, never a 500, and keeps the group readable", async () => {
    const { scim, users, group } = await groupWith(2, 1);
    const operation = fc.oneof(
      patchOperation(groupResourceType),
      fc.constantFrom(...users).map((id) => addMembersOp(id)),
      fc.constantFrom(...users).map((id) => removeMemberOp(id)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 4 }), async (operations) => {
        const res = await patch(scim, group.id, groupPatch(...(operations as Body[])));
        if (res.status >= 400) expectScimError(res);
        expect([200, 204, 400, 409]).toContain(res.status);
        const read = await readGroup(scim, group.id);
        expect(memberIdsOf(read).every((id) => users.includes(id))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
