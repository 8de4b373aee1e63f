// Discovery over HTTP (RFC 7644 §4, RFC 7643 §5–7): the documents, their locations, and that what they advertise is true.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../src/db/client";
import { addCustomHostname } from "../../src/db/tenancy";
import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, LIST_SCHEMA, patchBody, USER_SCHEMA } from "../support/builders";
import { GROUP_SCHEMA } from "../support/group-builders";
import { createUsers, type ListBody, type ListedUser, listUsers } from "../support/list";
import { ScimClient, type ScimResponse } from "../support/scim-client";
import { createTenant } from "../support/tenant";

const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCIM_JSON = /^application\/scim\+json/;

interface Attribute {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  canonicalValues?: string[];
  subAttributes?: Attribute[];
}
interface SchemaDoc {
  id: string;
  attributes: Attribute[];
  meta: { resourceType: string; location: string };
}
type Doc = Record<string, unknown> & { meta: { resourceType: string; location: string } };

/** Discovery needs no token (RFC 7644 §4 documents are the same for everyone): every request here goes without one. */
const anonymous = (baseUrl: string) => new ScimClient(baseUrl, undefined);

function expectScimJson(res: ScimResponse<unknown>, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(SCIM_JSON);
}

const attribute = (schema: SchemaDoc, path: string): Attribute | undefined => {
  const [head, sub] = path.split(".");
  const found = schema.attributes.find((a) => a.name === head);
  return sub ? found?.subAttributes?.find((a) => a.name === sub) : found;
};

describe("GET /ServiceProviderConfig", () => {
  it("advertises the features, without a token, located on the tenant's host", async () => {
    const { baseUrl } = await createTenant();
    const res = await anonymous(baseUrl).get<Doc>("/ServiceProviderConfig");
    expectScimJson(res, 200);
    expect(res.body).toMatchObject({
      schemas: [SPC_SCHEMA],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      pagination: { cursor: true, index: true },
      meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
    });
    const { filter, pagination, authenticationSchemes } = res.body as Doc & {
      filter: { maxResults: number };
      pagination: { maxPageSize: number; defaultPageSize: number };
      authenticationSchemes: { type: string }[];
    };
    // users-paging.test.ts proves these numbers against a directory of maxPageSize + 1 users.
    expect(Number.isInteger(filter.maxResults) && filter.maxResults > 0).toBe(true);
    expect(pagination.maxPageSize).toBe(filter.maxResults);
    expect(pagination.defaultPageSize).toBeLessThanOrEqual(pagination.maxPageSize);
    expect(authenticationSchemes.map((s) => s.type)).toEqual(["oauthbearertoken"]);
  });
});

describe("what ServiceProviderConfig advertises is what /Users does", () => {
  it("patch: a PATCH applies", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, {});
    const res = await scim.patch<ListedUser>(
      `/Users/${user?.id}`,
      patchBody({ op: "replace", path: "title", value: "Patched" }),
    );
    expect(res.status).toBe(200);
    expect((await scim.get<ListedUser>(`/Users/${user?.id}`)).body.title).toBe("Patched");
  });

  it("bulk: /Bulk answers 501 Not Implemented", async () => {
    const { scim } = await createTenant();
    const res = await scim.post("/Bulk", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [],
    });
    expect(res.status).toBe(501);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "501" });
  });

  it("filter and sort: a filtered, sorted list", async () => {
    const { scim } = await createTenant();
    await createUsers(
      scim,
      { userName: "b@acme.test" },
      { userName: "x@globex.test" },
      { userName: "a@acme.test" },
    );
    const res = await listUsers(scim, { filter: 'userName ew "@acme.test"', sortBy: "userName" });
    expect(res.body.Resources.map((u) => u.userName)).toEqual(["a@acme.test", "b@acme.test"]);
  });

  it("etag: ETag on reads, If-None-Match gives 304, a stale If-Match gives 412", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, {});
    const read = await scim.get<ListedUser & { meta: { version: string } }>(`/Users/${user?.id}`);
    const etag = read.headers.get("ETag") ?? "";
    expect(etag).toBe(read.body.meta.version);
    expect((await scim.get(`/Users/${user?.id}`, { "If-None-Match": etag })).status).toBe(304);
    const edit = patchBody({ op: "replace", path: "title", value: "New" });
    expect((await scim.patch(`/Users/${user?.id}`, edit, { "If-Match": etag })).status).toBe(200);
    expect((await scim.patch(`/Users/${user?.id}`, edit, { "If-Match": etag })).status).toBe(412);
  });

  it("pagination: index by default, cursor on request", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, {}, {}, {});
    const byDefault = await listUsers(scim, { count: 2 });
    expect(byDefault.body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 3 });
    expect(byDefault.body).not.toHaveProperty("nextCursor");
    const byCursor = await listUsers(scim, { cursor: "", count: 2 });
    expect(byCursor.body.nextCursor).toEqual(expect.any(String));
    const next = await listUsers(scim, { cursor: byCursor.body.nextCursor ?? "", count: 2 });
    expect(next.body.Resources).toHaveLength(1);
  });

  it("authentication: /Users wants the bearer token that discovery does not", async () => {
    const { scim, baseUrl } = await createTenant();
    const refused = await anonymous(baseUrl).get("/Users");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect((await scim.get("/Users")).status).toBe(200);
  });
});

