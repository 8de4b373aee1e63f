// Google Workspace's user provisioning over HTTP: the probe on save, suspension, a late DELETE, and an email
// rename sent as a new POST (docs/idp-behaviour.md, Google Workspace).
import { describe, expect, it } from "vitest";
import { fixture } from "../../fixtures/index";
import { userBody } from "../../support/builders";
import { expectListResponse, expectScimError, findUsers, type ScimUser } from "../../support/scim-assert";
import { createTenant } from "../../support/tenant";

const google = (name: string) => fixture(`google/${name}`) as Record<string, unknown>;
const CREATE = google("create-user");
const EXTERNAL_ID = CREATE.externalId as string;

describe("Google Workspace probe", () => {
  it("answers GET /Users?count=1 with at most one user, on an empty and a populated directory", async () => {
    const { scim } = await createTenant();
    const empty = expectListResponse(await scim.get("/Users?count=1"));
    expect(empty).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });

    await scim.post("/Users", userBody());
    await scim.post("/Users", userBody());
    const page = expectListResponse(await scim.get("/Users?count=1"));
    expect(page).toMatchObject({ totalResults: 2, itemsPerPage: 1, startIndex: 1 });
  });
});

describe("Google Workspace user lifecycle", () => {
  it("suspends with a path-less replace; the user stays readable until a later DELETE", async () => {
    const { scim } = await createTenant();
    const created = await scim.post<ScimUser>("/Users", CREATE);
    expect(created.status).toBe(201);
    const { id } = created.body;

    const suspended = await scim.patch<ScimUser>(`/Users/${id}`, google("patch-suspend"));
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ id, active: false, userName: CREATE.userName });
    expect((await scim.get(`/Users/${id}`)).body).toEqual(suspended.body);
    const listed = await findUsers(scim, `externalId eq "${EXTERNAL_ID}"`);
    expect(listed.Resources).toEqual([suspended.body]);

    expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
    expectScimError(await scim.get(`/Users/${id}`), 404);
  });

  it("takes an email rename sent as a POST with the same externalId as a rename of that user", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<ScimUser>("/Users", CREATE);
    const renamed = google("create-user-renamed");

    const res = await scim.post<ScimUser>("/Users", renamed);
    expect(res.status).toBeLessThan(300);
    expect(res.body).toMatchObject({ id: created.id, userName: renamed.userName });
    const holders = await findUsers(scim, `externalId eq "${EXTERNAL_ID}"`);
    expect(holders.Resources.map((u) => [u.id, u.userName])).toEqual([[created.id, renamed.userName]]);
  });

  it("refuses a rename to a userName another user holds with 409 uniqueness, and changes neither", async () => {
    const { scim } = await createTenant();
    const { body: ada } = await scim.post<ScimUser>("/Users", CREATE);
    const renamed = google("create-user-renamed");
    const { body: holder } = await scim.post<ScimUser>("/Users", userBody({ userName: renamed.userName }));

    expectScimError(await scim.post("/Users", renamed), 409, "uniqueness");
    expect((await scim.get(`/Users/${ada.id}`)).body).toEqual(ada);
    expect((await scim.get(`/Users/${holder.id}`)).body).toEqual(holder);
  });
});
