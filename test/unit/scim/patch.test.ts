// PATCH (RFC 7644 §3.5.2): reading the request, parsing paths, and add / replace / remove on stored resources.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createNormaliser } from "../../../src/scim/normalise/normaliser";
import { applyPatch, applyPatchWithPassword } from "../../../src/scim/patch/apply";
import { parsePatchPath } from "../../../src/scim/patch/path";
import { parsePatchRequest } from "../../../src/scim/patch/request";
import type { JsonObject } from "../../../src/scim/resource/json";
import { MAX_PATCH_OPERATIONS } from "../../../src/scim/resource/limits";
import { validateResource } from "../../../src/scim/resource/validate";
import { ENTERPRISE_USER_SCHEMA } from "../../../src/scim/schemas/enterprise-user";
import { type ResourceTypeDef, userResourceType } from "../../../src/scim/schemas/resource-type";
import { testGroupType } from "../../fixtures/group-type";
import { fixture } from "../../fixtures/index";
import {
  anyCase,
  expectOnlyScimErrors,
  looseValue,
  patchOperation,
  resourceBody,
} from "../../support/resource-arbitraries";
import { scimError } from "../../support/scim-error";

const ENT = ENTERPRISE_USER_SCHEMA;
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A stored user, as validateResource leaves it. */
const stored = (body: JsonObject, type: ResourceTypeDef = userResourceType) =>
  validateResource(type, body).resource;

const bjensen = () =>
  stored({
    userName: "bjensen",
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ],
    active: true,
    [ENT]: { employeeNumber: "701984", manager: { value: "26118915" } },
  });

const group = () =>
  stored(
    {
      displayName: "Tour Guides",
      members: [{ value: "f648f8d5ea4e4cd38e9c" }, { value: "89bb1940-b905-4575-9e7f-6f887cfb368e" }],
    },
    testGroupType,
  );

/**
 * Applies one PATCH body to `resource` as a `generic` directory's request reaches the engine (IdP dialects
 * normalised, src/scim/normalise), checking the input stays as it was.
 */
function patch(resource: JsonObject, body: unknown, type: ResourceTypeDef = userResourceType): JsonObject {
  const before = structuredClone(resource);
  try {
    return applyPatch(type, resource, parsePatchRequest(createNormaliser("generic").patch(type, body, "id")));
  } finally {
    expect(resource).toEqual(before);
  }
}
const ops = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

describe("parsePatchRequest", () => {
  it("reads operations, member names in any case (RFC 7643 §2.1), op names as RFC 7644 spells them", () => {
    expect(
      parsePatchRequest(ops({ op: "add", Path: " title ", VALUE: "x" }, { OP: "remove", path: "title" })),
    ).toEqual([
      { op: "add", path: "title", value: "x" },
      { op: "remove", path: "title" },
    ]);
    // Entra's "Replace" is canonical only after normalisation (test/unit/scim/normalise).
    expect(scimError(() => parsePatchRequest(fixture("entra/patch-deactivate"))).scimType).toBe(
      "invalidSyntax",
    );
  });

  it("requires schemas to list the PatchOp URN (RFC 7644 §3.5.2)", () => {
    const body = { Operations: [{ op: "remove", path: "title" }] };
    expect(scimError(() => parsePatchRequest(body)).scimType).toBe("invalidSyntax");
    const wrong = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], Operations: body.Operations };
    expect(scimError(() => parsePatchRequest(wrong)).scimType).toBe("invalidSyntax");
  });

  it("treats a null or blank path as absent", () => {
    expect(parsePatchRequest(ops({ op: "replace", path: null, value: { active: false } }))).toEqual([
      { op: "replace", value: { active: false } },
    ]);
  });

  it.each([
    [null, "body"],
    [[], "body"],
    [{ schemas: [PATCH_OP] }, "Operations"],
    [ops(), "Operations"],
    [{ schemas: [PATCH_OP], Operations: {} }, "Operations"],
    [ops("replace"), "Operations[0]"],
    [ops({ op: "move", path: "title" }), "Operations[0].op"],
    [ops({ op: 1 }), "Operations[0].op"],
    [ops({ op: "remove", path: "title" }, { op: "add", path: "title" }), "Operations[1]"],
    [ops({ op: "replace" }), "Operations[0]"],
    [ops({ op: "remove", path: 7 }), "Operations[0].path"],
  ])("rejects %j with invalidSyntax mentioning %s", (body, where) => {
    const error = scimError(() => parsePatchRequest(body));
    expect([error.status, error.scimType]).toEqual([400, "invalidSyntax"]);
    expect(error.detail).toContain(where);
  });

  it(`refuses more than ${MAX_PATCH_OPERATIONS} operations with 413`, () => {
    const many = ops(
      ...Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: "remove", path: "title" })),
    );
    expect(scimError(() => parsePatchRequest(many)).status).toBe(413);
  });
});

