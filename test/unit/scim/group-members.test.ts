// Groups in the pure layer: membership deltas, the split of a group PATCH (RFC 7644 §3.5.2) into member changes
// and resource operations, Group bodies, and the open JSON text that members are streamed into.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MemberDelta, MemberDeltaBuilder } from "../../../src/scim/members/delta";
import { groupTextPlan } from "../../../src/scim/members/document";
import { readGroupBody } from "../../../src/scim/members/ids";
import { applyResourceOperations, planGroupPatch } from "../../../src/scim/members/patch";
import { selectedSubAttributes } from "../../../src/scim/members/render";
import { createNormaliser } from "../../../src/scim/normalise/normaliser";
import type { PatchOperation } from "../../../src/scim/patch/operation";
import { parsePatchRequest } from "../../../src/scim/patch/request";
import { renderResource } from "../../../src/scim/render";
import { groupResourceType, userResourceType } from "../../../src/scim/schemas/resource-type";
import { fixture } from "../../fixtures/index";
import { expectOnlyScimErrors, patchOperation } from "../../support/resource-arbitraries";
import { scimError } from "../../support/scim-error";

const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const plan = (...operations: PatchOperation[]) => planGroupPatch(operations);
/** A PATCH body as a `generic` directory's request reaches the planner: IdP dialects normalised first. */
const planBody = (body: unknown, id = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b") =>
  planGroupPatch(parsePatchRequest(createNormaliser("generic").patch(groupResourceType, body, id)));
const deltaOf = (...operations: PatchOperation[]) => plan(...operations).members;

describe("MemberDeltaBuilder", () => {
  type Step = { op: "add" | "remove" | "replace"; ids: string[] };
  const step = fc.record({
    op: fc.constantFrom<Step["op"]>("add", "remove", "replace"),
    ids: fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 3 }),
  });

  /** What a membership becomes when the delta is applied to it, as storage does. */
  const applyDelta = (before: ReadonlySet<string>, delta: MemberDelta) => {
    if (delta.replace) return new Set(delta.replace);
    const after = new Set([...before].filter((id) => !delta.remove.includes(id)));
    for (const id of delta.add) after.add(id);
    return after;
  };

  it("equals applying the steps one after another, from any starting membership", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("a", "b", "c", "d")),
        fc.array(step, { maxLength: 6 }),
        (start, steps) => {
          const serial = new Set(start);
          const builder = new MemberDeltaBuilder();
          for (const { op, ids } of steps) {
            if (op === "replace") {
              serial.clear();
              builder.replace(ids);
            }
            for (const id of ids) {
              if (op === "remove") serial.delete(id);
              else serial.add(id);
            }
            if (op === "add") builder.add(ids);
            if (op === "remove") builder.remove(ids);
          }
          const delta = builder.build();
          expect([...applyDelta(new Set(start), delta)].sort()).toEqual([...serial].sort());
          expect(delta.add.filter((id) => delta.remove.includes(id))).toEqual([]);
        },
      ),
    );
  });
});

