// The User resource over HTTP: create, read, replace, patch, delete, with schema rules and ETags (RFC 7644 §3).
import { describe, expect, it } from "vitest";
import {
  ENTERPRISE_SCHEMA,
  ERROR_SCHEMA,
  patchBody,
  USER_SCHEMA,
  uniqueEmail,
  userBody,
} from "../support/builders";
import { createTenant } from "../support/tenant";

type User = Record<string, unknown> & { id: string; meta: Record<string, string> };

describe("POST /Users", () => {
  it("creates the user and returns the full resource with Location and ETag", async () => {
    const { scim, baseUrl } = await createTenant();
    const body = userBody({ externalId: "00u1", [ENTERPRISE_SCHEMA]: { employeeNumber: "42" } });
    const res = await scim.post<User>("/Users", body);
    expect(res.status).toBe(201);
    expect(res.headers.get("Content-Type")).toBe("application/scim+json; charset=utf-8");
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      userName: body.userName,
      externalId: "00u1",
      name: { givenName: "Ada", familyName: "Lovelace" },
      active: true,
      [ENTERPRISE_SCHEMA]: { employeeNumber: "42" },
      meta: { resourceType: "User", version: 'W/"1"' },
    });
    expect(res.body.meta.location).toBe(`${baseUrl}/Users/${res.body.id}`);
    expect(res.headers.get("Location")).toBe(res.body.meta.location);
    expect(res.headers.get("Content-Location")).toBe(res.body.meta.location);
    const read = await scim.get<User>(`/Users/${res.body.id}`);
    expect(read.headers.get("Content-Location")).toBe(res.body.meta.location);
    expect(res.headers.get("ETag")).toBe('W/"1"');
    expect(res.body.meta.created).toBe(res.body.meta.lastModified);
  });

  it("applies attributes and excludedAttributes to the response of a write (RFC 7644 §3.9)", async () => {
    const { scim } = await createTenant();
    const created = await scim.post<User>("/Users?attributes=userName", userBody({ title: "Engineer" }));
    expect(Object.keys(created.body).sort()).toEqual(["id", "schemas", "userName"]);
    const patched = await scim.patch<User>(
      `/Users/${created.body.id}?excludedAttributes=name,emails`,
      patchBody({ op: "replace", path: "title", value: "CTO" }),
    );
    expect(patched.body.title).toBe("CTO");
    expect(patched.body).not.toHaveProperty("name");
    expect(patched.body).not.toHaveProperty("emails");
  });

  it("assigns id and meta itself, ignores read-only and unknown attributes, never returns the password", async () => {
    const { scim } = await createTenant();
    const res = await scim.post<User>(
      "/Users",
      userBody({
        id: "client-chosen",
        meta: { created: "2000-01-01T00:00:00Z" },
        groups: [{ value: "g1" }],
        password: "s3cret!",
        favouriteColour: "teal",
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe("client-chosen");
    expect(res.body.meta.created).not.toBe("2000-01-01T00:00:00Z");
    expect(res.body).not.toHaveProperty("password");
    expect(res.body).not.toHaveProperty("favouriteColour");
    expect(res.body.groups ?? []).toEqual([]);
    const read = await scim.get<User>(`/Users/${res.body.id}`);
    expect(read.body).not.toHaveProperty("password");
  });

  it("requires userName", async () => {
    const { scim } = await createTenant();
    const res = await scim.post("/Users", { schemas: [USER_SCHEMA], name: { givenName: "No" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400", scimType: "invalidValue" });
    expect(String(res.body.detail)).toContain("userName");
  });

  it("refuses a userName that differs only in case, in all of Unicode, with 409 uniqueness", async () => {
    const { scim } = await createTenant();
    expect((await scim.post("/Users", userBody({ userName: "émile.zola@example.com" }))).status).toBe(201);
    const res = await scim.post("/Users", userBody({ userName: "ÉMILE.Zola@Example.com" }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: "409", scimType: "uniqueness" });
  });

  it("lets two organisations have the same userName", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const userName = uniqueEmail("shared");
    expect((await acme.scim.post("/Users", userBody({ userName }))).status).toBe(201);
    expect((await globex.scim.post("/Users", userBody({ userName }))).status).toBe(201);
  });

  it("reads userName back exactly as it was sent", async () => {
    const { scim } = await createTenant();
    const res = await scim.post<User>("/Users", userBody({ userName: "Mixed.Case@Example.COM" }));
    expect((await scim.get<User>(`/Users/${res.body.id}`)).body.userName).toBe("Mixed.Case@Example.COM");
  });
});

describe("GET /Users/{id}", () => {
  it("returns 404 as a SCIM error for an unknown id", async () => {
    const { scim } = await createTenant();
    const res = await scim.get("/Users/does-not-exist");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
  });

  it("answers If-None-Match with 304 while the version is current", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const unchanged = await scim.get(`/Users/${body.id}`, { "If-None-Match": 'W/"1"' });
    expect(unchanged.status).toBe(304);
    await scim.patch(`/Users/${body.id}`, patchBody({ op: "replace", path: "displayName", value: "Ada" }));
    const changed = await scim.get(`/Users/${body.id}`, { "If-None-Match": 'W/"1"' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).toBe('W/"2"');
  });
});

describe("PUT /Users/{id}", () => {
  it("replaces the whole resource", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<User>("/Users", userBody({ title: "Engineer", nickName: "A" }));
    const res = await scim.put<User>(
      `/Users/${created.id}`,
      userBody({ userName: created.userName, title: "Director", name: { givenName: "Ada" } }),
    );
    expect(res.status).toBe(200);
    expect(res.body.title).toBe("Director");
    expect(res.body).not.toHaveProperty("nickName");
    expect(res.body.name).toEqual({ givenName: "Ada" });
    expect(res.body.meta.version).toBe('W/"2"');
    expect(res.body.meta.created).toBe(created.meta.created);
  });

  it("keeps active as it was when the PUT omits it (Okta)", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<User>("/Users", userBody());
    await scim.patch(`/Users/${created.id}`, patchBody({ op: "replace", value: { active: false } }));
    const { active: _omitted, ...withoutActive } = userBody({ userName: created.userName });
    const res = await scim.put<User>(`/Users/${created.id}`, withoutActive);
    expect(res.body.active).toBe(false);
  });

  it("refuses to take another user's userName", async () => {
    const { scim } = await createTenant();
    const first = await scim.post<User>("/Users", userBody());
    const second = await scim.post<User>("/Users", userBody());
    const res = await scim.put(`/Users/${second.body.id}`, userBody({ userName: first.body.userName }));
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe("uniqueness");
  });

  it("enforces If-Match with 412", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const stale = await scim.put(`/Users/${body.id}`, userBody({ userName: body.userName }), {
      "If-Match": 'W/"7"',
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "412" });
    const fresh = await scim.put(`/Users/${body.id}`, userBody({ userName: body.userName }), {
      "If-Match": 'W/"1"',
    });
    expect(fresh.status).toBe(200);
  });

  it("answers 404 for an unknown id", async () => {
    const { scim } = await createTenant();
    expect((await scim.put("/Users/nope", userBody())).status).toBe(404);
  });
});