describe("parsePatchPath (RFC 7644 §3.5.2 Figure 7)", () => {
  const path = (text: string) => parsePatchPath(userResourceType, text);

  it.each([
    ["title", "title"],
    ["NAME.givenname", "name.givenName"],
    ["urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", "name.givenName"],
    [`${ENT}:manager`, `${ENT}:manager`],
    [`${ENT}:manager.value`, `${ENT}:manager.value`],
    ['emails[type eq "work"]', 'emails[type eq "work"]'],
    ['EMAILS[ type eq "work" and value co "]"].VALUE', 'emails[type eq "work" and value co "]"].value'],
    [ENT, ENT],
  ])("resolves %s", (text, label) => {
    expect(path(text).label).toBe(label);
  });

  it.each([
    "nickname2",
    "name.middle",
    "name.givenName.x",
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:example:custom:User:x",
    'name[givenName eq "x"]',
    'emails[type eq "work"',
    'emails[type eq "work"]value',
    'emails[type eq "work"].nope',
    'emails[type eq "work"]]',
    "emails[type eq]",
    "emails[nope eq 1]",
    "emails[]",
    "x".repeat(2_000),
  ])("refuses %s with invalidPath", (text) => {
    expect(scimError(() => path(text)).scimType).toBe("invalidPath");
  });
});

