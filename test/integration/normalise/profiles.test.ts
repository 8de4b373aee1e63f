// The directory's IdP setting chooses the dialect profile: a strict directory refuses what the IETF interop
// profile has service providers refuse and says so in /ServiceProviderConfig; an IdP's directory records the
// rules that rewrote its requests in the system log.
import { describe, expect, it } from "vitest";
import { admin } from "../../support/admin-client";
import { patchBody, userBody } from "../../support/builders";
import { expectScimError } from "../../support/scim-assert";
import { logOf, scimLogged } from "../../support/system-log";
import { createTenant, type TestTenant } from "../../support/tenant";

async function tenantWith(idp: string): Promise<TestTenant> {
  const tenant = await createTenant();
  const res = await admin.patch(`/organisations/${tenant.orgId}/directories/${tenant.directoryId}`, { idp });
  expect(res.status).toBe(200);
  return tenant;
}

type User = Record<string, unknown> & { id: string };

describe("a strict directory", () => {
  it("refuses a path-less PATCH operation with 400 invalidSyntax, and changes nothing", async () => {
    const { scim } = await tenantWith("strict");
    const { body: user } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch(`/Users/${user.id}`, patchBody({ op: "replace", value: { active: false } }));
    expectScimError(res, 400, "invalidSyntax");
    expect((res.body as { detail: string }).detail).toMatch(/Operations\[0\] has no 'path'/);
    expect((await scim.get<User>(`/Users/${user.id}`)).body.active).toBe(true);
    const withPath = await scim.patch(
      `/Users/${user.id}`,
      patchBody({ op: "replace", path: "active", value: false }),
    );
    expect(withPath.status).toBe(200);
  });

  it("refuses attributes the schemas do not define, naming them, in POST, PUT and PATCH", async () => {
    const { scim } = await tenantWith("strict");
    const post = await scim.post("/Users", userBody({ favouriteColour: "blue" }));
    expectScimError(post, 400, "invalidSyntax");
    expect((post.body as { detail: string }).detail).toContain("favouriteColour");
    const { body: user } = await scim.post<User>("/Users", userBody());
    const put = await scim.put(
      `/Users/${user.id}`,
      userBody({ userName: user.userName, name: { nick: "x" } }),
    );
    expectScimError(put, 400, "invalidSyntax");
    expect((put.body as { detail: string }).detail).toContain("nick");
    const patch = await scim.patch(
      `/Users/${user.id}`,
      patchBody({ op: "add", path: "favouriteColour", value: "x" }),
    );
    expectScimError(patch, 400, "invalidSyntax");
    expect((patch.body as { detail: string }).detail).toContain("favouriteColour");
  });

  it("refuses Entra's dialect instead of rewriting it", async () => {
    const { scim } = await tenantWith("strict");
    const { body: user } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch(
      `/Users/${user.id}`,
      patchBody({ op: "Replace", path: "active", value: "False" }),
    );
    expectScimError(res, 400, "invalidSyntax");
    const json = await scim.post("/Users", JSON.stringify(userBody()), {
      "Content-Type": "application/json",
    });
    expectScimError(json, 415);
  });

  it("claims the interop profile in /ServiceProviderConfig; a generic directory and anonymous callers do not", async () => {
    const strict = await tenantWith("strict");
    expect((await strict.scim.get("/ServiceProviderConfig")).body).toMatchObject({
      interopProfileConformant: true,
    });
    const generic = await createTenant();
    expect((await generic.scim.get("/ServiceProviderConfig")).body).toMatchObject({
      interopProfileConformant: false,
    });
    const anonymous = strict.scim.withToken(undefined);
    expect((await anonymous.get("/ServiceProviderConfig")).body).toMatchObject({
      interopProfileConformant: false,
    });
  });
});

describe("the system log", () => {
  it("records the rules that rewrote an okta directory's request", async () => {
    const tenant = await tenantWith("okta");
    const group = await scimLogged<{ id: string }>(tenant, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Rename me",
    });
    const rename = { op: "replace", value: { id: group.body.id, displayName: "Renamed" } };
    const res = await scimLogged(tenant, "PATCH", `/Groups/${group.body.id}`, patchBody(rename));
    expect(res.status).toBe(204);
    const [entry, created] = await logOf(tenant.orgId);
    expect(JSON.parse(entry?.normalisation ?? "null")).toEqual(["group.rename-with-id"]);
    expect(JSON.parse(created?.normalisation ?? "null")).toEqual([]);
    const listed = await admin.get<{ items: { normalisation: string | null }[] }>(
      `/organisations/${tenant.orgId}/log`,
    );
    expect(listed.body.items[0]?.normalisation).toBe('["group.rename-with-id"]');
  });

  it("names the operation from the canonical body: Entra's 'False' is a deactivation", async () => {
    const tenant = await tenantWith("entra");
    const created = await scimLogged<User>(tenant, "POST", "/Users", userBody());
    await scimLogged(
      tenant,
      "PATCH",
      `/Users/${created.body.id}`,
      patchBody({ op: "Replace", path: "active", value: "False" }),
    );
    const [entry] = await logOf(tenant.orgId);
    expect(entry).toMatchObject({ operation: "deactivateUser" });
    expect(JSON.parse(entry?.normalisation ?? "null")).toEqual(["patch.op-case", "bool.string"]);
  });
});

describe("an IdP profile meeting another IdP's dialect", () => {
  it("refuses it with a detail that names the IdP setting that accepts it", async () => {
    const { scim } = await tenantWith("okta");
    const { body: user } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch(
      `/Users/${user.id}`,
      patchBody({ op: "Replace", path: "active", value: "False" }),
    );
    expectScimError(res, 400);
    const { detail } = res.body as { detail: string };
    expect(detail).toContain(`IdP setting is "okta"`);
    expect(detail).toContain("patch.op-case, bool.string");
    expect(detail).toMatch(/set the directory's IdP to "entra" or "generic"/);
    expect((await scim.get<User>(`/Users/${user.id}`)).body.active).toBe(true);
  });

  it("refuses a path where an attribute name belongs instead of answering 200 for a change that did nothing", async () => {
    const { scim } = await tenantWith("okta");
    const { body: user } = await scim.post<User>("/Users", userBody());
    const res = await scim.patch(
      `/Users/${user.id}`,
      patchBody({ op: "replace", value: { "name.givenName": "Grace" } }),
    );
    expectScimError(res, 400, "invalidPath");
    expect((res.body as { detail: string }).detail).toContain('"entra" or "generic"');
  });
});

describe("Entra's unquoted filter values", () => {
  it("reads a bare number compared with a string attribute as that string", async () => {
    const tenant = await tenantWith("entra");
    const created = await tenant.scim.post<User>("/Users", userBody({ externalId: "12345" }));
    expect(created.status).toBe(201);
    const res = await tenant.scim.get<{ totalResults: number }>("/Users?filter=externalId eq 12345");
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
  });
});

it("answers ServiceProviderConfig per token, and says so to caches", async () => {
  const { scim } = await tenantWith("strict");
  const res = await scim.get("/ServiceProviderConfig");
  expect(res.headers.get("Vary")).toBe("Authorization");
  expect(res.headers.get("Cache-Control")).toBe("private");
});
