// validateResource: request bodies (POST/PUT) into stored resources, RFC 7643 §2 and what IdPs really send.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createNormaliser } from "../../../src/scim/normalise/normaliser";
import { validateResource } from "../../../src/scim/resource/validate";
import { boolean, complex, dateTime, type SchemaDef, string } from "../../../src/scim/schemas/attribute";
import { ENTERPRISE_USER_SCHEMA } from "../../../src/scim/schemas/enterprise-user";
import { type ResourceTypeDef, userResourceType } from "../../../src/scim/schemas/resource-type";
import { testGroupType } from "../../fixtures/group-type";
import { fixture } from "../../fixtures/index";
import { expectOnlyScimErrors, looseValue, resourceBody } from "../../support/resource-arbitraries";
import { scimError } from "../../support/scim-error";

const ENT = ENTERPRISE_USER_SCHEMA;
/** Validates a body as a `generic` directory's request reaches validation: IdP dialects normalised first. */
const validate = (body: unknown, reject = false) =>
  validateResource(userResourceType, createNormaliser("generic").resource(userResourceType, body), {
    unknownAttributes: reject ? "reject" : "ignore",
  });

describe("names (RFC 7643 §2.1, §3.3)", () => {
  it("canonicalises attribute and sub-attribute names given in any case", () => {
    const { resource } = validate({
      USERNAME: "bjensen",
      Name: { GIVENNAME: "Barbara" },
      EMAILS: [{ VALUE: "b@x" }],
    });
    expect(resource).toEqual({
      userName: "bjensen",
      name: { givenName: "Barbara" },
      emails: [{ value: "b@x" }],
    });
  });

  it("stores extension attributes under the URN, whether or not schemas lists the extension", () => {
    const body = { userName: "a", [ENT.toLowerCase()]: { EmployeeNumber: "7", department: "Ops" } };
    expect(validate(body).resource).toEqual({
      userName: "a",
      [ENT]: { employeeNumber: "7", department: "Ops" },
    });
  });

  it("accepts URN-qualified top-level keys for core and extension attributes", () => {
    const body = {
      "urn:ietf:params:scim:schemas:core:2.0:User:userName": "a",
      [`${ENT}:employeeNumber`]: "42",
      [`${ENT}:manager`]: { value: "m1" },
    };
    expect(validate(body).resource).toEqual({
      userName: "a",
      [ENT]: { employeeNumber: "42", manager: { value: "m1" } },
    });
  });

  it("accepts one attribute under two spellings when the values agree, and refuses them when they differ", () => {
    expect(
      validate({ userName: "a", [ENT]: { costCenter: "1" }, [`${ENT}:costCenter`]: "1" }).resource,
    ).toEqual({
      userName: "a",
      [ENT]: { costCenter: "1" },
    });
    for (const [body, name] of [
      [{ userName: "a", USERNAME: "b" }, "userName"],
      [{ userName: "a", name: { givenName: "x", GIVENNAME: "y" } }, "name.givenName"],
    ] as const) {
      const error = scimError(() => validate(body));
      expect([error.scimType, error.detail]).toEqual(["invalidSyntax", expect.stringContaining(`'${name}'`)]);
    }
  });

  it("never stores schemas, and writes attributes in schema order so equal resources serialise alike", () => {
    const { resource } = validate({
      active: true,
      schemas: ["x"],
      [ENT]: { department: "d" },
      userName: "a",
      displayName: "A",
    });
    expect(Object.keys(resource)).toEqual(["userName", "displayName", "active", ENT]);
  });
});

describe("readOnly, writeOnly and unknown attributes (RFC 7643 §2.2)", () => {
  it("ignores readOnly values a client sends: id, meta, groups, manager.displayName", () => {
    const body = {
      id: "x",
      meta: { created: "2020-01-01T00:00:00Z" },
      groups: [{ value: "g" }],
      userName: "a",
      [ENT]: { manager: { value: "m", displayName: "Boss" } },
    };
    expect(validate(body).resource).toEqual({ userName: "a", [ENT]: { manager: { value: "m" } } });
  });

  it("separates the write-only password from the resource", () => {
    const result = validate(fixture("okta/create-user"));
    expect(result.password).toBe("1mz050nq");
    expect(result.resource).not.toHaveProperty("password");
  });

  it("ignores attributes outside the schemas by default", () => {
    const body = {
      userName: "a",
      nickname2: "x",
      name: { middle: "m" },
      [`${ENT}:badge`]: 1,
      "name.givenName": "g",
    };
    expect(validate(body).resource).toEqual({ userName: "a" });
  });

  it.each([
    [{ userName: "a", favouriteColour: "blue" }, "favouriteColour"],
    [{ userName: "a", name: { nick: "n" } }, "name.nick"],
    [{ userName: "a", [ENT]: { badge: "1" } }, `${ENT}:badge`],
    [{ userName: "a", "urn:example:custom:2.0:User": { x: 1 } }, "urn:example:custom:2.0:User"],
  ])("rejects unknown attributes with invalidSyntax naming them when asked to (%#)", (body, name) => {
    const error = scimError(() => validate(body, true));
    expect(error.scimType).toBe("invalidSyntax");
    expect(error.detail).toContain(name);
  });

  it("does not count readOnly attributes as unknown in reject mode (Okta sends groups: [])", () => {
    expect(validate({ userName: "a", id: "1", groups: [], schemas: [] }, true).resource).toEqual({
      userName: "a",
    });
  });
});

