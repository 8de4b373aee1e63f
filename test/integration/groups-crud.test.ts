// The Group resource over HTTP (RFC 7644 §3.3–3.6, RFC 7643 §4.2): create, read, replace, delete, members as
// users of the same directory, displayName unique per directory, and the users' read-only `groups`.
import { describe, expect, it } from "vitest";
import { fixture } from "../fixtures";
import { ERROR_SCHEMA, userBody } from "../support/builders";
import {
  createGroup,
  createUserIds,
  ENTRA_GROUP_SCHEMA,
  GROUP_SCHEMA,
  groupBody,
  groupPatch,
  memberIdsOf,
  memberValues,
  readGroup,
  renameOp,
  type ScimGroup,
  uniqueGroupName,
} from "../support/group-builders";
import { expectScimError, expectScimMediaType } from "../support/scim-assert";
import { createTenant } from "../support/tenant";

type User = Record<string, unknown> & { id: string; groups?: Record<string, unknown>[] };

describe("POST /Groups", () => {
  it("creates the group with its members and returns it with Location and ETag", async () => {
    const { scim, baseUrl } = await createTenant();
    const [ada, bob] = (await createUserIds(scim, 2)) as [string, string];
    const body = groupBody({ externalId: "okta-00g1", members: memberValues(ada, bob) });
    const res = await scim.post<ScimGroup>("/Groups", body);
    expect(res.status).toBe(201);
    expectScimMediaType(res);
    expect(res.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      displayName: body.displayName,
      externalId: "okta-00g1",
      meta: { resourceType: "Group", version: 'W/"1"' },
    });
    expect(res.body.meta.location).toBe(`${baseUrl}/Groups/${res.body.id}`);
    expect(res.headers.get("Location")).toBe(res.body.meta.location);
    expect(res.headers.get("ETag")).toBe('W/"1"');
    // The server fills in $ref, display and type: a client sends only the ids.
    expect(res.body.members).toEqual([
      { value: ada, $ref: `${baseUrl}/Users/${ada}`, display: expect.any(String), type: "User" },
      { value: bob, $ref: `${baseUrl}/Users/${bob}`, display: expect.any(String), type: "User" },
    ]);
  });

  it("answers Entra's create, with its extra schema URN and no members, normally", async () => {
    const { scim } = await createTenant();
    const body = fixture("entra/create-group") as Record<string, unknown>;
    expect(body.schemas).toContain(ENTRA_GROUP_SCHEMA);
    const res = await scim.post<ScimGroup>("/Groups", body);
    expect(res.status).toBe(201);
    expect(res.body.schemas).toEqual([GROUP_SCHEMA]);
    expect(res.body).toMatchObject({
      displayName: "Group1DisplayName",
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    });
    expect(res.body).not.toHaveProperty("members");
  });

  it("answers Okta's push, with an empty member list, and JumpCloud's test group", async () => {
    const { scim } = await createTenant();
    for (const name of ["okta/create-group", "jumpcloud/create-test-group"] as const) {
      const res = await scim.post<ScimGroup>("/Groups", fixture(name) as Record<string, unknown>);
      expect(res.status).toBe(201);
      expect(memberIdsOf(res.body)).toEqual([]);
    }
  });

  it("ignores id, meta and display sent by the client", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const res = await scim.post<ScimGroup>(
      "/Groups",
      groupBody({
        id: "client-chosen",
        meta: { created: "2000-01-01T00:00:00Z" },
        members: [{ value: ada, display: "Somebody Else", $ref: null }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe("client-chosen");
    expect(res.body.meta.created).not.toBe("2000-01-01T00:00:00Z");
    expect(res.body.members?.[0]?.display).not.toBe("Somebody Else");
  });

  it("requires displayName", async () => {
    const { scim } = await createTenant();
    const res = await scim.post("/Groups", { schemas: [GROUP_SCHEMA], members: [] });
    expectScimError(res, 400, "invalidValue");
    expect(String(res.body.detail)).toContain("displayName");
  });

  it("refuses a displayName that differs only in case, in all of Unicode, with 409 uniqueness", async () => {
    const { scim } = await createTenant();
    expect((await scim.post("/Groups", groupBody({ displayName: "Équipe Zoë" }))).status).toBe(201);
    const res = await scim.post("/Groups", groupBody({ displayName: "ÉQUIPE ZOË" }));
    expectScimError(res, 409, "uniqueness");
    expect(String(res.body.detail)).toContain("ÉQUIPE ZOË");
  });

  it("lets two organisations have groups of the same name", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const displayName = uniqueGroupName("Shared");
    expect((await acme.scim.post("/Groups", groupBody({ displayName }))).status).toBe(201);
    expect((await globex.scim.post("/Groups", groupBody({ displayName }))).status).toBe(201);
  });

  it("refuses a member that is not a user, naming the id, and creates nothing", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const displayName = uniqueGroupName();
    const res = await scim.post(
      "/Groups",
      groupBody({ displayName, members: memberValues(ada, "no-such-user") }),
    );
    expectScimError(res, 400, "invalidValue");
    expect(String(res.body.detail)).toContain('"no-such-user"');
    const found = await scim.get<{ totalResults: number }>(
      `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
    );
    expect(found.body.totalResults).toBe(0);
  });

  it("refuses a user of another organisation as a member", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const [stranger] = (await createUserIds(globex.scim, 1)) as [string];
    const res = await acme.scim.post("/Groups", groupBody({ members: memberValues(stranger) }));
    expectScimError(res, 400, "invalidValue");
    expect(String(res.body.detail)).toContain(stranger);
  });

  it("refuses a member without a value and a member of type Group (groups are not nested)", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    expectScimError(
      await scim.post("/Groups", groupBody({ members: [{ display: "x" }] })),
      400,
      "invalidValue",
    );
    const nested = await scim.post("/Groups", groupBody({ members: [{ value: ada, type: "Group" }] }));
    expectScimError(nested, 400, "invalidValue");
  });
});

describe("GET /Groups/{id}", () => {
  it("reads the group, honours attributes and excludedAttributes, and answers If-None-Match with 304", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const group = await createGroup(scim, { members: memberValues(ada) });
    const read = await scim.get<ScimGroup>(`/Groups/${group.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(group);
    expect(read.headers.get("ETag")).toBe(group.meta.version);

    const slim = await readGroup(scim, group.id, "?excludedAttributes=members");
    expect(slim).not.toHaveProperty("members");
    expect(slim).toMatchObject({ id: group.id, displayName: group.displayName });
    const ids = await readGroup(scim, group.id, "?attributes=members.value");
    expect(ids).toEqual({ schemas: [GROUP_SCHEMA], id: group.id, members: [{ value: ada }] });

    const cached = await scim.get(`/Groups/${group.id}`, { "If-None-Match": group.meta.version });
    expect(cached.status).toBe(304);
  });

  it("is 404 for an unknown id and for another organisation's group", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const theirs = await createGroup(globex.scim);
    expectScimError(await acme.scim.get("/Groups/nope"), 404);
    expectScimError(await acme.scim.get(`/Groups/${theirs.id}`), 404);
  });

  it("needs the bearer token and answers other methods with 405", async () => {
    const { scim } = await createTenant();
    const group = await createGroup(scim);
    expectScimError(await scim.withToken(undefined).get(`/Groups/${group.id}`), 401);
    const res = await scim.post(`/Groups/${group.id}`, groupBody());
    expectScimError(res, 405);
    expect(res.headers.get("Allow")).toBe("GET, PUT, PATCH, DELETE");
  });
});

describe("PUT /Groups/{id}", () => {
  it("replaces displayName, externalId and members", async () => {
    const { scim } = await createTenant();
    const [ada, bob, cy] = (await createUserIds(scim, 3)) as [string, string, string];
    const group = await createGroup(scim, { externalId: "x1", members: memberValues(ada, bob) });
    const displayName = uniqueGroupName("Renamed");
    const res = await scim.put<ScimGroup>(
      `/Groups/${group.id}`,
      groupBody({ displayName, members: memberValues(bob, cy) }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: group.id, displayName, meta: { version: 'W/"2"' } });
    expect(res.body).not.toHaveProperty("externalId");
    expect(memberIdsOf(res.body)).toEqual([bob, cy]);
    expect(res.headers.get("ETag")).toBe('W/"2"');
  });

  it("keeps the members when the body leaves members out, and clears them for members: []", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const group = await createGroup(scim, { members: memberValues(ada) });
    const kept = await scim.put<ScimGroup>(
      `/Groups/${group.id}`,
      groupBody({ displayName: group.displayName }),
    );
    expect(memberIdsOf(kept.body)).toEqual([ada]);
    const cleared = await scim.put<ScimGroup>(
      `/Groups/${group.id}`,
      groupBody({ displayName: group.displayName, members: [] }),
    );
    expect(cleared.status).toBe(200);
    expect(memberIdsOf(cleared.body)).toEqual([]);
  });

  it("refuses unknown members, a taken displayName, a stale If-Match and an unknown group", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const other = await createGroup(scim);
    const group = await createGroup(scim, { members: memberValues(ada) });
    const unknown = await scim.put(`/Groups/${group.id}`, groupBody({ members: memberValues("ghost") }));
    expectScimError(unknown, 400, "invalidValue");
    const taken = await scim.put(`/Groups/${group.id}`, groupBody({ displayName: other.displayName }));
    expectScimError(taken, 409, "uniqueness");
    const stale = await scim.put(`/Groups/${group.id}`, groupBody(), { "If-Match": 'W/"9"' });
    expectScimError(stale, 412);
    expectScimError(await scim.put("/Groups/nope", groupBody()), 404);
    // None of these changed anything.
    expect(await readGroup(scim, group.id)).toEqual(group);
  });
});