describe("add and replace", () => {
  it("Entra: Replace active with the string 'False', and Add active 'True'", () => {
    const off = patch(bjensen(), fixture("entra/patch-deactivate"));
    expect(off.active).toBe(false);
    expect(patch(off, fixture("entra/patch-add-active")).active).toBe(true);
  });

  it("Okta and Google: path-less replace {active: false}", () => {
    expect(patch(bjensen(), fixture("okta/patch-deactivate"))).toEqual({ ...bjensen(), active: false });
    expect(patch(bjensen(), fixture("google/patch-suspend")).active).toBe(false);
  });

  it("Entra aadOptscim062020: path-less replace with dotted and URN-qualified keys", () => {
    const result = patch(bjensen(), fixture("entra/patch-pathless-replace"));
    expect(result).toMatchObject({ displayName: "Bjfe", name: { givenName: "Kkom", familyName: "Unua" } });
    expect(result[ENT]).toEqual({ employeeNumber: "Aklq", manager: { value: "26118915" } });
  });

  it("path-less values: readOnly keys ignored (Okta's id), extension objects merged, unknown keys by policy", () => {
    const value = { id: "x", meta: {}, groups: [], schemas: [], nickname2: 1, [ENT]: { department: "Ops" } };
    const result = patch(bjensen(), ops({ op: "add", value }));
    expect(result[ENT]).toEqual({
      employeeNumber: "701984",
      department: "Ops",
      manager: { value: "26118915" },
    });
    expect(result).not.toHaveProperty("id");
    const strict = () =>
      applyPatch(userResourceType, bjensen(), [{ op: "add", value }], { unknownAttributes: "reject" });
    expect(scimError(strict).detail).toContain("nickname2");
  });

  it("Entra: a filtered path whose element does not exist creates it from the filter's eq terms", () => {
    const result = patch(stored({ userName: "a" }), fixture("entra/patch-filtered-create"));
    expect(result).toMatchObject({
      phoneNumbers: [{ type: "work", value: "+1 555 0100" }],
      addresses: [{ type: "work", postalCode: "98052" }],
      roles: [{ primary: true, value: "Admin" }],
    });
    // Sent again, the same operations find the elements they created instead of adding more.
    expect(patch(result, fixture("entra/patch-filtered-create"))).toEqual(result);
  });

  it("a filtered replace changes only the matching elements", () => {
    const result = patch(
      bjensen(),
      ops({ op: "replace", path: 'emails[type eq "home"].value', value: "b@new.org" }),
    );
    expect(result.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "b@new.org", type: "home" },
    ]);
  });

  it("a filtered path that matches nothing and describes no element is noTarget (RFC 7644 §3.5.2.3)", () => {
    const error = scimError(() =>
      patch(bjensen(), ops({ op: "replace", path: 'emails[value co "zz"].type', value: "x" })),
    );
    expect(error.scimType).toBe("noTarget");
    expect(error.detail).toMatch(/^Operations\[0\]: /);
  });

  it("Entra: Add manager as a bare id replaces the whole manager", () => {
    const withRef = stored({ userName: "a", [ENT]: { manager: { value: "old", $ref: "../Users/old" } } });
    expect(patch(withRef, fixture("entra/patch-manager-add"))[ENT]).toEqual({
      manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d" },
    });
  });

  it("add to a multi-valued attribute appends, without duplicating a value already there", () => {
    const value = [{ value: "BJENSEN@example.com" }, { value: "new@x.org", type: "other" }];
    const result = patch(bjensen(), ops({ op: "add", path: "emails", value }));
    expect(result.emails).toEqual([
      ...(bjensen().emails as unknown[]),
      { value: "new@x.org", type: "other" },
    ]);
  });

  it("setting primary on one value clears it on the others (RFC 7644 §3.5.2)", () => {
    const added = patch(
      bjensen(),
      ops({ op: "add", path: "emails", value: { value: "c@x", primary: "True" } }),
    );
    expect((added.emails as JsonObject[]).map((e) => e.primary)).toEqual([false, undefined, true]);
    const replaced = patch(
      bjensen(),
      ops({ op: "replace", path: 'emails[type eq "home"].primary', value: true }),
    );
    expect((replaced.emails as JsonObject[]).map((e) => e.primary)).toEqual([false, true]);
  });

  it("two primaries in one value are invalidValue", () => {
    const value = [
      { value: "a@x", primary: true },
      { value: "b@x", primary: true },
    ];
    expect(scimError(() => patch(bjensen(), ops({ op: "replace", path: "emails", value }))).scimType).toBe(
      "invalidValue",
    );
  });

  it("replace of a complex attribute merges, clearing only the sub-attributes given as null (§3.5.2.3)", () => {
    const result = patch(
      bjensen(),
      ops({ op: "replace", path: "name", value: { givenName: "Babs", familyName: null } }),
    );
    expect(result.name).toEqual({ givenName: "Babs" });
  });

  it("replace of a multi-valued attribute replaces every value; replace with null clears", () => {
    expect(patch(bjensen(), ops({ op: "replace", path: "emails", value: { value: "z@x" } })).emails).toEqual([
      { value: "z@x" },
    ]);
    expect(patch(bjensen(), ops({ op: "replace", path: "title", value: null }))).toEqual(bjensen());
    expect(patch(bjensen(), ops({ op: "replace", path: "emails", value: [] }))).not.toHaveProperty("emails");
  });

  it("add of an attribute's sub-attribute creates the attribute", () => {
    const result = patch(
      stored({ userName: "a" }),
      ops({ op: "add", path: "name.familyName", value: "Jensen" }),
    );
    expect(result.name).toEqual({ familyName: "Jensen" });
  });

  it("the password is split out, never stored", () => {
    const result = applyPatchWithPassword(userResourceType, bjensen(), [
      { op: "replace", value: { password: "s3cret" } },
    ]);
    expect(result.password).toBe("s3cret");
    expect(result.resource).toEqual(bjensen());
  });
});

