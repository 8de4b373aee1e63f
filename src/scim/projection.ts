// attributes / excludedAttributes (RFC 7644 §3.4.2.5, §3.9) applied to a rendered resource, honouring `returned`.
import type { AttributeDef, SchemaDef } from "./schemas/attribute";
import { findAttribute } from "./schemas/find-attribute";
import { resolveAttribute, splitSchemaUrn } from "./schemas/resolve";
import { coreAttributes, type ResourceTypeDef } from "./schemas/resource-type";

export interface AttributeSelection {
  /** Paths to return (plus the `always` ones); when given, the default set no longer applies. */
  attributes?: readonly string[] | undefined;
  /** Paths to remove from the default set; never removes an `always` attribute. */
  excludedAttributes?: readonly string[] | undefined;
}

export type Projector = (resource: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Paths named for one schema: whole schema (a bare URN), whole attributes, or attribute → sub-attributes. */
interface SchemaPaths {
  whole: boolean;
  attributes: Map<string, { whole: boolean; subs: Set<string> }>;
}
type PathSet = Map<string, SchemaPaths>;

const lower = (s: string) => s.toLowerCase();

/**
 * Resolves paths case-insensitively, dotted (`name.givenName`) or URN-qualified (`urn:…:User:manager`, or a bare
 * extension URN for the whole extension). Names that resolve to nothing are ignored: RFC 7644 defines no error
 * for them (§3.12's invalidPath is for PATCH), IdPs ask for attributes a server may not have, and a 400 would
 * stop provisioning where returning less does no harm.
 */
function pathSet(type: ResourceTypeDef, paths: readonly string[] | undefined): PathSet {
  const set: PathSet = new Map();
  const forSchema = (schema: SchemaDef) => {
    const key = lower(schema.id);
    const existing = set.get(key) ?? { whole: false, attributes: new Map() };
    set.set(key, existing);
    return existing;
  };
  for (const raw of paths ?? []) {
    const path = raw.trim();
    const split = splitSchemaUrn(type, path);
    if (split && split.rest === "") {
      forSchema(split.schema).whole = true;
      continue;
    }
    const resolved = resolveAttribute(type, path);
    if (!resolved) continue;
    const schema = forSchema(resolved.schema);
    const name = lower(resolved.attribute.name);
    const entry = schema.attributes.get(name) ?? { whole: false, subs: new Set<string>() };
    schema.attributes.set(name, entry);
    if (resolved.subAttribute) entry.subs.add(lower(resolved.subAttribute.name));
    else entry.whole = true;
  }
  return set;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A deep copy of JSON data, so that the result shares nothing mutable with the input. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

const isEmpty = (value: unknown) =>
  (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);

/** Which names to keep at one level: `only` undefined means the default set. */
interface LevelRule {
  only: ((name: string) => boolean) | undefined;
  named: (name: string) => boolean;
  excluded: (name: string) => boolean;
  /** Rule for the sub-attributes of the attribute with this (lower-cased) name. */
  sub: (name: string) => LevelRule;
}

const NOTHING = () => false;
const DEFAULTS: LevelRule = { only: undefined, named: NOTHING, excluded: NOTHING, sub: () => DEFAULTS };

/**
 * RFC 7643 §2.2 `returned`: never is never returned, even if asked for; always is returned even if not
 * asked for and even if excluded; request only when named in `attributes`; default unless `attributes`
 * leaves it out or `excludedAttributes` names it.
 */
function keeps(def: AttributeDef | undefined, name: string, rule: LevelRule): boolean {
  const returned = def?.returned ?? "default";
  if (returned === "never") return false;
  if (returned === "always") return true;
  if (rule.excluded(name)) return false;
  if (returned === "request") return rule.named(name);
  return rule.only ? rule.only(name) : true;
}

/** Projects one attribute of an object; undefined when the attribute is not returned. */
function projectEntry(defs: readonly AttributeDef[], key: string, value: unknown, rule: LevelRule): unknown {
  const name = lower(key);
  const def = findAttribute(defs, name);
  if (!keeps(def, name, rule)) return undefined;
  const projected = def?.subAttributes
    ? projectComplex(def.subAttributes, value, rule.sub(name))
    : copy(value);
  // A complex value that the selection emptied is left out rather than sent as {} or [].
  return isEmpty(projected) && !isEmpty(value) ? undefined : projected;
}

function projectObject(
  defs: readonly AttributeDef[],
  object: Readonly<Record<string, unknown>>,
  rule: LevelRule,
): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(object)) {
    const projected = projectEntry(defs, key, value, rule);
    if (projected !== undefined) entries.push([key, projected]);
  }
  // fromEntries defines own properties, so even a "__proto__" key stays data and cannot reach the prototype.
  return Object.fromEntries(entries);
}

