// Profiles: which rules each directory setting enables, and the strict profile's interop-profile checks.
import { describe, expect, it } from "vitest";
import { IDPS } from "../../../../src/domain/idps";
import { createNormaliser } from "../../../../src/scim/normalise/normaliser";
import { PROFILES, profileOf } from "../../../../src/scim/normalise/profiles";
import { RULE_IDS } from "../../../../src/scim/normalise/rules";
import { userResourceType } from "../../../../src/scim/schemas/resource-type";
import { fixture } from "../../../fixtures/index";
import { scimError } from "../../../support/scim-error";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("profiles", () => {
  it("has one per IdP setting; generic enables every rule, strict none, and only strict is strict", () => {
    expect(Object.keys(PROFILES).sort()).toEqual([...IDPS].sort());
    expect([...PROFILES.generic.rules].sort()).toEqual([...RULE_IDS].sort());
    expect(PROFILES.strict.rules.size).toBe(0);
    expect(IDPS.filter((idp) => PROFILES[idp].strict)).toEqual(["strict"]);
  });

  it("gives each IdP the rules for its own payloads", () => {
    expect(PROFILES.entra.rules).toContain("patch.op-case");
    expect(PROFILES.entra.rules).toContain("patch.remove-by-value");
    expect(PROFILES.okta.rules).toContain("group.rename-with-id");
    expect(PROFILES.onelogin.rules).toContain("urn.scim1");
    expect(PROFILES.okta.rules).not.toContain("bool.string");
  });

  it("reads an unknown setting as generic", () => {
    expect(profileOf("somethingNew")).toBe(PROFILES.generic);
  });

  it("Entra's payloads normalise under the entra profile exactly as under generic", () => {
    for (const name of [
      "entra/patch-deactivate",
      "entra/patch-pathless-replace",
      "entra/patch-manager-add",
    ] as const) {
      const entra = createNormaliser("entra").patch(userResourceType, fixture(name), "u");
      expect(entra).toEqual(createNormaliser("generic").patch(userResourceType, fixture(name), "u"));
    }
  });
});

describe("strict (draft-zollner-scim-interop-profile)", () => {
  const strict = () => createNormaliser("strict");

  it("rejects a PATCH operation without a path with 400 invalidSyntax (§6.5.1.1)", () => {
    const error = scimError(() => strict().patch(userResourceType, fixture("okta/patch-deactivate"), "u"));
    expect([error.status, error.scimType]).toEqual([400, "invalidSyntax"]);
    expect(error.detail).toContain("Operations[0]");
    expect(error.detail).toContain("path");
  });

  it("rejects undefined attributes and schema URIs in PATCH, naming them (§5.3)", () => {
    const body = (operation: unknown) => ({ schemas: [PATCH_OP], Operations: [operation] });
    const unknownPath = scimError(() =>
      strict().patch(userResourceType, body({ op: "replace", path: "nickname2", value: "x" }), "u"),
    );
    expect([unknownPath.scimType, unknownPath.detail]).toEqual([
      "invalidSyntax",
      expect.stringContaining("nickname2"),
    ]);
    const unknownSub = scimError(() =>
      strict().patch(userResourceType, body({ op: "replace", path: "name", value: { nick: "x" } }), "u"),
    );
    expect(unknownSub.detail).toContain("name.nick");
    const schema = scimError(() =>
      strict().patch(userResourceType, { schemas: [PATCH_OP, "urn:x"], Operations: [] }, "u"),
    );
    expect(schema.detail).toContain("urn:x");
  });

  it("rejects undefined schema URIs in a resource body, and lets canonical bodies through untouched", () => {
    const error = scimError(() =>
      strict().resource(userResourceType, { schemas: [USER, "urn:x:Custom"], userName: "a" }),
    );
    expect([error.scimType, error.detail]).toEqual([
      "invalidSyntax",
      expect.stringContaining("urn:x:Custom"),
    ]);
    const n = strict();
    const canonical = { schemas: [USER], userName: "a", active: false };
    expect(n.resource(userResourceType, canonical)).toEqual(canonical);
    expect(n.unknownAttributes).toBe("reject");
    expect(n.fired).toEqual([]);
  });
});
