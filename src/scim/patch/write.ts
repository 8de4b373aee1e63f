// The add and replace operations on one resolved path (RFC 7644 §3.5.2.1, §3.5.2.3). They differ only where
// the RFC makes them differ: add appends to multi-valued attributes and never clears, replace overwrites.
import { noTarget } from "../errors";
import { isObject, isUnassigned, type JsonObject } from "../resource/json";
import {
  clearedSubAttributes,
  type NormalizeOptions,
  normalizeAttribute,
  normalizeSingle,
} from "../resource/value";
import type { AttributeDef } from "../schemas/attribute";
import {
  type AttributePath,
  elementsOf,
  guardImmutable,
  guardImmutableSubs,
  objectOf,
  settlePrimary,
  store,
} from "./document";
import { containsValue, elementFromFilter, selectElements } from "./element";

export type WriteKind = "add" | "replace";

export function write(
  kind: WriteKind,
  holder: JsonObject,
  path: AttributePath,
  raw: unknown,
  options: NormalizeOptions,
) {
  const attribute = path.target.attribute;
  if (path.filter) return writeSelected(kind, holder, path, raw, options);
  if (path.sub) return writeSub(kind, holder, attribute, path.sub, raw, path.label, options);
  if (attribute.multiValued) return writeValues(kind, holder, attribute, raw, path.label, options);
  const before = holder[attribute.name];
  let after = normalizeAttribute(attribute, raw, path.label, options);
  if (after === undefined && kind === "add") return; // adding nothing changes nothing
  // A complex value given as an object is merged: sub-attributes it does not name are left unchanged
  // (RFC 7644 §3.5.2.1, §3.5.2.3), and those it names as null are cleared. A bare scalar (Entra's manager id)
  // states the whole value instead.
  if (attribute.type === "complex" && isObject(raw) && !isUnassigned(raw)) {
    const merged = { ...objectOf(before), ...objectOf(after) };
    if (kind === "replace") for (const name of clearedSubAttributes(attribute, raw)) delete merged[name];
    guardImmutableSubs(attribute, before, merged, path.label);
    after = merged;
  }
  guardImmutable(attribute, before, after, path.label);
  store(holder, attribute.name, after);
}

/** `emails` with a value: add appends what is not there yet, replace sets the whole list. */
function writeValues(
  kind: WriteKind,
  holder: JsonObject,
  attribute: AttributeDef,
  raw: unknown,
  label: string,
  options: NormalizeOptions,
) {
  const before = elementsOf(holder[attribute.name]);
  const values = (normalizeAttribute(attribute, raw, label, options) as unknown[] | undefined) ?? [];
  let after = values;
  if (kind === "add") {
    // "If the target location already contains the value specified, no changes SHOULD be made" (§3.5.2.1);
    // repeated adds (JumpCloud, Entra's parallel member PATCHes) must be idempotent.
    const fresh: unknown[] = [];
    for (const value of values) {
      if (![...before, ...fresh].some((element) => containsValue(attribute, element, value)))
        fresh.push(value);
    }
    if (fresh.length === 0) return;
    after = [...before, ...fresh];
    after = settlePrimary(after, new Set(fresh.map((_, i) => before.length + i)));
  }
  guardImmutable(attribute, holder[attribute.name], after, label);
  store(holder, attribute.name, after);
}

/** `name.givenName`, or `emails.type` (every element of a multi-valued attribute; one is created if none). */
function writeSub(
  kind: WriteKind,
  holder: JsonObject,
  attribute: AttributeDef,
  sub: AttributeDef,
  raw: unknown,
  label: string,
  options: NormalizeOptions,
) {
  const value = normalizeAttribute(sub, raw, label, options);
  if (value === undefined && kind === "add") return;
  const set = (element: unknown) => {
    const after = objectOf(element);
    if (value === undefined) delete after[sub.name];
    else after[sub.name] = value;
    guardImmutable(sub, objectOf(element)[sub.name], after[sub.name], label);
    return after;
  };
  const before = holder[attribute.name];
  if (!attribute.multiValued) {
    const after = set(before);
    guardImmutable(attribute, before, after, label);
    return store(holder, attribute.name, after);
  }
  const elements = elementsOf(before);
  if (elements.length === 0) return store(holder, attribute.name, value === undefined ? [] : [set({})]);
  store(holder, attribute.name, elements.map(set));
}

/**
 * `emails[type eq "work"]` or `emails[type eq "work"].value`: the selected elements are merged into (add) or
 * replaced (replace). When none matches, RFC 7644 §3.5.2.3 asks for noTarget, but Entra relies on the element
 * being created (`phoneNumbers[type eq "work"].value`), so a filter that describes one element creates it.
 */
function writeSelected(
  kind: WriteKind,
  holder: JsonObject,
  path: AttributePath,
  raw: unknown,
  options: NormalizeOptions,
) {
  const { filter, sub } = path;
  const attribute = path.target.attribute;
  if (!filter) return;
  const single: AttributeDef = { ...attribute, multiValued: false };
  const elements: unknown[] = elementsOf(holder[attribute.name]);
  const matched = selectElements(filter, elements);
  const touched = new Set<number>();

  if (matched.length === 0) {
    if (isUnassigned(raw)) return; // nothing to clear, and nothing to create
    const terms = elementFromFilter(filter, attribute);
    if (!terms)
      throw noTarget(`No value of '${path.label}' matches the filter, and the filter does not describe one`);
    const base = objectOf(normalizeSingle(single, terms, path.label, options));
    const given = sub
      ? { [sub.name]: normalizeAttribute(sub, raw, path.label, options) }
      : objectOf(normalizeSingle(single, raw, path.label, options));
    elements.push({ ...base, ...given });
    touched.add(elements.length - 1);
  }
  for (const index of matched) {
    const before = elements[index];
    let after: unknown;
    if (sub) {
      const value = normalizeAttribute(sub, raw, path.label, options);
      if (value === undefined && kind === "add") continue;
      const element = objectOf(before);
      if (value === undefined) delete element[sub.name];
      else element[sub.name] = value;
      after = element;
    } else {
      const value = normalizeSingle(single, raw, path.label, options);
      after = kind === "add" ? { ...objectOf(before), ...objectOf(value) } : value;
    }
    guardImmutableSubs(attribute, before, after, path.label);
    elements[index] = after;
    touched.add(index);
  }
  // Elements whose every sub-attribute was cleared are gone (RFC 7643 §2.5); the final validation drops them.
  store(holder, attribute.name, settlePrimary(elements, touched));
}