describe("coercions for what IdPs send", () => {
  it.each([
    ["True", true],
    ["FALSE", false],
    ["false", false],
    [true, true],
  ])("reads active %j as %j (Entra sends booleans as strings)", (sent, stored) => {
    expect(validate({ userName: "a", active: sent }).resource.active).toBe(stored);
  });

  it("reads a single object where a multi-valued attribute is expected (OneLogin emails)", () => {
    expect(
      validate({ userName: "a", emails: { value: "a@x", type: "work", primary: "true" } }).resource.emails,
    ).toEqual([{ value: "a@x", type: "work", primary: true }]);
  });

  it("reads a bare string as the enterprise manager's value (Entra)", () => {
    expect(validate({ userName: "a", [ENT]: { manager: "26118915" } }).resource[ENT]).toEqual({
      manager: { value: "26118915" },
    });
  });

  it("drops unassigned values at every level: null, empty strings, arrays and objects (RFC 7643 §2.5)", () => {
    const body = {
      userName: "a",
      displayName: null,
      title: "",
      roles: [],
      name: {},
      emails: [{ value: null, type: "" }, null, { value: "a@x", display: null }],
      [ENT]: { manager: { value: null, $ref: null }, department: null },
    };
    expect(validate(body).resource).toEqual({ userName: "a", emails: [{ value: "a@x" }] });
  });
});

describe("invalid values (RFC 7644 §3.12 invalidValue)", () => {
  it.each([
    [{}, "userName"],
    [{ userName: "" }, "userName"],
    [{ userName: null }, "userName"],
    [{ userName: "   " }, "userName"],
    [{ userName: 7 }, "userName"],
    [{ userName: ["a"] }, "userName"],
    [{ userName: "a", active: "yes" }, "active"],
    [{ userName: "a", active: 1 }, "active"],
    [{ userName: "a", name: "Barbara Jensen" }, "name"],
    [{ userName: "a", name: { givenName: 3 } }, "name.givenName"],
    [{ userName: "a", emails: [{ value: 5 }] }, "emails.value"],
    [{ userName: "a", emails: [["a@x"]] }, "emails"],
    [{ userName: "a", [ENT]: "Sales" }, ENT],
    [{ userName: "a", [ENT]: { manager: ["m"] } }, `${ENT}:manager`],
  ])("rejects %j, naming %s", (body, name) => {
    const error = scimError(() => validate(body));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidValue");
    expect(error.detail).toContain(`'${name}`);
  });

  it("rejects more than one primary value in one multi-valued attribute (RFC 7643 §2.4)", () => {
    const body = {
      userName: "a",
      emails: [
        { value: "a@x", primary: true },
        { value: "b@x", primary: "True" },
      ],
    };
    const error = scimError(() => validate(body));
    expect([error.scimType, error.detail]).toEqual(["invalidValue", expect.stringContaining("'emails'")]);
  });

  it.each([null, [], "x", 3])("rejects a body that is not an object (%j) with invalidSyntax", (body) => {
    expect(scimError(() => validate(body)).scimType).toBe("invalidSyntax");
  });
});