describe("PATCH /Users/{id}", () => {
  it("applies add, replace and remove, including value-filtered paths", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch<User>(
      `/Users/${body.id}`,
      patchBody(
        { op: "add", path: "emails", value: [{ value: "home@example.org", type: "home" }] },
        { op: "replace", path: 'emails[type eq "work"].value', value: "new.work@example.com" },
        { op: "replace", path: "name.givenName", value: "Augusta" },
        { op: "add", path: `${ENTERPRISE_SCHEMA}:department`, value: "Analytical Engines" },
        { op: "remove", path: "name.familyName" },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.emails).toEqual([
      { value: "new.work@example.com", type: "work", primary: true },
      { value: "home@example.org", type: "home" },
    ]);
    expect(res.body.name).toEqual({ givenName: "Augusta" });
    expect(res.body[ENTERPRISE_SCHEMA]).toEqual({ department: "Analytical Engines" });
    expect(res.body.meta.version).toBe('W/"2"');
  });

  it("does not make a new version when nothing changes", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody({ title: "Engineer" }));
    const res = await scim.patch<User>(
      `/Users/${body.id}`,
      patchBody({ op: "replace", path: "title", value: "Engineer" }),
    );
    expect(res.status).toBe(200);
    expect(res.body.meta.version).toBe('W/"1"');
    expect(res.body.meta.lastModified).toBe(body.meta.lastModified);
  });

  it("leaves the user untouched when any operation fails", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody({ title: "Engineer" }));
    const res = await scim.patch(
      `/Users/${body.id}`,
      patchBody({ op: "replace", path: "title", value: "CTO" }, { op: "remove" }),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("noTarget");
    const read = await scim.get<User>(`/Users/${body.id}`);
    expect(read.body.title).toBe("Engineer");
    expect(read.body.meta.version).toBe('W/"1"');
  });

  it("refuses to patch a read-only attribute with 400 mutability", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch(`/Users/${body.id}`, patchBody({ op: "replace", path: "id", value: "x" }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("mutability");
  });

  it("rejects a path that names no attribute with 400 invalidPath", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch(
      `/Users/${body.id}`,
      patchBody({ op: "replace", path: "shoeSize", value: 9 }),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidPath");
  });

  it("enforces If-Match with 412", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const op = patchBody({ op: "replace", path: "title", value: "x" });
    expect((await scim.patch(`/Users/${body.id}`, op, { "If-Match": 'W/"2"' })).status).toBe(412);
    expect((await scim.patch(`/Users/${body.id}`, op, { "If-Match": "*" })).status).toBe(200);
  });
});

describe("DELETE /Users/{id}", () => {
  it("deletes with 204 and the user is gone", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const res = await scim.delete(`/Users/${body.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await scim.get(`/Users/${body.id}`)).status).toBe(404);
    expect((await scim.delete(`/Users/${body.id}`)).status).toBe(404);
  });

  it("enforces If-Match with 412", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    expect((await scim.delete(`/Users/${body.id}`, { "If-Match": 'W/"9"' })).status).toBe(412);
    expect((await scim.delete(`/Users/${body.id}`, { "If-Match": 'W/"1"' })).status).toBe(204);
  });
});

describe("changes to one user are serialised", () => {
  it("applies every one of many parallel PATCHes", async () => {
    const { scim } = await createTenant();
    const { body } = await scim.post<User>("/Users", userBody());
    const count = 12;
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        scim.patch(
          `/Users/${body.id}`,
          patchBody({
            op: "add",
            path: "emails",
            value: [{ value: `alias${i}@example.com`, type: "other" }],
          }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(count).fill(200));
    const read = await scim.get<User>(`/Users/${body.id}`);
    expect(read.body.emails).toHaveLength(count + 1);
    expect(read.body.meta.version).toBe(`W/"${count + 1}"`);
  });
});
