// Which dialect rules each directory setting enables: the habits of its IdP (docs/idp-behaviour.md), all of them
// for `generic`, none for `strict`, which enforces the IETF interop profile (draft-zollner-scim-interop-profile).
import type { Idp } from "../../domain/idps";
import { RULE_IDS, type RuleId } from "./rules";

export interface Profile {
  name: Idp;
  rules: ReadonlySet<RuleId>;
  /**
   * The interop profile's service-provider rules: every PATCH operation has a path (§6.5.1.1), and attributes or
   * schema URIs the schemas do not define are 400 invalidSyntax (§5.3).
   */
  strict: boolean;
}

/** Every IdP profile keeps these: IdPs in general send application/json (idp-behaviour.md, "Across IdPs"). */
const COMMON: readonly RuleId[] = ["media-type.json"];

const IDP_RULES: Record<Exclude<Idp, "generic" | "strict">, readonly RuleId[]> = {
  okta: ["group.rename-with-id"],
  entra: [
    "patch.op-case",
    "bool.string",
    "patch.pathless-dotted-keys",
    "patch.remove-by-value",
    "complex.bare-value",
    "filter.unquoted-value",
  ],
  onelogin: ["urn.scim1", "multi-valued.single-value", "query.trailing-separator"],
  // JumpCloud removes members with a value array and no filter, as Entra does.
  jumpcloud: ["patch.remove-by-value"],
  // Google sends canonical SCIM (a path-less replace of plain attributes is RFC 7644 §3.5.2.3).
  google: [],
};

const profile = (name: Idp, rules: readonly RuleId[], strict = false): Profile => ({
  name,
  rules: new Set(rules),
  strict,
});

export const PROFILES: Readonly<Record<Idp, Profile>> = {
  okta: profile("okta", [...COMMON, ...IDP_RULES.okta]),
  entra: profile("entra", [...COMMON, ...IDP_RULES.entra]),
  onelogin: profile("onelogin", [...COMMON, ...IDP_RULES.onelogin]),
  jumpcloud: profile("jumpcloud", [...COMMON, ...IDP_RULES.jumpcloud]),
  google: profile("google", [...COMMON, ...IDP_RULES.google]),
  generic: profile("generic", RULE_IDS),
  strict: profile("strict", [], true),
};

/** The IdP settings whose profiles enable every one of `rules`: what an admin could switch a directory to. */
export const settingsAccepting = (rules: readonly RuleId[]): Idp[] =>
  Object.values(PROFILES)
    .filter((p) => rules.every((rule) => p.rules.has(rule)))
    .map((p) => p.name);

/** The profile for a directory's IdP setting; a value this version does not know reads as `generic`. */
export const profileOf = (idp: string): Profile => PROFILES[idp as Idp] ?? PROFILES.generic;
