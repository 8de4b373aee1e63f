// Assertions on SCIM responses, shared by the IdP and hostile-input suites: media type, error shape, list shape.
import { expect } from "vitest";
import { ERROR_SCHEMA, LIST_SCHEMA } from "./builders";
import type { ScimClient, ScimResponse } from "./scim-client";

export type ScimUser = Record<string, unknown> & {
  id: string;
  userName: string;
  active?: boolean;
  meta: Record<string, string>;
};

export interface ListBody<T = ScimUser> {
  schemas: string[];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  Resources: T[];
}

/**
 * The scimType values RFC 7644 §3.12 (table 9, with §3.3 for uniqueness and §7.5.2 for sensitive) and RFC 9865 §5
 * (cursors) pair with each status; every other status carries no scimType. Written out here rather than imported
 * from src, so that the tests check the server against the RFC and not against itself.
 */
const SCIM_TYPES_BY_STATUS: Readonly<Record<number, readonly string[]>> = {
  400: [
    "invalidFilter",
    "tooMany",
    "mutability",
    "invalidSyntax",
    "invalidPath",
    "noTarget",
    "invalidValue",
    "invalidVers",
    "invalidCursor",
    "expiredCursor",
  ],
  403: ["sensitive"],
  409: ["uniqueness"],
};

/** Every SCIM response body, errors included, is application/scim+json (RFC 7644 §3.1; Entra's validator insists). */
export function expectScimMediaType(res: ScimResponse<unknown>) {
  expect(res.headers.get("Content-Type")?.split(";")[0]?.trim()).toBe("application/scim+json");
}

/** A SCIM error (RFC 7644 §3.12): the Error schema, status as the string of the HTTP status, a legal scimType. */
export function expectScimError(res: ScimResponse<unknown>, status?: number, scimType?: string) {
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expectScimMediaType(res);
  const body = res.body as Record<string, unknown>;
  expect(body.schemas).toEqual([ERROR_SCHEMA]);
  expect(body.status).toBe(String(res.status));
  if (body.detail !== undefined) expect(typeof body.detail).toBe("string");
  if (body.scimType !== undefined) {
    expect(SCIM_TYPES_BY_STATUS[res.status] ?? []).toContain(body.scimType);
  }
  if (scimType !== undefined) expect(body.scimType).toBe(scimType);
}

/** A ListResponse (RFC 7644 §3.4.2) with integer counts and itemsPerPage equal to what was returned (Okta). */
export function expectListResponse<T>(res: ScimResponse<unknown>): ListBody<T> {
  expect(res.status).toBe(200);
  expectScimMediaType(res);
  const body = res.body as ListBody<T>;
  expect(body.schemas).toEqual([LIST_SCHEMA]);
  expect(Number.isInteger(body.totalResults)).toBe(true);
  expect(Array.isArray(body.Resources)).toBe(true);
  expect(body.itemsPerPage).toBe(body.Resources.length);
  expect(body.totalResults).toBeGreaterThanOrEqual(body.Resources.length);
  if (body.startIndex !== undefined) expect(Number.isInteger(body.startIndex)).toBe(true);
  return body;
}

/** GET /Users?filter=… with the filter percent-encoded as IdPs send it, and any further query text appended. */
export async function findUsers(
  scim: ScimClient,
  filter: string,
  more = "",
  headers: Record<string, string> = {},
) {
  return expectListResponse<ScimUser>(
    await scim.get(`/Users?filter=${encodeURIComponent(filter)}${more}`, headers),
  );
}