describe("planGroupPatch", () => {
  it("turns every IdP member form into a delta and leaves the group's own attributes to the engine", () => {
    const forms: [unknown, MemberDelta][] = [
      [fixture("entra/patch-group-add-member"), { add: ["f648f8d5ea4e4cd38e9c"], remove: [] }],
      [fixture("entra/patch-group-remove-member"), { add: [], remove: ["f648f8d5ea4e4cd38e9c"] }],
      [fixture("entra/patch-group-remove-member-filter"), { add: [], remove: ["f648f8d5ea4e4cd38e9c"] }],
      [fixture("jumpcloud/patch-group-add-member"), { add: ["5f1b2c3d4e5f6a7b8c9d0e1f"], remove: [] }],
      [
        fixture("okta/patch-group-members"),
        { add: ["23a35c27-23d3-4c03-b4c5-6443c09e7173"], remove: ["89bb1940-b905-4575-9e7f-6f887cfb368e"] },
      ],
      [
        fixture("okta/patch-group-replace-members"),
        {
          replace: ["23a35c27-23d3-4c03-b4c5-6443c09e7173", "89bb1940-b905-4575-9e7f-6f887cfb368e"],
          add: [],
          remove: [],
        },
      ],
    ];
    for (const [body, delta] of forms) {
      const result = planBody(body);
      expect(result.members).toEqual(delta);
      expect(result.resourceOperations).toEqual([]);
    }
  });

  it("keeps Okta's rename for the engine, without the group's own id", () => {
    const result = planBody(fixture("okta/patch-group-rename"));
    expect(result.members).toEqual({ add: [], remove: [] });
    expect(result.resourceOperations).toHaveLength(1);
    const renamed = applyResourceOperations({ displayName: "Old" }, result.resourceOperations);
    expect(renamed).toEqual({ displayName: "Test SCIMv2 Renamed" });
  });

  it("splits a path-less value holding members and other attributes", () => {
    const result = planBody(fixture("okta/patch-group-pathless-members"));
    expect(result.members).toEqual({
      replace: ["23a35c27-23d3-4c03-b4c5-6443c09e7173"],
      add: [],
      remove: [],
    });
    expect(result.resourceOperations).toEqual([
      {
        index: 0,
        operation: {
          op: "replace",
          value: { displayName: "Test SCIMv2" },
        },
      },
    ]);
    expect(plan({ op: "add", value: { MEMBERS: [{ value: "x" }] } })).toEqual({
      resourceOperations: [],
      members: { add: ["x"], remove: [] },
    });
  });

  it("reads remove without a value as 'every member', and refuses a remove that carries one", () => {
    expect(deltaOf({ op: "remove", path: "members" })).toEqual({ replace: [], add: [], remove: [] });
    // Read as "every member", a value list would wipe the group; Entra's form is rewritten by normalisation.
    expect(scimError(() => deltaOf({ op: "remove", path: "members", value: [] })).scimType).toBe(
      "invalidSyntax",
    );
    expect(deltaOf({ op: "replace", path: "members", value: [] })).toEqual({
      replace: [],
      add: [],
      remove: [],
    });
  });

  it("accepts a lone member object, a bare id (normalised), URN-qualified and or-joined filters", () => {
    const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
    expect(planBody(body({ op: "add", path: "members", value: { value: "a" } })).members).toEqual({
      add: ["a"],
      remove: [],
    });
    expect(planBody(body({ op: "add", path: `${GROUP}:members`, value: "b" })).members).toEqual({
      add: ["b"],
      remove: [],
    });
    expect(deltaOf({ op: "remove", path: 'members[value eq "a" or value eq "b"]' })).toEqual({
      add: [],
      remove: ["a", "b"],
    });
  });

  it("refuses what would need every member read or would edit a member, naming the operation", () => {
    const byDisplay = scimError(() =>
      plan(
        { op: "add", path: "displayName", value: "x" },
        { op: "remove", path: 'members[display eq "Ada"]' },
      ),
    );
    expect(byDisplay.scimType).toBe("invalidFilter");
    expect(byDisplay.detail).toMatch(/^Operations\[1\]: /);
    expect(
      scimError(() => plan({ op: "replace", path: 'members[value eq "a"].value', value: "b" })).scimType,
    ).toBe("mutability");
    expect(
      scimError(() => plan({ op: "replace", path: 'members[value eq "a"]', value: { value: "b" } })).scimType,
    ).toBe("mutability");
    expect(scimError(() => plan({ op: "add", path: "members", value: [{ display: "x" }] })).scimType).toBe(
      "invalidValue",
    );
    expect(
      scimError(() => plan({ op: "add", path: "members", value: [{ value: "g", type: "Group" }] })).scimType,
    ).toBe("invalidValue");
  });

  it("places engine errors at the operation's index in the whole request", () => {
    const result = plan(
      { op: "add", path: "members", value: [{ value: "a" }] },
      { op: "remove", path: "displayName" },
    );
    const error = scimError(() => applyResourceOperations({ displayName: "G" }, result.resourceOperations));
    expect(error.scimType).toBe("mutability");
    expect(error.detail).toMatch(/^Operations\[1\]: /);
  });

  it("throws only SCIM errors, whatever the operations", () => {
    fc.assert(
      fc.property(
        fc.array(patchOperation(groupResourceType), { minLength: 1, maxLength: 4 }),
        (operations) => {
          expectOnlyScimErrors(() => {
            const result = planGroupPatch(operations);
            applyResourceOperations({ displayName: "G" }, result.resourceOperations);
          });
        },
      ),
    );
  });
});

