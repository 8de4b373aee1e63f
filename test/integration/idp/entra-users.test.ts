// Microsoft Entra ID's user provisioning over HTTP, in both PATCH dialects (docs/idp-behaviour.md, Entra ID).
import { describe, expect, it } from "vitest";
import { fixture } from "../../fixtures/index";
import { ENTERPRISE_SCHEMA, USER_SCHEMA, userBody } from "../../support/builders";
import { expectScimMediaType, findUsers, type ScimUser } from "../../support/scim-assert";
import { createTenant } from "../../support/tenant";

const entra = (name: string) => fixture(`entra/${name}`) as Record<string, unknown>;

const CREATE = entra("create-user");
const USER_NAME = CREATE.userName as string;
const OBJECT_ID = CREATE.externalId as string;
const MANAGER_ID = "26118915-6090-4610-87e4-49d8ca9f808d";

/** Entra's provisioning service sends plain application/json; answers must still be application/scim+json. */
const AS_JSON = { "Content-Type": "application/json" };

async function provisioned() {
  const tenant = await createTenant();
  const res = await tenant.scim.post<ScimUser>("/Users", CREATE, AS_JSON);
  expect(res.status).toBe(201);
  return { ...tenant, user: res.body };
}

describe("Entra ID existence checks", () => {
  it("answers 200 with an empty ListResponse when neither userName nor externalId matches", async () => {
    const { scim } = await createTenant();
    for (const filter of [`userName eq "${USER_NAME}"`, `externalId eq "${OBJECT_ID}"`]) {
      const list = await findUsers(scim, filter);
      expect(list).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    }
  });

  it("finds the provisioned user by userName and by the objectId guid in externalId", async () => {
    const { scim, user } = await provisioned();
    for (const filter of [`userName eq "${USER_NAME}"`, `externalId eq "${OBJECT_ID}"`]) {
      const list = await findUsers(scim, filter);
      expect(list.totalResults).toBe(1);
      expect(list.Resources[0]?.id).toBe(user.id);
    }
  });

  it("accepts the unquoted values of Entra's documentation (externalId eq jyoung), guids included", async () => {
    const { scim, user } = await provisioned();
    const { body: jyoung } = await scim.post<ScimUser>("/Users", userBody({ externalId: "jyoung" }));
    expect((await findUsers(scim, "externalId eq jyoung")).Resources.map((u) => u.id)).toEqual([jyoung.id]);
    expect((await findUsers(scim, `externalId eq ${OBJECT_ID}`)).Resources.map((u) => u.id)).toEqual([
      user.id,
    ]);
  });
});

describe("Entra ID create", () => {
  it("creates from the default-mode POST: string boolean, null manager, empty roles, exact userName", async () => {
    const { user } = await provisioned();
    expect(user).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      userName: USER_NAME,
      externalId: OBJECT_ID,
      active: true,
      displayName: "Test User",
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      [ENTERPRISE_SCHEMA]: { employeeNumber: "1250", department: "Sales" },
    });
    expect(user[ENTERPRISE_SCHEMA]).not.toHaveProperty("manager");
    expect(user.roles ?? []).toEqual([]);
  });

  it('creates an inactive user from "active":"False" and drops null sub-attributes', async () => {
    const { scim } = await createTenant();
    const res = await scim.post<ScimUser>("/Users", entra("create-user-inactive"), AS_JSON);
    expect(res.status).toBe(201);
    expectScimMediaType(res);
    expect(res.body.active).toBe(false);
    expect(res.body.name).toEqual({ givenName: "Inactive" });
    expect(res.body).not.toHaveProperty("title");
    expect(res.body.addresses).toEqual([{ type: "work", locality: "Redmond" }]);
    expect(res.body[ENTERPRISE_SCHEMA]).toEqual({ department: "Finance" });
    expect((await scim.get(`/Users/${res.body.id}`)).body).toEqual(res.body);
  });
});