describe("DELETE /Groups/{id}", () => {
  it("deletes the group and its memberships, but not its members", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const group = await createGroup(scim, { members: memberValues(ada) });
    expectScimError(await scim.delete(`/Groups/${group.id}`, { "If-Match": 'W/"7"' }), 412);
    expect((await scim.delete(`/Groups/${group.id}`)).status).toBe(204);
    expectScimError(await scim.get(`/Groups/${group.id}`), 404);
    expectScimError(await scim.delete(`/Groups/${group.id}`), 404);
    const user = await scim.get<User>(`/Users/${ada}`);
    expect(user.status).toBe(200);
    expect(user.body.groups ?? []).toEqual([]);
  });
});

describe("the users' groups attribute (RFC 7643 §4.1.2)", () => {
  it("lists the user's direct memberships with value, $ref, display and type", async () => {
    const { scim, baseUrl } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const first = await createGroup(scim, { members: memberValues(ada) });
    const second = await createGroup(scim, { members: memberValues(ada) });
    const user = await scim.get<User>(`/Users/${ada}`);
    expect(user.body.groups).toEqual([
      { value: first.id, $ref: `${baseUrl}/Groups/${first.id}`, display: first.displayName, type: "direct" },
      {
        value: second.id,
        $ref: `${baseUrl}/Groups/${second.id}`,
        display: second.displayName,
        type: "direct",
      },
    ]);
  });

  it("follows renames, removals and group deletions, and is left out when excluded", async () => {
    const { scim } = await createTenant();
    const [ada] = (await createUserIds(scim, 1)) as [string];
    const group = await createGroup(scim, { members: memberValues(ada) });
    const displayName = uniqueGroupName("Renamed");
    expect(
      (await scim.patch(`/Groups/${group.id}`, groupPatch(renameOp(group.id, displayName)))).status,
    ).toBe(204);
    expect((await scim.get<User>(`/Users/${ada}`)).body.groups?.[0]?.display).toBe(displayName);
    expect((await scim.get<User>(`/Users/${ada}?excludedAttributes=groups`)).body).not.toHaveProperty(
      "groups",
    );
    expect((await scim.get<User>(`/Users/${ada}?attributes=groups.display`)).body.groups).toEqual([
      { display: displayName },
    ]);
    await scim.delete(`/Groups/${group.id}`);
    expect((await scim.get<User>(`/Users/${ada}`)).body).not.toHaveProperty("groups");
  });

  it("shows each listed user's own groups", async () => {
    const { scim } = await createTenant();
    const [ada, bob, cy] = (await createUserIds(scim, 3)) as [string, string, string];
    const both = await createGroup(scim, { members: memberValues(ada, bob) });
    const adaOnly = await createGroup(scim, { members: memberValues(ada) });
    const list = await scim.get<{ Resources: User[] }>("/Users?count=10");
    const groupsOf = (id: string) =>
      (list.body.Resources.find((u) => u.id === id)?.groups ?? []).map((g) => g.value);
    expect(groupsOf(ada)).toEqual([both.id, adaOnly.id]);
    expect(groupsOf(bob)).toEqual([both.id]);
    expect(groupsOf(cy)).toEqual([]);
    // The memberships are read for the page's own rows, in the page's batch: a later page, a filtered one.
    const second = await scim.get<{ Resources: User[] }>("/Users?startIndex=2&count=1");
    expect(second.body.Resources.map((u) => [u.id, (u.groups ?? []).map((g) => g.value)])).toEqual([
      [bob, [both.id]],
    ]);
    const filtered = await scim.get<{ Resources: User[] }>(`/Users?filter=id eq "${ada}"`);
    expect((filtered.body.Resources[0]?.groups ?? []).map((g) => g.value)).toEqual([both.id, adaOnly.id]);
  });

  it("is read-only: groups sent on a user are ignored", async () => {
    const { scim } = await createTenant();
    const group = await createGroup(scim);
    const res = await scim.post<User>("/Users", userBody({ groups: [{ value: group.id }] }));
    expect(res.status).toBe(201);
    expect(res.body.groups ?? []).toEqual([]);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([]);
  });

  it("drops a deleted user from its groups", async () => {
    const { scim } = await createTenant();
    const [ada, bob] = (await createUserIds(scim, 2)) as [string, string];
    const group = await createGroup(scim, { members: memberValues(ada, bob) });
    expect((await scim.delete(`/Users/${ada}`)).status).toBe(204);
    expect(memberIdsOf(await readGroup(scim, group.id))).toEqual([bob]);
  });
});

describe("discovery", () => {
  it("serves the Group resource type and schema", async () => {
    const { scim } = await createTenant();
    const type = await scim.get<Record<string, unknown>>("/ResourceTypes/Group");
    expect(type.body).toMatchObject({ id: "Group", endpoint: "/Groups", schema: GROUP_SCHEMA });
    const schema = await scim.get<{ attributes: { name: string; required: boolean }[] }>(
      `/Schemas/${GROUP_SCHEMA}`,
    );
    expect(schema.body.attributes.map((a) => a.name)).toEqual(["displayName", "members"]);
    expect(schema.body.attributes[0]).toMatchObject({ required: true });
    expect((await scim.get("/Groups/nope")).body).toMatchObject({ schemas: [ERROR_SCHEMA] });
  });
});