describe("readGroupBody", () => {
  it("tells a body without members (keep them) from one with an empty list (clear them)", () => {
    expect(readGroupBody({ displayName: "G" })).toEqual({
      resource: { displayName: "G" },
      members: undefined,
    });
    expect(readGroupBody({ displayName: "G", members: [] }).members).toEqual([]);
    expect(readGroupBody({ displayName: "G", members: null }).members).toEqual([]);
    expect(readGroupBody({ displayName: "G", "members.value": "x" }).members).toBeUndefined();
  });

  it("takes the ids once each, in order, ignoring $ref null, display and Entra's extra schema", () => {
    const body = {
      schemas: [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      displayName: "G",
      Members: [{ $ref: null, value: "b" }, { value: "a", display: "Ada" }, { value: "b" }],
    };
    expect(readGroupBody(body)).toEqual({ resource: { displayName: "G" }, members: ["b", "a"] });
  });

  it("refuses members it cannot identify", () => {
    expect(scimError(() => readGroupBody({ displayName: "G", members: [{ display: "x" }] })).scimType).toBe(
      "invalidValue",
    );
    expect(scimError(() => readGroupBody({ displayName: "G", members: [{ value: "" }] })).scimType).toBe(
      "invalidValue",
    );
    expect(scimError(() => readGroupBody({ members: [] })).detail).toContain("displayName");
  });
});

describe("groupTextPlan", () => {
  const rendered = renderResource(
    groupResourceType,
    {
      id: "g1",
      resource: { externalId: "x", displayName: 'Sales \u0000 "quoted"' },
      version: 3,
      createdAt: "2024-01-01T00:00:00.000Z",
      updatedAt: "2024-01-02T00:00:00.000Z",
    },
    "https://acme.example/scim/v2",
  );

  it("leaves the members open where the attribute belongs, so that elements complete valid JSON", () => {
    const text = groupTextPlan({}).text(rendered, true);
    if (text.kind !== "open") throw new Error("expected an open text");
    expect(text.keys).toEqual(["value", "$ref", "display", "type"]);
    const parsed = JSON.parse(`${text.head}{"value":"u1"},{"value":"u2"}${text.tail}`);
    expect(parsed).toEqual({ ...rendered, members: [{ value: "u1" }, { value: "u2" }] });
    expect(Object.keys(parsed)).toEqual(["schemas", "id", "externalId", "displayName", "members", "meta"]);
  });

  it("is whole, without members, when they are excluded, not selected or there are none", () => {
    expect(groupTextPlan({ excludedAttributes: ["members"] }).memberKeys).toBeUndefined();
    expect(groupTextPlan({ attributes: ["displayName"] }).memberKeys).toBeUndefined();
    expect(groupTextPlan({ attributes: ["members.value"] }).memberKeys).toEqual(["value"]);
    expect(groupTextPlan({ excludedAttributes: ["members.display"] }).memberKeys).toEqual([
      "value",
      "$ref",
      "type",
    ]);
    const none = groupTextPlan({}).text(rendered, false);
    expect(none).toEqual({ kind: "whole", text: JSON.stringify(rendered) });
  });

  it("decides the user's groups the same way", () => {
    expect(selectedSubAttributes(userResourceType, "groups", {})).toEqual([
      "value",
      "$ref",
      "display",
      "type",
    ]);
    expect(selectedSubAttributes(userResourceType, "groups", { attributes: ["userName"] })).toBeUndefined();
    expect(
      selectedSubAttributes(userResourceType, "groups", { excludedAttributes: ["groups"] }),
    ).toBeUndefined();
  });
});