/** Applies a sub-attribute rule to a complex value, or to each element of a multi-valued complex value. */
function projectComplex(defs: readonly AttributeDef[], value: unknown, rule: LevelRule): unknown {
  if (Array.isArray(value)) {
    return value
      .map((element) => (isObject(element) ? projectObject(defs, element, rule) : copy(element)))
      .filter((element, i) => !isEmpty(element) || isEmpty(value[i]));
  }
  return isObject(value) ? projectObject(defs, value, rule) : copy(value);
}

/** The rule for one schema's attributes (and their sub-attributes) from the two path sets. */
function schemaRule(
  included: SchemaPaths | undefined,
  excluded: SchemaPaths | undefined,
  selecting: boolean,
): LevelRule {
  const inc = (name: string) => included?.attributes.get(name);
  const exc = (name: string) => excluded?.attributes.get(name);
  return {
    only: selecting ? (name) => included?.whole === true || inc(name) !== undefined : undefined,
    named: (name) => inc(name) !== undefined,
    excluded: (name) => excluded?.whole === true || exc(name)?.whole === true,
    sub: (name) => {
      const asked = inc(name);
      // Naming only sub-attributes (`name.givenName`) narrows the attribute to them; naming it whole does not.
      const narrowed = selecting && asked !== undefined && !asked.whole && included?.whole !== true;
      return {
        only: narrowed ? (sub) => asked.subs.has(sub) : undefined,
        named: (sub) => asked?.subs.has(sub) === true,
        excluded: (sub) => exc(name)?.subs.has(sub) === true,
        sub: () => DEFAULTS,
      };
    },
  };
}

/**
 * Compiles a selection once for a resource type; the returned function projects any number of resources
 * (a whole list page) without resolving paths again. It never mutates its input. With both parameters,
 * `attributes` selects and `excludedAttributes` then removes from that selection (the RFC does not forbid
 * sending both). `meta` is `default` (RFC 7643 §3.1), so `attributes=userName` leaves it out, as in the
 * RFC 7644 §3.9 example; `schemas` is not an attribute and always stays, minus the URN of any extension
 * that the selection removed entirely.
 */
export function projector(type: ResourceTypeDef, selection: AttributeSelection): Projector {
  const included = pathSet(type, selection.attributes);
  const excluded = pathSet(type, selection.excludedAttributes);
  const selecting = selection.attributes !== undefined && selection.attributes.length > 0;
  const ruleFor = (schema: SchemaDef) =>
    schemaRule(included.get(lower(schema.id)), excluded.get(lower(schema.id)), selecting);
  const coreRule = ruleFor(type.schema);
  const core = coreAttributes(type);
  const extensions = new Map(
    type.extensions.map((e) => [lower(e.id), { defs: e.attributes, rule: ruleFor(e) }]),
  );

  return (resource) => {
    const entries: [string, unknown][] = [];
    const dropped = new Set<string>();
    for (const [key, value] of Object.entries(resource)) {
      if (key === "schemas") continue;
      const extension = extensions.get(lower(key));
      // An extension is one more level of attributes under its URN; it is sent only if something in it is.
      const projected = extension
        ? projectObject(extension.defs, isObject(value) ? value : {}, extension.rule)
        : projectEntry(core, key, value, coreRule);
      if (extension && isEmpty(projected)) dropped.add(lower(key));
      else if (projected !== undefined) entries.push([key, projected]);
    }
    const out = Object.fromEntries(entries);
    if (!Array.isArray(resource.schemas)) return out;
    const schemas = (resource.schemas as unknown[]).filter(
      (s) => typeof s !== "string" || !dropped.has(lower(s)),
    );
    return { schemas: copy(schemas), ...out };
  };
}

/** One-off form of `projector` for a single resource. */
export const projectResource = (
  type: ResourceTypeDef,
  resource: Readonly<Record<string, unknown>>,
  selection: AttributeSelection,
): Record<string, unknown> => projector(type, selection)(resource);
