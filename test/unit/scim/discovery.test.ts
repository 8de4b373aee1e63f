// Discovery documents: ServiceProviderConfig, ResourceTypes and Schemas match the definitions (RFC 7643 §5–7).
import { describe, expect, it } from "vitest";
import {
  type AttributeDocument,
  type DiscoveryContext,
  findResourceType,
  findSchema,
  RESOURCE_TYPE_SCHEMA,
  resourceTypeList,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  schemaList,
  serviceProviderConfig,
} from "../../../src/scim/discovery";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../../src/scim/limits";
import { LIST_RESPONSE_SCHEMA } from "../../../src/scim/list";
import { type AttributeDef, type SchemaDef, string } from "../../../src/scim/schemas/attribute";
import { ENTERPRISE_USER_SCHEMA, enterpriseUserSchema } from "../../../src/scim/schemas/enterprise-user";
import { type ResourceTypeDef, userResourceType } from "../../../src/scim/schemas/resource-type";
import { USER_SCHEMA, userSchema } from "../../../src/scim/schemas/user";

const BASE = "https://acme.scim.example.com/scim/v2";
const ctx: DiscoveryContext = { baseUrl: BASE, resourceTypes: [userResourceType] };

/** A second resource type sharing the enterprise extension, to show schemas are listed once. */
const widgetSchema: SchemaDef = {
  id: "urn:example:params:scim:schemas:Widget",
  name: "Widget",
  description: "Test widget",
  attributes: [string("displayName", "Name", { required: true })],
};
const widgetType = {
  name: "Group",
  endpoint: "/Widgets",
  description: "Widgets",
  schema: widgetSchema,
  extensions: [enterpriseUserSchema],
} satisfies ResourceTypeDef;

const CHARACTERISTICS = [
  "name",
  "type",
  "multiValued",
  "description",
  "required",
  "caseExact",
  "mutability",
  "returned",
  "uniqueness",
] as const;
const OPTIONAL = ["canonicalValues", "referenceTypes", "subAttributes"];

function* walk(attributes: AttributeDocument[], path = ""): Generator<[string, AttributeDocument]> {
  for (const a of attributes) {
    yield [`${path}${a.name}`, a];
    if (a.subAttributes) yield* walk(a.subAttributes, `${path}${a.name}.`);
  }
}

/** The document must say exactly what the definition says: same attributes, same values, nothing invented. */
function expectMirrors(docs: AttributeDocument[], defs: AttributeDef[], path: string) {
  expect(
    docs.map((d) => d.name),
    path,
  ).toEqual(defs.map((d) => d.name));
  docs.forEach((doc, i) => {
    const def = defs[i] as AttributeDef;
    const where = `${path}${def.name}`;
    for (const key of Object.keys(doc)) expect([...CHARACTERISTICS, ...OPTIONAL], where).toContain(key);
    for (const key of CHARACTERISTICS) expect(doc[key], `${where}.${key}`).toEqual(def[key]);
    expect(doc.canonicalValues, where).toEqual(def.canonicalValues);
    expect(doc.referenceTypes, where).toEqual(def.type === "reference" ? def.referenceTypes : undefined);
    if (def.type === "complex") expectMirrors(doc.subAttributes ?? [], def.subAttributes ?? [], `${where}.`);
    else expect(doc.subAttributes, where).toBeUndefined();
  });
}

describe("ServiceProviderConfig (RFC 7643 §5, RFC 9865 §4)", () => {
  const spc = serviceProviderConfig(ctx);

  it("advertises what the server does", () => {
    expect(spc.schemas).toEqual([SERVICE_PROVIDER_CONFIG_SCHEMA]);
    expect(spc.patch).toEqual({ supported: true });
    expect(spc.bulk).toEqual({ supported: false, maxOperations: 0, maxPayloadSize: 0 });
    expect(spc.filter).toEqual({ supported: true, maxResults: MAX_PAGE_SIZE });
    expect(spc.changePassword).toEqual({ supported: false });
    expect(spc.sort).toEqual({ supported: true });
    expect(spc.etag).toEqual({ supported: true });
    expect(spc).not.toHaveProperty("id");
    expect(spc).not.toHaveProperty("documentationUri");
  });

  it("has the bearer token as its one, primary authentication scheme", () => {
    expect(spc.authenticationSchemes).toHaveLength(1);
    expect(spc.authenticationSchemes[0]).toMatchObject({ type: "oauthbearertoken", primary: true });
    expect(spc.authenticationSchemes[0]?.name).toBeTruthy();
    expect(spc.authenticationSchemes[0]?.description).toBeTruthy();
  });

  it("advertises both paging methods with the limits list parsing enforces", () => {
    expect(spc.pagination).toEqual({
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
    });
    expect(DEFAULT_PAGE_SIZE).toBeGreaterThanOrEqual(100); // Okta imports with count=100
    expect(MAX_PAGE_SIZE).toBeGreaterThanOrEqual(DEFAULT_PAGE_SIZE);
  });

  it("locates itself under the base URL, with or without a trailing slash", () => {
    expect(spc.meta).toEqual({
      resourceType: "ServiceProviderConfig",
      location: `${BASE}/ServiceProviderConfig`,
    });
    expect(serviceProviderConfig({ ...ctx, baseUrl: `${BASE}/` }).meta.location).toBe(
      `${BASE}/ServiceProviderConfig`,
    );
  });

  it("carries documentationUri only when configured", () => {
    const withDocs = serviceProviderConfig({ ...ctx, documentationUri: "https://docs.example.com/scim" });
    expect(withDocs.documentationUri).toBe("https://docs.example.com/scim");
    expect(withDocs.authenticationSchemes[0]?.documentationUri).toBe("https://docs.example.com/scim");
  });

  it("is a fresh object on every call and plain JSON", () => {
    serviceProviderConfig(ctx).patch.supported = false;
    expect(serviceProviderConfig(ctx).patch.supported).toBe(true);
    expect(JSON.parse(JSON.stringify(spc))).toEqual(spc);
  });
});

