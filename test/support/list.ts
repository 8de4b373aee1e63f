// Helpers for list tests (RFC 7644 §3.4.2): query strings, the ListResponse shape, users created in a known order.
import { userBody } from "./builders";
import type { ScimClient, ScimResponse } from "./scim-client";

export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

export type ListedUser = Record<string, unknown> & {
  id: string;
  userName: string;
  meta: { created: string; lastModified: string; location: string };
};

export interface ListBody {
  schemas: string[];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  previousCursor?: string;
  Resources: ListedUser[];
}

/** A query string built with URLSearchParams, so values are form-encoded as IdPs send them (spaces as `+`). */
export const query = (params: Record<string, string | number>): string =>
  `?${new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]))}`;

export const listUsers = (scim: ScimClient, params: Record<string, string | number> = {}) =>
  scim.get<ListBody>(`/Users${query(params)}`);

export const searchUsers = (scim: ScimClient, request: Record<string, unknown>) =>
  scim.post<ListBody>("/Users/.search", { schemas: [SEARCH_REQUEST_SCHEMA], ...request });

/** Creates users one after another (so creation order is known), each from userBody(overrides). */
export async function createUsers(
  scim: ScimClient,
  ...overrides: Record<string, unknown>[]
): Promise<ListedUser[]> {
  const created: ListedUser[] = [];
  for (const override of overrides) {
    const res = await scim.post<ListedUser>("/Users", userBody(override));
    if (res.status !== 201)
      throw new Error(`creating a user failed: ${res.status} ${JSON.stringify(res.body)}`);
    created.push(res.body);
  }
  return created;
}

/** The userNames of a list response's Resources, after checking it is a 200. */
export function userNames(res: ScimResponse<ListBody>): string[] {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.Resources.map((user) => user.userName);
}

export const ids = (users: readonly { id: string }[]): string[] => users.map((user) => user.id);
