// The dialect rules: each turns one IdP habit into canonical SCIM before the protocol code sees the request.
// Ids are stable: the system log records them, and docs/conformance.md lists them.

export const RULES = {
  "media-type.json":
    "A body sent as application/json, or without a Content-Type, is read as application/scim+json.",
  "query.trailing-separator": "A query string ending in `&` or `?` (OneLogin) loses the empty parameter.",
  "filter.unquoted-value":
    "A bare word compared in a filter (`externalId eq jyoung`) becomes a string; `True`, `NULL` become JSON literals.",
  "bool.string":
    'The strings "True"/"False" (any case) where a boolean is expected become true/false (Entra).',
  "urn.scim1":
    "SCIM 1.x schema URNs (urn:scim:schemas:core:1.0, …:extension:enterprise:1.0) become their SCIM 2.0 URNs (OneLogin).",
  "multi-valued.single-value":
    'A lone value where a multi-valued attribute is expected (`"emails":{…}`) becomes an array of one (OneLogin).',
  "complex.bare-value":
    "A bare id where a complex attribute with a `value` is expected (Entra's manager, a member id) becomes {value}.",
  "patch.schemas-missing": "A PATCH body without `schemas` gets the PatchOp schema URN.",
  "patch.op-case": 'PATCH op names in any case ("Replace", Entra) become lower case.',
  "patch.pathless-dotted-keys":
    "A path-less add/replace whose value keys are dotted, filtered or URN-qualified paths (Entra's aadOptscim062020) becomes one operation per such key, with the key as its path.",
  "patch.remove-by-value":
    'A remove of a multi-valued attribute that lists values (Entra: `"path":"members","value":[{"value":"…"}]`) becomes one remove per value, `members[value eq "…"]`, so that only those go.',
  "group.rename-with-id":
    "The group's own `id` inside a path-less replace (Okta's rename) is dropped: it names the target, it does not change it.",
} as const;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/**
 * What a rule needs to know: whether the directory's profile enables it, where to report that it fired, and
 * where to report a rule that would have changed the request but that the profile leaves out.
 */
export interface RuleContext {
  applies(rule: RuleId): boolean;
  fire(rule: RuleId): void;
  suppress(rule: RuleId): void;
}

/**
 * Runs `rule` when the profile enables it and `change` returns something; reports it as fired then. A rule the
 * profile leaves out still looks (changes are pure): if it would have changed something, it is reported as
 * suppressed, so the error that follows can name the IdP setting that accepts the request.
 */
export function when<T>(ctx: RuleContext, rule: RuleId, change: () => T | undefined): T | undefined {
  const changed = change();
  if (changed === undefined) return undefined;
  if (!ctx.applies(rule)) {
    ctx.suppress(rule);
    return undefined;
  }
  ctx.fire(rule);
  return changed;
}