describe("Schemas (RFC 7643 §7)", () => {
  const list = schemaList(ctx);

  it("lists the core schema and every extension of the served resource types in a ListResponse", () => {
    expect(list.schemas).toEqual([LIST_RESPONSE_SCHEMA]);
    expect(list.Resources.map((s) => s.id)).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(list).toMatchObject({ totalResults: 2, itemsPerPage: 2, startIndex: 1 });
  });

  it("gives every schema its schemas, name, description and meta", () => {
    for (const schema of list.Resources) {
      expect(schema.schemas).toEqual([SCHEMA_SCHEMA]);
      expect(schema.name).toBeTruthy();
      expect(schema.description).toBeTruthy();
      expect(schema.meta).toEqual({ resourceType: "Schema", location: `${BASE}/Schemas/${schema.id}` });
    }
  });

  it("spells out every characteristic of every attribute and sub-attribute", () => {
    for (const schema of list.Resources) {
      for (const [path, attribute] of walk(schema.attributes)) {
        for (const key of CHARACTERISTICS) expect(attribute, `${schema.id} ${path}`).toHaveProperty(key);
        if (attribute.type === "reference") expect(attribute.referenceTypes?.length, path).toBeGreaterThan(0);
        if (attribute.type === "complex") expect(attribute.subAttributes?.length, path).toBeGreaterThan(0);
        else expect(attribute.subAttributes, path).toBeUndefined();
      }
    }
  });

  it("advertises exactly what the schema definitions hold", () => {
    const [user, enterprise] = list.Resources;
    expectMirrors(user?.attributes ?? [], userSchema.attributes, "");
    expectMirrors(enterprise?.attributes ?? [], enterpriseUserSchema.attributes, "");
    expect(user).toMatchObject({ name: userSchema.name, description: userSchema.description });
  });

  it("leaves the common attributes out of the User schema (RFC 7643 §3.1)", () => {
    const names = list.Resources[0]?.attributes.map((a) => a.name);
    expect(names).not.toContain("id");
    expect(names).not.toContain("externalId");
    expect(names).not.toContain("meta");
  });

  it("keeps the RFC's characteristics for the attributes IdPs map", () => {
    const attributes = new Map(walk(list.Resources[0]?.attributes ?? []));
    expect(attributes.get("userName")).toMatchObject({
      required: true,
      uniqueness: "server",
      caseExact: false,
    });
    expect(attributes.get("password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
    expect(attributes.get("groups")).toMatchObject({ multiValued: true, mutability: "readOnly" });
    expect(attributes.get("emails.type")?.canonicalValues).toEqual(["work", "home", "other"]);
  });

  it("lists a schema shared by two resource types once", () => {
    const ids = schemaList({ ...ctx, resourceTypes: [userResourceType, widgetType] }).Resources.map(
      (s) => s.id,
    );
    expect(ids).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA, widgetSchema.id]);
  });

  it("finds one schema by URI, case-insensitively, and nothing for an unknown URI", () => {
    expect(findSchema(ctx, ENTERPRISE_USER_SCHEMA)).toEqual(list.Resources[1]);
    expect(findSchema(ctx, USER_SCHEMA.toUpperCase())?.id).toBe(USER_SCHEMA);
    expect(findSchema(ctx, "urn:ietf:params:scim:schemas:core:2.0:Group")).toBeUndefined();
    expect(findSchema(ctx, "")).toBeUndefined();
  });

  it("is plain JSON (no undefined values) and a fresh copy each time", () => {
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
    const copy = schemaList(ctx);
    copy.Resources[0]?.attributes.pop();
    expect(schemaList(ctx).Resources[0]?.attributes).toHaveLength(userSchema.attributes.length);
  });
});

describe("ResourceTypes (RFC 7643 §6)", () => {
  it("describes each served type with its endpoint, schema and optional extensions", () => {
    const list = resourceTypeList(ctx);
    expect(list).toMatchObject({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 1,
      itemsPerPage: 1,
      startIndex: 1,
    });
    expect(list.Resources).toEqual([
      {
        schemas: [RESOURCE_TYPE_SCHEMA],
        id: "User",
        name: "User",
        description: userResourceType.description,
        endpoint: "/Users",
        schema: USER_SCHEMA,
        schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
        meta: { resourceType: "ResourceType", location: `${BASE}/ResourceTypes/User` },
      },
    ]);
  });

  it("only names schemas that /Schemas serves", () => {
    const both = { ...ctx, resourceTypes: [userResourceType, widgetType] };
    const served = new Set(schemaList(both).Resources.map((s) => s.id));
    for (const type of resourceTypeList(both).Resources) {
      expect(served).toContain(type.schema);
      for (const extension of type.schemaExtensions) expect(served).toContain(extension.schema);
    }
  });

  it("finds one type by name, case-insensitively, and nothing for an unknown name", () => {
    expect(findResourceType(ctx, "User")?.endpoint).toBe("/Users");
    expect(findResourceType(ctx, "user")?.name).toBe("User");
    expect(findResourceType(ctx, "Group")).toBeUndefined();
  });

  it("answers an empty ListResponse, Resources included, when nothing is served", () => {
    const empty = resourceTypeList({ ...ctx, resourceTypes: [] });
    expect(empty).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });
});