describe("GET /Schemas", () => {
  it("lists the User, enterprise and Group schemas, ignoring paging parameters (§4)", async () => {
    const { baseUrl } = await createTenant();
    for (const path of ["/Schemas", "/Schemas?startIndex=2&count=1&sortBy=id"]) {
      const res = await anonymous(baseUrl).get<ListBody & { Resources: SchemaDoc[] }>(path);
      expectScimJson(res, 200);
      expect(res.body).toMatchObject({
        schemas: [LIST_SCHEMA],
        totalResults: 3,
        itemsPerPage: 3,
        startIndex: 1,
      });
      expect(res.body.Resources.map((s) => s.id)).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA]);
      for (const schema of res.body.Resources) {
        expect(schema).toMatchObject({
          schemas: [SCHEMA_SCHEMA],
          meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${schema.id}` },
        });
      }
    }
  });

  it("describes the User attributes with every characteristic (Google builds its mapping from them)", async () => {
    const { baseUrl } = await createTenant();
    const res = await anonymous(baseUrl).get<SchemaDoc>(`/Schemas/${USER_SCHEMA}`);
    expectScimJson(res, 200);
    const user = res.body;
    expect(attribute(user, "userName")).toMatchObject({
      type: "string",
      required: true,
      caseExact: false,
      uniqueness: "server",
      mutability: "readWrite",
    });
    expect(attribute(user, "password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
    expect(attribute(user, "active")).toMatchObject({ type: "boolean", multiValued: false });
    expect(attribute(user, "emails")).toMatchObject({ type: "complex", multiValued: true });
    expect(attribute(user, "emails")?.subAttributes?.map((a) => a.name)).toEqual(
      expect.arrayContaining(["value", "type", "primary"]),
    );
    expect(attribute(user, "name.familyName")).toMatchObject({ type: "string" });
    expect(attribute(user, "groups")).toMatchObject({ mutability: "readOnly" });
    const walk = (list: Attribute[]): Attribute[] => list.flatMap((a) => [a, ...walk(a.subAttributes ?? [])]);
    for (const a of walk(user.attributes)) {
      for (const key of [
        "type",
        "multiValued",
        "required",
        "caseExact",
        "mutability",
        "returned",
        "uniqueness",
      ]) {
        expect(a, `${a.name}.${key}`).toHaveProperty(key);
      }
      if (a.type === "complex") expect(a.subAttributes, a.name).toBeDefined();
    }
  });

  it("describes the enterprise extension", async () => {
    const { baseUrl } = await createTenant();
    const res = await anonymous(baseUrl).get<SchemaDoc>(`/Schemas/${ENTERPRISE_SCHEMA}`);
    expectScimJson(res, 200);
    expect(res.body.attributes.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        "employeeNumber",
        "costCenter",
        "organization",
        "division",
        "department",
        "manager",
      ]),
    );
    expect(attribute(res.body, "manager")?.subAttributes?.map((a) => a.name)).toEqual(
      expect.arrayContaining(["value", "$ref", "displayName"]),
    );
  });

  it("serves each listed schema at /Schemas/{id} as listed", async () => {
    const { baseUrl } = await createTenant();
    const client = anonymous(baseUrl);
    const list = await client.get<ListBody & { Resources: SchemaDoc[] }>("/Schemas");
    for (const schema of list.body.Resources) {
      expect((await client.get(`/Schemas/${schema.id}`)).body).toEqual(schema);
    }
  });

  it("keeps every writable attribute it describes: a user with all of them reads back whole", async () => {
    const { scim, baseUrl } = await createTenant();
    const schemas = await anonymous(baseUrl).get<ListBody & { Resources: SchemaDoc[] }>("/Schemas");
    const [core, enterprise] = schemas.body.Resources;
    const writable = (a: Attribute) => a.mutability !== "readOnly";
    const sample = (a: Attribute): unknown => {
      if (a.canonicalValues?.length) return a.canonicalValues[0];
      if (a.type === "complex") {
        return Object.fromEntries((a.subAttributes ?? []).filter(writable).map((s) => [s.name, sample(s)]));
      }
      const samples: Record<string, unknown> = {
        string: `v-${a.name}`,
        reference: `https://example.com/${a.name}`,
      };
      return { ...samples, boolean: true, binary: "AAAA", integer: 7, decimal: 1.5 }[a.type];
    };
    const fill = (schema: SchemaDoc | undefined) =>
      Object.fromEntries(
        (schema?.attributes ?? [])
          .filter(writable)
          .map((a) => [a.name, a.multiValued ? [sample(a)] : sample(a)]),
      );
    const body: Record<string, unknown> = {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      ...fill(core),
      [ENTERPRISE_SCHEMA]: fill(enterprise),
    };
    const created = await scim.post<ListedUser>("/Users", body);
    expect(created.status).toBe(201);
    const read = await scim.get<ListedUser>(`/Users/${created.body.id}`);
    for (const a of core?.attributes.filter(writable) ?? []) {
      if (a.returned === "never") expect(read.body, a.name).not.toHaveProperty(a.name);
      else expect(read.body[a.name], a.name).toEqual(body[a.name]);
    }
    expect(read.body[ENTERPRISE_SCHEMA]).toEqual(body[ENTERPRISE_SCHEMA]);
  });
});

