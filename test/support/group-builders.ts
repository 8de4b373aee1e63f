// Named builders for Group requests (RFC 7644 §3.3, §3.5.2), and a large group seeded straight into D1.
import { env } from "cloudflare:workers";
import { PATCH_SCHEMA, userBody } from "./builders";
import type { ScimClient, ScimResponse } from "./scim-client";
import type { TestTenant } from "./tenant";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** Entra adds this URN to every group it creates (idp-behaviour.md). */
export const ENTRA_GROUP_SCHEMA = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

export interface Member {
  value: string;
  $ref?: string;
  display?: string;
  type?: string;
}

export type ScimGroup = Record<string, unknown> & {
  id: string;
  displayName: string;
  members?: Member[];
  meta: { resourceType: string; created: string; lastModified: string; location: string; version: string };
};

let counter = 0;
export const uniqueGroupName = (prefix = "Group") => `${prefix} ${Date.now().toString(36)}${++counter}`;

export function groupBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [GROUP_SCHEMA], displayName: uniqueGroupName(), ...overrides };
}

export const memberValues = (...ids: string[]) => ids.map((value) => ({ value }));

/** The operations IdPs send for membership, by name. */
export const addMembersOp = (...ids: string[]) => ({
  op: "add",
  path: "members",
  value: memberValues(...ids),
});
export const removeMemberOp = (id: string) => ({ op: "remove", path: `members[value eq "${id}"]` });
export const replaceMembersOp = (...ids: string[]) => ({
  op: "replace",
  path: "members",
  value: memberValues(...ids),
});
/** Okta's rename: a path-less replace whose value carries the group's id, which the server ignores. */
export const renameOp = (id: string, displayName: string) => ({ op: "replace", value: { id, displayName } });

export const groupPatch = (...operations: Record<string, unknown>[]) => ({
  schemas: [PATCH_SCHEMA],
  Operations: operations,
});

function expectStatus<T>(res: ScimResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createGroup(scim: ScimClient, overrides: Record<string, unknown> = {}) {
  return expectStatus(await scim.post<ScimGroup>("/Groups", groupBody(overrides)), 201, "creating a group");
}

/** Creates `count` users over HTTP and returns their ids, in creation order. */
export async function createUserIds(scim: ScimClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = expectStatus(await scim.post<{ id: string }>("/Users", userBody()), 201, "creating a user");
    ids.push(user.id);
  }
  return ids;
}

export async function readGroup(scim: ScimClient, id: string, query = "") {
  return expectStatus(await scim.get<ScimGroup>(`/Groups/${id}${query}`), 200, "reading a group");
}

export const memberIdsOf = (group: { members?: Member[] }): string[] =>
  (group.members ?? []).map((member) => member.value);

export const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * Adds `size` users to the tenant's directory and makes them members of `groupId`, straight in D1 with three
 * statements (a recursive CTE counts the rows): building 10,000 members over HTTP would take minutes. Returns the
 * ids of the users, in membership order.
 */
export async function seedMembers(tenant: TestTenant, groupId: string, size: number): Promise<string[]> {
  const prefix = crypto.randomUUID();
  const now = new Date().toISOString();
  const numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)";
  await env.DB.batch([
    env.DB.prepare(
      `${numbers} INSERT INTO users (id, org_id, directory_id, user_name, user_name_key, active, resource, search,
        version, created_at, updated_at)
      SELECT ?2 || '-' || i, ?3, ?4, 'seed' || i || '@' || ?2, 'seed' || i || '@' || ?2, 1,
        json_object('userName', 'seed' || i || '@' || ?2, 'active', json('true')),
        json_object('userName', 'seed' || i || '@' || ?2, 'active', json('true')), 1, ?5, ?5
      FROM n`,
    ).bind(size, prefix, tenant.orgId, tenant.directoryId, now),
    env.DB.prepare(
      `${numbers} INSERT INTO group_members (org_id, group_id, user_id) SELECT ?2, ?3, ?4 || '-' || i FROM n`,
    ).bind(size, tenant.orgId, groupId, prefix),
  ]);
  return Array.from({ length: size }, (_, i) => `${prefix}-${i + 1}`);
}

/**
 * An IdP fixture with its sample ids (members, group) swapped for the test's own: fixtures keep the ids the IdP
 * documentation shows, and a member must be a real user of the test's directory.
 */
export function retarget<T>(payload: T, ids: Record<string, string>): T {
  let text = JSON.stringify(payload);
  for (const [from, to] of Object.entries(ids)) text = text.replaceAll(from, to);
  return JSON.parse(text) as T;
}
