// attributes / excludedAttributes on rendered resources (RFC 7644 §3.4.2.5, §3.9; RFC 7643 §2.2 `returned`).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { projector, projectResource } from "../../../src/scim/projection";
import { complex, type SchemaDef, string } from "../../../src/scim/schemas/attribute";
import { commonAttributes } from "../../../src/scim/schemas/common";
import { ENTERPRISE_USER_SCHEMA } from "../../../src/scim/schemas/enterprise-user";
import { type ResourceTypeDef, userResourceType } from "../../../src/scim/schemas/resource-type";
import { USER_SCHEMA } from "../../../src/scim/schemas/user";

const EXT = ENTERPRISE_USER_SCHEMA;
const meta = {
  resourceType: "User",
  created: "2026-01-01T00:00:00.000Z",
  lastModified: "2026-01-02T00:00:00.000Z",
  location: "https://acme.scim.example.com/scim/v2/Users/2819c223",
  version: 'W/"3"',
};

/** A user as the renderer returns it; password only to prove it never leaves. */
const user = (): Record<string, unknown> => ({
  schemas: [USER_SCHEMA, EXT],
  id: "2819c223",
  externalId: "bjensen",
  userName: "bjensen@example.com",
  name: { formatted: "Ms. Barbara J Jensen III", familyName: "Jensen", givenName: "Barbara" },
  displayName: "Babs Jensen",
  active: true,
  password: "t1meMa$heen",
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  groups: [],
  [EXT]: { employeeNumber: "701984", manager: { value: "26118915", displayName: "John Smith" } },
  meta,
});

const project = (attributes?: string[], excludedAttributes?: string[]) =>
  projectResource(userResourceType, user(), { attributes, excludedAttributes });

const { password: _password, ...withoutPassword } = user();

describe("the default set", () => {
  it("returns everything but `never` attributes when nothing is asked", () => {
    expect(project()).toEqual(withoutPassword);
    expect(project([], [])).toEqual(withoutPassword);
  });

  it("keeps empty multi-valued attributes as sent (Okta sends groups: [])", () => {
    expect(project()).toHaveProperty("groups", []);
  });
});

describe("attributes", () => {
  it("returns only the named attributes plus id and schemas; meta is `default` and goes", () => {
    expect(project(["userName"])).toEqual({
      schemas: [USER_SCHEMA],
      id: "2819c223",
      userName: "bjensen@example.com",
    });
  });

  it("matches names case-insensitively and keeps the resource's spelling", () => {
    expect(project(["USERNAME", "DisplayName"])).toEqual({
      schemas: [USER_SCHEMA],
      id: "2819c223",
      userName: "bjensen@example.com",
      displayName: "Babs Jensen",
    });
  });

  it("narrows a complex attribute to the named sub-attributes", () => {
    expect(project(["name.givenName"]).name).toEqual({ givenName: "Barbara" });
    expect(project(["name.givenName", "name"]).name).toEqual(user().name);
  });

  it("narrows each value of a multi-valued attribute", () => {
    expect(project(["emails.value"]).emails).toEqual([
      { value: "bjensen@example.com" },
      { value: "babs@jensen.org" },
    ]);
  });

  it("leaves out a complex attribute that the selection empties", () => {
    expect(project(["emails.display"])).not.toHaveProperty("emails");
    expect(project(["name.middleName"])).not.toHaveProperty("name");
  });

  it("accepts URN-qualified core paths", () => {
    expect(project([`${USER_SCHEMA}:userName`, `${USER_SCHEMA}:name.familyName`])).toEqual({
      schemas: [USER_SCHEMA],
      id: "2819c223",
      userName: "bjensen@example.com",
      name: { familyName: "Jensen" },
    });
  });

  it("selects extension attributes by URN-qualified path, keeping the extension URN in schemas", () => {
    expect(project([`${EXT}:manager`])).toEqual({
      schemas: [USER_SCHEMA, EXT],
      id: "2819c223",
      [EXT]: { manager: { value: "26118915", displayName: "John Smith" } },
    });
    expect(project([`${EXT.toLowerCase()}:Manager.DisplayName`])[EXT]).toEqual({
      manager: { displayName: "John Smith" },
    });
  });

  it("takes a bare extension URN as the whole extension", () => {
    expect(project([EXT])[EXT]).toEqual(user()[EXT]);
  });

  it("returns meta, or parts of it, only when asked", () => {
    expect(project(["meta"]).meta).toEqual(meta);
    expect(project(["meta.version"]).meta).toEqual({ version: 'W/"3"' });
  });

  it("never returns a `never` attribute, even when asked", () => {
    expect(project(["password"])).toEqual({ schemas: [USER_SCHEMA], id: "2819c223" });
  });

  it("ignores names it cannot resolve: attributes=nonsense returns the minimum set", () => {
    expect(project(["nonsense", "name.nope", 'emails[type eq "work"]', "a.b.c", "urn:x:y:z", " "])).toEqual({
      schemas: [USER_SCHEMA],
      id: "2819c223",
    });
  });
});