describe("GET /ResourceTypes", () => {
  it("lists User and Group with their endpoints, schemas and extensions, each of which is served", async () => {
    const { baseUrl, scim } = await createTenant();
    const client = anonymous(baseUrl);
    const res = await client.get<ListBody & { Resources: Doc[] }>("/ResourceTypes");
    expectScimJson(res, 200);
    expect(res.body).toMatchObject({
      schemas: [LIST_SCHEMA],
      totalResults: 2,
      itemsPerPage: 2,
      startIndex: 1,
    });
    const [user, group] = res.body.Resources;
    expect(user).toEqual({
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      description: expect.any(String),
      endpoint: "/Users",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    });
    expect((await client.get("/ResourceTypes/User")).body).toEqual(user);
    expect((await scim.get(String(user?.endpoint))).body).toMatchObject({ schemas: [LIST_SCHEMA] });
    expect(group).toMatchObject({
      id: "Group",
      endpoint: "/Groups",
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
    });
    expect((await scim.get(String(group?.endpoint))).body).toMatchObject({ schemas: [LIST_SCHEMA] });
    for (const id of [USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA])
      expect((await client.get(`/Schemas/${id}`)).status).toBe(200);
  });
});

describe("locations and hosts", () => {
  it("builds every meta.location from the host the client used, custom hostnames included", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const hostname = `scim-${crypto.randomUUID().slice(0, 8)}.custom.example`;
    await addCustomHostname(catalogDatabase(env), globex.orgId, hostname);
    for (const baseUrl of [acme.baseUrl, globex.baseUrl, `https://${hostname}/scim/v2`]) {
      const client = anonymous(baseUrl);
      const docs = [
        (await client.get<Doc>("/ServiceProviderConfig")).body,
        (await client.get<Doc>(`/Schemas/${USER_SCHEMA}`)).body,
        (await client.get<Doc>("/ResourceTypes/User")).body,
        ...(await client.get<ListBody & { Resources: Doc[] }>("/Schemas")).body.Resources,
        ...(await client.get<ListBody & { Resources: Doc[] }>("/ResourceTypes")).body.Resources,
      ];
      for (const doc of docs)
        expect(doc.meta.location.startsWith(`${baseUrl}/`), doc.meta.location).toBe(true);
    }
  });

  it("answers an unknown host with 404, token or not", async () => {
    const { token } = await createTenant();
    for (const client of [
      anonymous("https://nobody.scim.test/scim/v2"),
      new ScimClient("https://nobody.scim.test/scim/v2", token),
    ]) {
      for (const path of ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes"]) {
        const res = await client.get(path);
        expectScimJson(res, 404);
        expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
      }
    }
  });
});

describe("errors", () => {
  const PATHS = [
    "/ServiceProviderConfig",
    "/Schemas",
    `/Schemas/${USER_SCHEMA}`,
    "/ResourceTypes",
    "/ResourceTypes/User",
  ];

  it.each(PATHS)("%s answers POST, PUT, PATCH and DELETE with 405 and Allow: GET", async (path) => {
    const { baseUrl } = await createTenant();
    const client = anonymous(baseUrl);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await client.request(method, path, method === "DELETE" ? undefined : { schemas: [] });
      expectScimJson(res, 405);
      expect(res.headers.get("Allow")).toBe("GET");
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "405" });
    }
  });

  it("refuses a filter on /Schemas and /ResourceTypes with 403 (§4)", async () => {
    const { baseUrl } = await createTenant();
    for (const path of ["/Schemas", "/ResourceTypes"]) {
      const res = await anonymous(baseUrl).get(`${path}?filter=${encodeURIComponent('id eq "x"')}`);
      expectScimJson(res, 403);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "403" });
    }
  });

  it("answers an unknown schema or resource type with 404", async () => {
    const { baseUrl } = await createTenant();
    const client = anonymous(baseUrl);
    for (const path of ["/Schemas/urn:ietf:params:scim:schemas:core:2.0:Nope", "/ResourceTypes/Nope"]) {
      const res = await client.get(path);
      expectScimJson(res, 404);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
    }
  });
});
