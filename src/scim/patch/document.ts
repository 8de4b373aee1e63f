// Shared moves on the working copy of a resource during PATCH: where an attribute lives, storing or clearing it,
// the mutability guards of RFC 7644 §3.5.2, and the single-primary rule.
import { mutability } from "../errors";
import { isObject, isUnassigned, type JsonObject, jsonEqual } from "../resource/json";
import type { AttributeDef } from "../schemas/attribute";
import type { ResolvedAttribute } from "../schemas/resolve";
import type { PatchPath } from "./path";

export type AttributePath = Extract<PatchPath, { kind: "attribute" }>;

/**
 * The object that holds the attribute: the resource itself, or the object under the extension URN (RFC 7643
 * §3.3). Created on demand for writes; an extension left empty is dropped by the final validation.
 */
export function holderOf(
  doc: JsonObject,
  target: ResolvedAttribute,
  create: boolean,
): JsonObject | undefined {
  if (!target.extension) return doc;
  const existing = doc[target.schema.id];
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const holder: JsonObject = {};
  doc[target.schema.id] = holder;
  return holder;
}

/** Stores a value, or removes the attribute when the value is unassigned (RFC 7643 §2.5). */
export function store(holder: JsonObject, name: string, value: unknown) {
  if (isUnassigned(value)) delete holder[name];
  else holder[name] = value;
}

/** The elements of a multi-valued attribute as a fresh array (empty when unassigned). */
export const elementsOf = (value: unknown): unknown[] => (Array.isArray(value) ? [...value] : []);

/** A copy of a complex value (empty when unassigned). */
export const objectOf = (value: unknown): JsonObject => (isObject(value) ? { ...value } : {});

/** Whether a path may not be written at all: it names a readOnly attribute or sub-attribute (RFC 7643 §2.2). */
export const isReadOnly = (path: AttributePath): boolean =>
  path.target.attribute.mutability === "readOnly" || path.sub?.mutability === "readOnly";

export function assertWritable(path: AttributePath) {
  if (isReadOnly(path)) throw mutability(`Attribute '${path.label}' is readOnly and cannot be modified`);
}

/**
 * RFC 7644 §3.5.2: a client MUST NOT modify an immutable attribute, but MAY add a value if it had none. So an
 * assigned immutable value may only be "changed" to an equal one.
 */
export function guardImmutable(def: AttributeDef, before: unknown, after: unknown, label: string) {
  if (def.mutability !== "immutable" || isUnassigned(before) || jsonEqual(before, after)) return;
  throw mutability(`Attribute '${label}' is immutable: it can be set once but not changed`);
}

/** The immutable sub-attributes of one complex value or element that stays in place. */
export function guardImmutableSubs(def: AttributeDef, before: unknown, after: unknown, label: string) {
  if (!isObject(before) || !isObject(after)) return;
  for (const sub of def.subAttributes ?? []) {
    guardImmutable(sub, before[sub.name], after[sub.name], `${label}.${sub.name}`);
  }
}

/**
 * RFC 7644 §3.5.2: setting "primary" to true on some values SHALL set it to false on the others. `touched` are
 * the indexes the operation wrote; if more than one of them is primary, the final validation rejects it.
 */
export function settlePrimary(elements: unknown[], touched: ReadonlySet<number>): unknown[] {
  const claims = [...touched].some((i) => {
    const element = elements[i];
    return isObject(element) && element.primary === true;
  });
  if (!claims) return elements;
  return elements.map((element, i) =>
    !touched.has(i) && isObject(element) && element.primary === true
      ? { ...element, primary: false }
      : element,
  );
}
