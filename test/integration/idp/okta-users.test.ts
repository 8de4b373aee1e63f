// Okta's user provisioning over HTTP, request by request as Okta sends it (docs/idp-behaviour.md, Okta).
import { describe, expect, it } from "vitest";
import { fixture } from "../../fixtures/index";
import { USER_SCHEMA, userBody } from "../../support/builders";
import {
  expectListResponse,
  expectScimError,
  expectScimMediaType,
  findUsers,
  type ScimUser,
} from "../../support/scim-assert";
import { createTenant } from "../../support/tenant";

/** Okta identifies itself on every request; the Test Connector's first call carries it too. */
const OKTA = { "User-Agent": "Okta SCIM Client 1.0.0" };
const okta = (name: string) => fixture(`okta/${name}`) as Record<string, unknown>;

const CREATE = okta("create-user");
const USER_NAME = CREATE.userName as string;
/** Okta's existence check before it creates: filter on userName, first page of 100. */
const existenceCheck = `userName eq "${USER_NAME}"`;

describe("Okta Test Connector", () => {
  it("gets the first two users with integer paging fields, on an empty and on a populated directory", async () => {
    const { scim } = await createTenant();
    const empty = expectListResponse(await scim.get("/Users?startIndex=1&count=2", OKTA));
    expect(empty).toMatchObject({ totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });

    for (let i = 0; i < 3; i++) expect((await scim.post("/Users", userBody(), OKTA)).status).toBe(201);
    const page = expectListResponse(await scim.get("/Users?startIndex=1&count=2", OKTA));
    expect(page).toMatchObject({ totalResults: 3, itemsPerPage: 2, startIndex: 1 });
  });

  it("imports page by page in a stable order: no user twice, none missed", async () => {
    const { scim } = await createTenant();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await scim.post<ScimUser>("/Users", userBody(), OKTA)).body.id);
    const seen: string[] = [];
    for (const startIndex of [1, 3, 5]) {
      const page = expectListResponse<ScimUser>(
        await scim.get(`/Users?startIndex=${startIndex}&count=2`, OKTA),
      );
      expect(page).toMatchObject({ totalResults: 5, startIndex });
      seen.push(...page.Resources.map((u) => u.id));
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(created));
    const again = expectListResponse<ScimUser>(await scim.get("/Users?startIndex=1&count=100", OKTA));
    expect(again.Resources.map((u) => u.id)).toEqual(seen);
  });
});

describe("Okta user lifecycle", () => {
  it("checks existence, creates with password, groups, locale and externalId, and answers the full user", async () => {
    const { scim, baseUrl } = await createTenant();
    const before = await findUsers(scim, existenceCheck, "&startIndex=1&count=100", OKTA);
    expect(before).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });

    const res = await scim.post<ScimUser>("/Users", CREATE, OKTA);
    expect(res.status).toBe(201);
    expectScimMediaType(res);
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: USER_NAME,
      externalId: "00ujl29u0le5T6Aj10h7",
      name: { givenName: "Isabella", familyName: "Cortez" },
      displayName: "Isabella Cortez",
      emails: [{ primary: true, value: USER_NAME, type: "work" }],
      locale: "en-US",
      active: true,
      meta: { resourceType: "User", location: `${baseUrl}/Users/${res.body.id}` },
    });
    expect(res.body).not.toHaveProperty("password");
    expect(res.body.groups ?? []).toEqual([]);
    expect(res.headers.get("Location")).toBe(res.body.meta.location);

    const after = await findUsers(scim, existenceCheck, "&startIndex=1&count=100", OKTA);
    expect(after.totalResults).toBe(1);
    expect(after.Resources[0]).toEqual(res.body);
    expect(after.Resources[0]).not.toHaveProperty("password");
  });

  it("refuses a second create of an active user with 409 uniqueness, in any case", async () => {
    const { scim } = await createTenant();
    expect((await scim.post("/Users", CREATE, OKTA)).status).toBe(201);
    expectScimError(await scim.post("/Users", CREATE, OKTA), 409, "uniqueness");
    const shouted = { ...CREATE, userName: USER_NAME.toUpperCase(), externalId: "00uOTHER" };
    expectScimError(await scim.post("/Users", shouted, OKTA), 409, "uniqueness");
    expect((await findUsers(scim, existenceCheck)).totalResults).toBe(1);
  });

  it("deactivates with a path-less replace, then keeps active through full PUTs that omit it", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<ScimUser>("/Users", CREATE, OKTA);

    const off = await scim.patch<ScimUser>(`/Users/${created.id}`, okta("patch-deactivate"), OKTA);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: created.id, active: false, meta: { version: 'W/"2"' } });

    // The wizard app's profile update: a full PUT without `active` (and with an id that is not this user's).
    const put = await scim.put<ScimUser>(`/Users/${created.id}`, okta("put-user-without-active"), OKTA);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: created.id,
      active: false,
      name: { givenName: "Isabella", familyName: "Cortez-Ruiz" },
      displayName: "Isabella Cortez-Ruiz",
      meta: { version: 'W/"3"', created: created.meta.created },
    });
    expect(put.body).not.toHaveProperty("password");

    const stored = await scim.get<ScimUser>(`/Users/${created.id}`, OKTA);
    expect(stored.body).toEqual(put.body);
  });

  it("does not deactivate an active user with a full PUT that omits active", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<ScimUser>("/Users", CREATE, OKTA);
    const put = await scim.put<ScimUser>(`/Users/${created.id}`, okta("put-user-without-active"), OKTA);
    expect(put.status).toBe(200);
    expect(put.body.active).toBe(true);
    expect((await scim.get<ScimUser>(`/Users/${created.id}`)).body.active).toBe(true);
  });

  it("restores a deactivated user (same id) when Okta creates it again on re-assignment", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<ScimUser>("/Users", CREATE, OKTA);
    await scim.patch(`/Users/${created.id}`, okta("patch-deactivate"), OKTA);

    const again = await scim.post<ScimUser>("/Users", CREATE, OKTA);
    expect(again.status).toBeLessThan(300);
    expect(again.body).toMatchObject({ id: created.id, userName: USER_NAME, active: true });
    const all = await findUsers(scim, existenceCheck);
    expect(all.totalResults).toBe(1);
    expect(all.Resources[0]).toMatchObject({ id: created.id, active: true });
  });

  it("never adopts another organisation's inactive user of the same userName", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const { body: acmeUser } = await acme.scim.post<ScimUser>("/Users", CREATE, OKTA);
    await acme.scim.patch(`/Users/${acmeUser.id}`, okta("patch-deactivate"), OKTA);

    const res = await globex.scim.post<ScimUser>("/Users", CREATE, OKTA);
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(acmeUser.id);
    expect((await acme.scim.get<ScimUser>(`/Users/${acmeUser.id}`)).body.active).toBe(false);
    expect((await globex.scim.get(`/Users/${acmeUser.id}`)).status).toBe(404);
  });
});