describe("IdP payloads (test/fixtures)", () => {
  it("Entra create: string booleans, null manager sub-attributes, empty roles, meta ignored", () => {
    expect(validate(fixture("entra/create-user")).resource).toEqual({
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      displayName: "Test User",
      active: true,
      emails: [
        { primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" },
      ],
      [ENT]: { employeeNumber: "1250", department: "Sales" },
    });
  });

  it("Okta create: password split out, groups: [] ignored, locale and externalId kept", () => {
    const { resource } = validate(fixture("okta/create-user"));
    expect(resource).toMatchObject({
      userName: "isabella.cortez@example.com",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
    });
    expect(resource).not.toHaveProperty("groups");
  });

  it("Okta PUT without active leaves active unassigned (the caller keeps the stored value)", () => {
    const { resource } = validate(fixture("okta/put-user-without-active"), true);
    expect(resource).not.toHaveProperty("active");
    expect(resource).not.toHaveProperty("id");
  });

  it("OneLogin: SCIM 1.x URNs and emails as a single object", () => {
    expect(validate(fixture("onelogin/create-user"), true).resource).toEqual({
      userName: "jane.doe@example.com",
      name: { givenName: "Jane", familyName: "Doe" },
      title: "Engineer",
      emails: [{ value: "jane.doe@example.com", type: "work", primary: true }],
      [ENT]: { department: "R&D", employeeNumber: "7" },
    });
    expect(validate(fixture("onelogin/create-user-core-2")).resource.emails).toHaveLength(1);
  });

  it("Google create", () => {
    expect(validate(fixture("google/create-user"), true).resource).toMatchObject({
      userName: "ada@example.com",
      active: true,
    });
  });
});

describe("other resource types and attribute types", () => {
  const deviceSchema: SchemaDef = {
    id: "urn:example:params:scim:schemas:core:2.0:Device",
    name: "Device",
    description: "Device",
    attributes: [
      string("serial", "Serial", { required: true }),
      dateTime("enrolled", "Enrolment time"),
      boolean("managed", "Managed"),
      string("tags", "Tags", { multiValued: true }),
      complex("owner", "Owner", [
        string("value", "Owner id", { required: true }),
        string("display", "Owner name"),
      ]),
    ],
  };
  const deviceType: ResourceTypeDef = { ...testGroupType, schema: deviceSchema };

  it("requires what the schema marks required (Group: displayName)", () => {
    expect(scimError(() => validateResource(testGroupType, { members: [] })).detail).toContain("displayName");
    expect(
      validateResource(testGroupType, { displayName: "G", members: [{ value: "u1", display: "x" }] })
        .resource,
    ).toEqual({
      displayName: "G",
      members: [{ value: "u1" }],
    });
  });

  it("normalises dateTimes to the spelling filters compare with, and rejects impossible ones", () => {
    const ok = validateResource(deviceType, { serial: "s", enrolled: "2024-05-13T06:42:34+02:00" });
    expect(ok.resource.enrolled).toBe("2024-05-13T04:42:34.000Z");
    expect(
      scimError(() => validateResource(deviceType, { serial: "s", enrolled: "2024-02-30T00:00:00Z" })).detail,
    ).toContain("enrolled");
  });

  it("wraps a lone value of a simple multi-valued attribute and checks required sub-attributes", () => {
    const lone = createNormaliser("generic").resource(deviceType, { serial: "s", tags: "a" });
    expect(validateResource(deviceType, lone).resource.tags).toEqual(["a"]);
    expect(scimError(() => validateResource(deviceType, { serial: "s", tags: "a" })).scimType).toBe(
      "invalidValue",
    );
    expect(
      scimError(() => validateResource(deviceType, { serial: "s", owner: { display: "d" } })).detail,
    ).toContain("owner.value");
  });
});

describe("properties", () => {
  it("random JSON never makes it throw anything but a legal ScimError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), looseValue)), (body) => {
        expectOnlyScimErrors(() => validate(body));
        expectOnlyScimErrors(() => validate(body, true));
      }),
      { numRuns: 500 },
    );
  });

  for (const type of [userResourceType, testGroupType]) {
    it(`${type.name} bodies: legal errors only, input untouched, output canonical and idempotent`, () => {
      fc.assert(
        fc.property(resourceBody(type), fc.boolean(), (body, reject) => {
          const before = structuredClone(body);
          const options = { unknownAttributes: reject ? ("reject" as const) : ("ignore" as const) };
          const result = expectOnlyScimErrors(() => validateResource(type, body, options));
          expect(body).toEqual(before);
          if (!result) return;
          for (const key of ["id", "meta", "groups", "password", "schemas"])
            expect(result.resource).not.toHaveProperty(key);
          const again = validateResource(type, result.resource, { unknownAttributes: "reject" });
          expect(again.resource).toEqual(result.resource);
          expect(JSON.stringify(again.resource)).toBe(JSON.stringify(result.resource));
        }),
        { numRuns: 1_000 },
      );
    });
  }
});
