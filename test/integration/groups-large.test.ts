// Groups at size: one member added or removed with one indexed statement whatever the group's size, members
// read in bounded pages, and list pages that stay within the per-response member budget. Bigger sizes than
// these belong to the benchmark (docs/groups.md has the measurements).
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { organisationDatabase } from "../../src/db/client";
import {
  addMembers,
  countMembers,
  groupsOfUsers,
  memberPage,
  membersOfGroups,
  probeMembers,
  removeMembers,
} from "../../src/db/group-members";
import { MAX_BUFFERED_MEMBERS, MEMBER_PAGE_ROWS } from "../../src/queries/group-limits";
import {
  addMembersOp,
  createGroup,
  createUserIds,
  groupPatch,
  memberIdsOf,
  readGroup,
  removeMemberOp,
  type ScimGroup,
  seedMembers,
} from "../support/group-builders";
import { query } from "../support/list";
import { expectListResponse } from "../support/scim-assert";
import { createTenant, type TestTenant } from "../support/tenant";

const SIZE = 10_000;

async function largeGroup(size = SIZE) {
  const tenant = await createTenant();
  const group = await createGroup(tenant.scim);
  const seeded = await seedMembers(tenant, group.id, size);
  return { tenant, scim: tenant.scim, group, seeded };
}

const fetchGroup = (tenant: TestTenant, path: string) =>
  exports.default.fetch(`${tenant.baseUrl}${path}`, { headers: { Authorization: `Bearer ${tenant.token}` } });

describe(`a group of ${SIZE.toLocaleString("en")} members`, () => {
  it("takes one member in and out over HTTP, each a new version, and reads without members at once", async () => {
    const { scim, group, seeded } = await largeGroup();
    const [extra] = (await createUserIds(scim, 1)) as [string];
    const added = await scim.patch(`/Groups/${group.id}`, groupPatch(addMembersOp(extra)));
    expect(added.status).toBe(204);
    expect(added.headers.get("ETag")).toBe('W/"2"');
    const removed = await scim.patch(`/Groups/${group.id}`, groupPatch(removeMemberOp(seeded[0] ?? "")));
    expect(removed.headers.get("ETag")).toBe('W/"3"');
    const slim = await readGroup(scim, group.id, "?excludedAttributes=members");
    expect(slim).not.toHaveProperty("members");
    expect(slim.meta.version).toBe('W/"3"');
  });

  it("streams every member, once each, in the order they joined", async () => {
    const { scim, group, seeded } = await largeGroup();
    const [extra] = (await createUserIds(scim, 1)) as [string];
    await scim.patch(`/Groups/${group.id}`, groupPatch(addMembersOp(extra)));
    expect(SIZE + 1).toBeGreaterThan(MAX_BUFFERED_MEMBERS); // so this read takes the streamed path
    const read = await readGroup(scim, group.id);
    expect(memberIdsOf(read)).toEqual([...seeded, extra]);
    expect(read.members?.[0]).toEqual({
      value: seeded[0],
      $ref: `${scim.baseUrl}/Users/${seeded[0]}`,
      display: expect.stringMatching(/^seed1@/),
      type: "User",
    });
    expect(read.meta.version).toBe('W/"2"');
  });

  it("cuts a streamed read off when the group changes while it is being read, instead of tearing it", async () => {
    const { tenant, scim, group } = await largeGroup(SIZE + MEMBER_PAGE_ROWS);
    const response = await fetchGroup(tenant, `/Groups/${group.id}`);
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await reader.read();
    const [extra] = (await createUserIds(scim, 1)) as [string];
    expect((await scim.patch(`/Groups/${group.id}`, groupPatch(addMembersOp(extra)))).status).toBe(204);
    const rest = (async () => {
      for (;;) if ((await reader.read()).done) return "complete";
    })();
    await expect(rest).rejects.toThrow(/changed while its members were being read/);
  });
});