describe("Entra ID deactivation", () => {
  it('deactivates with "Replace" and "False", and the inactive user is still returned by GET and filters', async () => {
    const { scim, user } = await provisioned();
    const off = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-deactivate"), AS_JSON);
    expect(off.status).toBe(200);
    expectScimMediaType(off);
    expect(off.body.active).toBe(false);

    const read = await scim.get<ScimUser>(`/Users/${user.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(off.body);
    for (const filter of [`userName eq "${USER_NAME}"`, `externalId eq "${OBJECT_ID}"`, "active eq false"]) {
      const list = await findUsers(scim, filter);
      expect(list.Resources.map((u) => [u.id, u.active])).toEqual([[user.id, false]]);
    }
    expect((await findUsers(scim, "active eq true")).totalResults).toBe(0);
  });

  it('reactivates with "op":"Add" on active', async () => {
    const { scim, user } = await provisioned();
    await scim.patch(`/Users/${user.id}`, entra("patch-deactivate"), AS_JSON);
    const on = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-add-active"), AS_JSON);
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    expect((await scim.get<ScimUser>(`/Users/${user.id}`)).body.active).toBe(true);
  });

  it("deactivates with the aadOptscim062020 form: lowercase op, real boolean", async () => {
    const { scim, user } = await provisioned();
    const off = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-deactivate-aadopt"), AS_JSON);
    expect(off.status).toBe(200);
    expect((await scim.get<ScimUser>(`/Users/${user.id}`)).body.active).toBe(false);
  });
});

describe("Entra ID attribute updates", () => {
  it("applies the aadOptscim062020 path-less replace whose keys are dotted paths and URNs", async () => {
    const { scim, user } = await provisioned();
    const res = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-pathless-replace"), AS_JSON);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: "Bjfe",
      name: { formatted: "givenName familyName", givenName: "Kkom", familyName: "Unua" },
      [ENTERPRISE_SCHEMA]: { employeeNumber: "Aklq", department: "Sales" },
    });
    // The dotted and URN keys are paths to apply, not attribute names to keep.
    expect(Object.keys(res.body)).not.toContain("name.givenName");
    expect(Object.keys(res.body)).not.toContain(`${ENTERPRISE_SCHEMA}:employeeNumber`);
    expect((await scim.get(`/Users/${user.id}`)).body).toEqual(res.body);
  });

  it("creates the entries that replace on filtered paths names, once", async () => {
    const { scim, user } = await provisioned();
    const res = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-filtered-create"), AS_JSON);
    expect(res.status).toBe(200);
    expect(res.body.phoneNumbers).toEqual([{ type: "work", value: "+1 555 0100" }]);
    expect(res.body.addresses).toEqual([{ type: "work", postalCode: "98052" }]);
    expect(res.body.roles).toEqual([{ primary: true, value: "Admin" }]);

    // Entra repeats the same PATCH on the next cycle: the entries now exist and are replaced, not added again.
    const again = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-filtered-create"), AS_JSON);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    expect((await scim.get(`/Users/${user.id}`)).body).toEqual(res.body);
  });

  it("sets the enterprise manager from a bare id and clears it with a value-less Remove", async () => {
    const { scim, user } = await provisioned();
    const set = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-manager-add"), AS_JSON);
    expect(set.status).toBe(200);
    expect(set.body[ENTERPRISE_SCHEMA]).toEqual({
      employeeNumber: "1250",
      department: "Sales",
      manager: { value: MANAGER_ID },
    });
    expect((await scim.get(`/Users/${user.id}`)).body).toEqual(set.body);

    const cleared = await scim.patch<ScimUser>(`/Users/${user.id}`, entra("patch-manager-remove"), AS_JSON);
    expect(cleared.status).toBe(200);
    expect(cleared.body[ENTERPRISE_SCHEMA]).toEqual({ employeeNumber: "1250", department: "Sales" });
    expect((await scim.get(`/Users/${user.id}`)).body).toEqual(cleared.body);
  });

  it("answers application/scim+json to every application/json request, errors included", async () => {
    const { scim, user } = await provisioned();
    const responses = [
      await scim.get(`/Users/${user.id}`, AS_JSON),
      await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${USER_NAME}"`)}`, AS_JSON),
      await scim.patch(`/Users/${user.id}`, entra("patch-deactivate"), AS_JSON),
      await scim.put(`/Users/${user.id}`, { ...CREATE, displayName: "Renamed" }, AS_JSON),
      await scim.post("/Users", CREATE, AS_JSON),
      await scim.get("/Users/00000000-0000-0000-0000-000000000000", AS_JSON),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 409, 404]);
    for (const res of responses) expectScimMediaType(res);
  });
});