describe("excludedAttributes", () => {
  it("removes attributes and sub-attributes from the default set", () => {
    const result = project(undefined, ["emails", "name.familyName", "Meta"]);
    expect(result).not.toHaveProperty("emails");
    expect(result).not.toHaveProperty("meta");
    expect(result.name).toEqual({ formatted: "Ms. Barbara J Jensen III", givenName: "Barbara" });
    expect(result.userName).toBe("bjensen@example.com");
  });

  it("never removes `always` attributes or schemas", () => {
    const result = project(undefined, ["id", "schemas", `${USER_SCHEMA}:id`]);
    expect(result.id).toBe("2819c223");
    expect(result.schemas).toEqual([USER_SCHEMA, EXT]);
  });

  it("removes a whole extension by its URN, and the URN from schemas", () => {
    const result = project(undefined, [EXT]);
    expect(result).not.toHaveProperty(EXT);
    expect(result.schemas).toEqual([USER_SCHEMA]);
  });

  it("removes extension sub-attributes by URN-qualified path", () => {
    expect(project(undefined, [`${EXT}:manager.value`])[EXT]).toEqual({
      employeeNumber: "701984",
      manager: { displayName: "John Smith" },
    });
  });

  it("ignores unknown names", () => {
    expect(project(undefined, ["members", "nonsense.x", "urn:x:y"])).toEqual(withoutPassword);
  });

  it("applies after attributes when both are sent", () => {
    expect(project(["userName", "name"], ["name.formatted", "userName", "id"])).toEqual({
      schemas: [USER_SCHEMA],
      id: "2819c223",
      name: { familyName: "Jensen", givenName: "Barbara" },
    });
  });
});

describe("`returned` characteristics from the definitions", () => {
  const schema: SchemaDef = {
    id: "urn:example:params:scim:schemas:Thing",
    name: "Thing",
    description: "A test resource with every `returned` value",
    attributes: [
      string("label", "always returned", { returned: "always" }),
      string("note", "returned by default"),
      string("secret", "only on request", { returned: "request" }),
      complex("detail", "complex with a request sub-attribute", [
        string("shown", "default"),
        string("hidden", "only on request", { returned: "request" }),
        string("pinned", "always", { returned: "always" }),
      ]),
    ],
  };
  const type = {
    name: "Group",
    endpoint: "/Things",
    description: "Things",
    schema,
    extensions: [],
  } satisfies ResourceTypeDef;
  const thing = {
    schemas: [schema.id],
    id: "t1",
    label: "L",
    note: "N",
    secret: "S",
    detail: { shown: "a", hidden: "b", pinned: "c" },
  };
  const run = (attributes?: string[], excludedAttributes?: string[]) =>
    projectResource(type, thing, { attributes, excludedAttributes });

  it("leaves `request` attributes out of the default set", () => {
    expect(run()).toEqual({
      schemas: [schema.id],
      id: "t1",
      label: "L",
      note: "N",
      detail: { shown: "a", pinned: "c" },
    });
  });

  it("returns `request` attributes when named, and only then", () => {
    expect(run(["secret"])).toEqual({ schemas: [schema.id], id: "t1", label: "L", secret: "S" });
    expect(run(["detail.hidden"]).detail).toEqual({ hidden: "b", pinned: "c" });
    expect(run(["detail"]).detail).toEqual({ shown: "a", pinned: "c" });
  });

  it("keeps `always` attributes whatever is asked or excluded", () => {
    expect(run(["note"], ["label", "detail.pinned"])).toMatchObject({ label: "L", note: "N" });
    expect(run(undefined, ["detail.pinned", "detail.shown"]).detail).toEqual({ pinned: "c" });
  });

  it("knows the common attributes' characteristics (id always, meta default)", () => {
    const returned = Object.fromEntries(commonAttributes.map((a) => [a.name, a.returned]));
    expect(returned).toEqual({ id: "always", externalId: "default", meta: "default" });
  });
});

describe("purity", () => {
  const deepFreeze = <T>(value: T): T => {
    if (typeof value === "object" && value !== null) {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  };

  it("does not mutate its input, and the output shares nothing with it", () => {
    const input = deepFreeze(user());
    const before = structuredClone(input);
    const output = projectResource(userResourceType, input, { excludedAttributes: ["name.givenName"] });
    expect(input).toEqual(before);
    (output.emails as [{ value: string }])[0].value = "changed";
    (output.schemas as string[]).push("x");
    (output[EXT] as { manager: { value: string } }).manager.value = "changed";
    expect(input).toEqual(before);
  });

  it("compiles once and projects many resources alike", () => {
    const project = projector(userResourceType, { attributes: ["userName"] });
    const page = [user(), { ...user(), id: "other", userName: "other@example.com" }].map(project);
    expect(page.map((r) => r.userName)).toEqual(["bjensen@example.com", "other@example.com"]);
  });

  it("keeps a hostile __proto__ key as data", () => {
    const hostile = JSON.parse('{"schemas":["x"],"id":"1","__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >;
    const output = projectResource(userResourceType, hostile, {});
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.hasOwn(output, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("properties", () => {
  const paths = [
    "userName",
    "name",
    "name.givenName",
    "emails",
    "emails.value",
    "password",
    "meta",
    "meta.location",
    "id",
    "groups",
    EXT,
    `${EXT}:manager`,
    `${EXT}:manager.value`,
    "unknown",
    "EMAILS.TYPE",
  ];
  const selection = fc.record({
    attributes: fc.option(fc.subarray(paths), { nil: undefined }),
    excludedAttributes: fc.option(fc.subarray(paths), { nil: undefined }),
  });

  it("always keeps id and schemas, never returns password, never invents attributes", () => {
    fc.assert(
      fc.property(selection, (sel) => {
        const input = user();
        const output = projectResource(userResourceType, input, sel);
        expect(output.id).toBe("2819c223");
        expect(output.schemas).toBeDefined();
        expect(output).not.toHaveProperty("password");
        for (const key of Object.keys(output)) expect(input).toHaveProperty([key]);
        expect(input).toEqual(user());
      }),
    );
  });
});
