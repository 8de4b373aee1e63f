// Each normalisation rule on the IdP payload it exists for: what it turns into canonical SCIM, that it reports
// itself, and that a profile without it leaves the request exactly as sent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createNormaliser } from "../../../../src/scim/normalise/normaliser";
import type { RuleId } from "../../../../src/scim/normalise/rules";
import { ENTERPRISE_USER_SCHEMA } from "../../../../src/scim/schemas/enterprise-user";
import { groupResourceType, userResourceType } from "../../../../src/scim/schemas/resource-type";
import { fixture } from "../../../fixtures/index";
import { scimError } from "../../../support/scim-error";

const ENT = ENTERPRISE_USER_SCHEMA;
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const GROUP_ID = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b";

/** Runs `run` with a generic normaliser and with a strict one: the rule fires in the first, not in the second. */
function both<T>(run: (n: ReturnType<typeof createNormaliser>) => T) {
  const generic = createNormaliser("generic");
  const strict = createNormaliser("google"); // an IdP profile without these dialect rules, but not strict
  return { generic: run(generic), fired: generic.fired, untouched: run(strict), strictFired: strict.fired };
}

describe("patch rules", () => {
  it("patch.op-case and bool.string: Entra's Replace of active with 'False'", () => {
    const r = both((n) => n.patch(userResourceType, fixture("entra/patch-deactivate"), "u"));
    expect(r.generic).toMatchObject({ Operations: [{ op: "replace", path: "active", value: false }] });
    expect(r.fired).toEqual<RuleId[]>(["patch.op-case", "bool.string"]);
    expect(r.untouched).toMatchObject({ Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(r.strictFired).toEqual([]);
  });

  it("patch.pathless-dotted-keys: aadOptscim062020's path-less replace becomes one operation per path", () => {
    const r = both((n) => n.patch(userResourceType, fixture("entra/patch-pathless-replace"), "u"));
    const operations = (r.generic as { Operations: { path?: string }[] }).Operations;
    expect(operations.map((o) => o.path)).toEqual(
      expect.arrayContaining([undefined, "name.givenName", "name.familyName", `${ENT}:employeeNumber`]),
    );
    expect(r.fired).toContain("patch.pathless-dotted-keys");
  });

  it("patch.remove-by-value: Entra's member removal becomes members[value eq …]", () => {
    const r = both((n) => n.patch(groupResourceType, fixture("entra/patch-group-remove-member"), GROUP_ID));
    expect(r.generic).toEqual(ops({ op: "remove", path: 'members[value eq "f648f8d5ea4e4cd38e9c"]' }));
    expect(r.fired).toEqual<RuleId[]>(["patch.op-case", "patch.remove-by-value"]);
  });

  it("group.rename-with-id: Okta's rename loses the group's own id, never another id", () => {
    const r = both((n) => n.patch(groupResourceType, fixture("okta/patch-group-rename"), GROUP_ID));
    expect(r.generic).toEqual(ops({ op: "replace", value: { displayName: "Test SCIMv2 Renamed" } }));
    expect(r.fired).toEqual<RuleId[]>(["group.rename-with-id"]);
    const other = createNormaliser("okta");
    expect(other.patch(groupResourceType, fixture("okta/patch-group-rename"), "another")).toEqual(
      fixture("okta/patch-group-rename"),
    );
    expect(other.fired).toEqual([]);
  });

  it("complex.bare-value: Entra's manager id becomes a replace of the whole manager", () => {
    const r = both((n) => n.patch(userResourceType, fixture("entra/patch-manager-add"), "u"));
    expect(r.generic).toEqual(
      ops({
        op: "replace",
        path: `${ENT}:manager`,
        value: { $ref: null, value: "26118915-6090-4610-87e4-49d8ca9f808d" },
      }),
    );
    expect(r.fired).toEqual<RuleId[]>(["patch.op-case", "complex.bare-value"]);
  });

  it("patch.schemas-missing, and bool.string inside a path's filter", () => {
    const n = createNormaliser("generic");
    const body = { Operations: [{ op: "replace", path: 'roles[primary eq "True"].value', value: "Admin" }] };
    expect(n.patch(userResourceType, body, "u")).toEqual(
      ops({ op: "replace", path: "roles[primary eq true].value", value: "Admin" }),
    );
    expect(n.fired).toEqual<RuleId[]>(["patch.schemas-missing", "bool.string"]);
  });
});

describe("resource rules", () => {
  it("urn.scim1, multi-valued.single-value: OneLogin's template", () => {
    const r = both((n) => n.resource(userResourceType, fixture("onelogin/create-user")));
    expect(r.generic).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
      emails: [{ value: "jane.doe@example.com", type: "work", primary: true }],
      [ENT]: { department: "R&D" },
    });
    expect(r.fired).toEqual<RuleId[]>(["urn.scim1", "multi-valued.single-value"]);
    expect(r.untouched).toEqual(fixture("onelogin/create-user"));
  });

  it("refuses one attribute sent under two spellings with different values", () => {
    const body = { "urn:scim:schemas:core:1.0:userName": "a", "urn:scim:schemas:core:2.0:userName": "b" };
    const n = createNormaliser("generic");
    expect(scimError(() => n.resource(userResourceType, body)).scimType).toBe("invalidSyntax");
  });

  it("never changes a canonical body, and never mutates its input", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (body) => {
        const before = structuredClone(body);
        const n = createNormaliser("generic");
        try {
          n.resource(userResourceType, body);
        } catch {
          // a ScimError for a duplicate spelling is fine; the input must still be untouched
        }
        expect(body).toEqual(before);
      }),
    );
    const canonical = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "a",
      active: true,
    };
    const n = createNormaliser("generic");
    expect(n.resource(userResourceType, canonical)).toEqual(canonical);
    expect(n.fired).toEqual([]);
  });
});

describe("query rules", () => {
  it("filter.unquoted-value and query.trailing-separator: OneLogin's `&`, Entra's bare words", () => {
    const n = createNormaliser("generic");
    const params = n.query(userResourceType, "https://x/scim/v2/Users?filter=externalId+eq+jyoung&");
    expect(params.get("filter")).toBe('externalId eq "jyoung"');
    expect(n.fired).toEqual<RuleId[]>(["query.trailing-separator", "filter.unquoted-value"]);
    const none = createNormaliser("okta");
    expect(none.query(userResourceType, "https://x/scim/v2/Users?filter=active+eq+True").get("filter")).toBe(
      "active eq True",
    );
    expect(none.fired).toEqual([]);
  });

  it("filter rules leave quoted strings of string attributes and canonical filters alone", () => {
    const n = createNormaliser("generic");
    const text = 'userName eq "True" and emails[type eq "work" and primary eq true]';
    expect(n.search(userResourceType, { filter: text })).toEqual({ filter: text });
    expect(n.fired).toEqual([]);
  });
});

describe("media types", () => {
  it("media-type.json: application/json and a missing header are accepted where the profile tolerates them", () => {
    const n = createNormaliser("okta");
    n.mediaType("application/scim+json");
    expect(n.fired).toEqual([]);
    n.mediaType("application/json");
    n.mediaType(undefined);
    expect(n.fired).toEqual<RuleId[]>(["media-type.json"]);
    expect(scimError(() => n.mediaType("text/plain")).status).toBe(415);
    expect(scimError(() => createNormaliser("strict").mediaType("application/json")).status).toBe(415);
  });
});