describe("remove", () => {
  it("without a path is noTarget (RFC 7644 §3.5.2.2)", () => {
    expect(scimError(() => patch(bjensen(), ops({ op: "remove" }))).scimType).toBe("noTarget");
  });

  it("Entra: value-less Remove of the enterprise manager clears it", () => {
    expect(patch(bjensen(), fixture("entra/patch-manager-remove"))[ENT]).toEqual({
      employeeNumber: "701984",
    });
  });

  it("by filter removes the matching values; a filter that matches nothing is a successful no-op", () => {
    expect(patch(bjensen(), ops({ op: "remove", path: 'emails[type eq "work"]' })).emails).toEqual([
      { value: "babs@jensen.org", type: "home" },
    ]);
    expect(patch(bjensen(), ops({ op: "remove", path: 'emails[type eq "fax"]' }))).toEqual(bjensen());
  });

  it("a sub-attribute, an extension, an absent attribute", () => {
    expect(patch(bjensen(), ops({ op: "remove", path: "name.givenName" })).name).toEqual({
      familyName: "Jensen",
    });
    expect(patch(bjensen(), ops({ op: "remove", path: ENT }))).not.toHaveProperty(ENT);
    expect(patch(bjensen(), ops({ op: "remove", path: "nickName" }))).toEqual(bjensen());
  });

  it("with a value removes only the listed values of a multi-valued attribute", () => {
    const result = patch(
      bjensen(),
      ops({ op: "remove", path: "emails", value: [{ value: "BABS@jensen.org", $ref: null }] }),
    );
    expect(result.emails).toEqual([{ value: "bjensen@example.com", type: "work", primary: true }]);
    // A value list that names no element is not rewritten, and a remove with a value is refused, never "all".
    const unnamed = ops({ op: "remove", path: "emails", value: [{ $ref: null }] });
    expect(scimError(() => patch(bjensen(), unnamed)).scimType).toBe("invalidSyntax");
  });

  it("of a required attribute, or replacing it with nothing, is mutability (RFC 7644 §3.5.2.2)", () => {
    for (const operation of [
      { op: "remove", path: "userName" },
      { op: "replace", path: "userName", value: "" },
      { op: "replace", value: { userName: null } },
    ]) {
      expect(scimError(() => patch(bjensen(), ops(operation))).scimType).toBe("mutability");
    }
  });
});

describe("mutability (RFC 7644 §3.5.2, RFC 7643 §2.2)", () => {
  it.each(["id", "meta", "meta.created", "groups", 'groups[value eq "g"]', `${ENT}:manager.displayName`])(
    "a path to readOnly %s is mutability",
    (path) => {
      for (const op of ["add", "replace", "remove"]) {
        const error = scimError(() => patch(bjensen(), ops({ op, path, value: "x" })));
        expect(error.scimType).toBe("mutability");
      }
    },
  );

  it("an immutable value can be set once but not changed", () => {
    const g = group();
    const path = 'members[value eq "f648f8d5ea4e4cd38e9c"].value';
    expect(
      scimError(() => patch(g, ops({ op: "replace", path, value: "other" }), testGroupType)).scimType,
    ).toBe("mutability");
    const same = ops({ op: "replace", path, value: "f648f8d5ea4e4cd38e9c" });
    expect(patch(g, same, testGroupType)).toEqual(g);
  });
});

describe("atomicity", () => {
  it("a failing operation fails the request, names its index and leaves the input as it was", () => {
    const user = bjensen();
    const body = ops(
      { op: "replace", path: "displayName", value: "X" },
      { op: "replace", path: "active", value: "maybe" },
    );
    const error = scimError(() => patch(user, body));
    expect([error.scimType, error.detail]).toEqual([
      "invalidValue",
      expect.stringMatching(/^Operations\[1\]: .*'active'/),
    ]);
    expect(user).toEqual(bjensen());
  });
});