describe("list pages within the member budget", () => {
  it("serves fewer groups than count when their members would exceed the budget, and pages on from there", async () => {
    const tenant = await createTenant();
    const { scim } = tenant;
    const half = MAX_BUFFERED_MEMBERS / 2 + 1;
    const first = await createGroup(scim);
    const second = await createGroup(scim);
    const small = await createGroup(scim);
    await seedMembers(tenant, first.id, half);
    await seedMembers(tenant, second.id, half);
    const page = expectListResponse<ScimGroup>(
      await scim.get(`/Groups${query({ startIndex: 1, count: 10 })}`),
    );
    expect(page).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 1 });
    expect(page.Resources.map((g) => [g.id, g.members?.length])).toEqual([[first.id, half]]);
    const next = expectListResponse<ScimGroup>(
      await scim.get(`/Groups${query({ startIndex: 2, count: 10 })}`),
    );
    expect(next.Resources.map((g) => g.id)).toEqual([second.id, small.id]);
    const slim = expectListResponse<ScimGroup>(
      await scim.get(`/Groups${query({ excludedAttributes: "members" })}`),
    );
    expect(slim.itemsPerPage).toBe(3);
    const cursor = await scim.get<{ nextCursor?: string; Resources: ScimGroup[] }>(
      `/Groups${query({ cursor: "", count: 10 })}`,
    );
    expect(cursor.body.Resources.map((g) => g.id)).toEqual([first.id]);
    const after = expectListResponse<ScimGroup>(
      await scim.get(`/Groups${query({ cursor: cursor.body.nextCursor ?? "", count: 10 })}`),
    );
    expect(after.Resources.map((g) => g.id)).toEqual([second.id, small.id]);
  });
});

interface PlanRow {
  detail: string;
}

type Statement =
  | { toSQL(): { sql: string; params: unknown[] } }
  | { getQuery(): { sql: string; params: unknown[] } }
  | { sql: string; params: unknown[] };

async function plan(statement: Statement): Promise<string> {
  const { sql, params } =
    "toSQL" in statement ? statement.toSQL() : "getQuery" in statement ? statement.getQuery() : statement;
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<PlanRow>();
  return results.map((row) => row.detail).join(" | ");
}

describe("query plans: the cost of a member change does not grow with the group", () => {
  it("finds each member through an index, never by scanning memberships, users or groups", async () => {
    const { tenant, group } = await largeGroup(100);
    const db = organisationDatabase(env, tenant.orgId);
    const scope = { orgId: tenant.orgId, directoryId: tenant.directoryId };
    const at = { groupId: group.id, version: 2 };
    const ids = ["a", "b"];
    const plans: Record<string, [Statement, RegExp]> = {
      add: [addMembers(db, scope, at, ids), /SEARCH u USING INDEX users_id_unique \(id=\?\)/],
      remove: [
        removeMembers(db, at, ids),
        /SEARCH group_members USING COVERING INDEX \S+ \(group_id=\? AND user_id=\?\)/,
      ],
      probe: [
        probeMembers(scope, group.id, ids),
        /SEARCH group_members USING COVERING INDEX \S+ \(group_id=\? AND user_id=\?\)/,
      ],
      page: [
        memberPage(db, group.id, 0, MEMBER_PAGE_ROWS),
        /USING INDEX group_members_group \(group_id=\? AND rowid>\?\)/,
      ],
      count: [countMembers(db, [group.id]), /USING COVERING INDEX group_members_group \(group_id=\?\)/],
      snapshot: [membersOfGroups(db, [group.id]), /USING INDEX group_members_group \(group_id=\?\)/],
      userGroups: [
        groupsOfUsers(db, scope, ids) as unknown as Statement,
        /USING INDEX group_members_user \(user_id=\?\).*SEARCH groups USING INDEX groups_id_unique/,
      ],
    };
    for (const [name, [statement, expected]] of Object.entries(plans)) {
      const steps = await plan(statement);
      expect(steps, name).toMatch(expected);
      expect(steps, name).not.toMatch(/(^|\| )SCAN (group_members|users|groups|u|g|m)\b/);
    }
    // A page walks one index range in order: no sort of the whole membership.
    expect(await plan(memberPage(db, group.id, 0, MEMBER_PAGE_ROWS))).not.toMatch(/TEMP B-TREE/);
    expect(await plan(membersOfGroups(db, [group.id]))).not.toMatch(/TEMP B-TREE/);
  });
});