describe("groups: the engine is generic over resource types", () => {
  it("Entra: Remove members with a value list removes only that member; again, it is a no-op", () => {
    const once = patch(group(), fixture("entra/patch-group-remove-member"), testGroupType);
    expect(once.members).toEqual([{ value: "89bb1940-b905-4575-9e7f-6f887cfb368e" }]);
    expect(patch(once, fixture("entra/patch-group-remove-member"), testGroupType)).toEqual(once);
  });

  it("Entra: add a member, and remove one by filter", () => {
    const added = patch(
      stored({ displayName: "G" }, testGroupType),
      fixture("entra/patch-group-add-member"),
      testGroupType,
    );
    expect(added.members).toEqual([{ value: "f648f8d5ea4e4cd38e9c" }]);
    expect(patch(added, fixture("entra/patch-group-remove-member-filter"), testGroupType)).toEqual({
      displayName: "G",
    });
  });

  it("Okta: rename with an id in the value, member changes, full member replace", () => {
    const renamed = patch(group(), fixture("okta/patch-group-rename"), testGroupType);
    expect(renamed).toEqual({ ...group(), displayName: "Test SCIMv2 Renamed" });
    expect(patch(group(), fixture("okta/patch-group-members"), testGroupType).members).toEqual([
      { value: "f648f8d5ea4e4cd38e9c" },
      { value: "23a35c27-23d3-4c03-b4c5-6443c09e7173" },
    ]);
    expect(patch(group(), fixture("okta/patch-group-replace-members"), testGroupType).members).toHaveLength(
      2,
    );
  });

  it("JumpCloud: repeated member adds are idempotent", () => {
    const body = fixture("jumpcloud/patch-group-add-member");
    const once = patch(group(), body, testGroupType);
    expect(once.members).toHaveLength(3);
    expect(patch(once, body, testGroupType)).toEqual(once);
  });
});

describe("properties", () => {
  it("random bodies into parsePatchRequest: legal ScimErrors only", () => {
    const operation = fc.record(
      {
        op: fc.oneof(fc.constantFrom("add", "remove", "replace").chain(anyCase), looseValue),
        path: looseValue,
        value: looseValue,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        schemas: fc.oneof(fc.constant([PATCH_OP]), looseValue),
        Operations: fc.oneof(fc.array(operation), looseValue),
      }),
    );
    fc.assert(
      fc.property(body, (b) => void expectOnlyScimErrors(() => parsePatchRequest(b))),
      { numRuns: 1_000 },
    );
  });

  for (const type of [userResourceType, testGroupType]) {
    it(`${type.name}: random operations give a valid, idempotent resource or a legal ScimError; inputs untouched`, () => {
      const base = resourceBody(type)
        .map((body) => expectOnlyScimErrors(() => validateResource(type, body).resource))
        .filter((r): r is JsonObject => r !== undefined);
      fc.assert(
        fc.property(
          base,
          fc.array(patchOperation(type), { minLength: 1, maxLength: 4 }),
          fc.boolean(),
          (resource, list, reject) => {
            const [resourceBefore, listBefore] = structuredClone([resource, list]);
            const options = { unknownAttributes: reject ? ("reject" as const) : ("ignore" as const) };
            const result = expectOnlyScimErrors(() => applyPatch(type, resource, list, options));
            expect(resource).toEqual(resourceBefore);
            expect(list).toEqual(listBefore);
            if (!result) return;
            const again = validateResource(type, result, { unknownAttributes: "reject" });
            expect(JSON.stringify(again.resource)).toBe(JSON.stringify(result));
            expect(again.password).toBeUndefined();
          },
        ),
        { numRuns: 1_500 },
      );
    });
  }
});
