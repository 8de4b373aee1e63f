// Normalises one attribute value from untrusted JSON against its definition (RFC 7643 §2.3 types, §2.4
// multi-valued, §2.5 unassigned). IdP dialects ("True", lone values, bare ids) are rewritten before this, by
// src/scim/normalise; what reaches here must be canonical SCIM.
import { invalidSyntax, invalidValue } from "../errors";
import { normaliseDateTime } from "../filter/comparand";
import type { AttributeDef } from "../schemas/attribute";
import { findAttribute } from "../schemas/find-attribute";
import { isObject, isUnassigned, type JsonObject, jsonEqual, quoteName } from "./json";

export type UnknownAttributePolicy = "ignore" | "reject";

export interface NormalizeOptions {
  /** What to do with names outside the schema: ignore them (default) or answer 400 invalidSyntax. */
  unknownAttributes: UnknownAttributePolicy;
}

/**
 * The value of `def` in canonical form, or undefined when it is unassigned. `label` is the canonical name used
 * in error details. Never mutates `raw`: the result is built from fresh objects and arrays.
 */
export function normalizeAttribute(
  def: AttributeDef,
  raw: unknown,
  label: string,
  options: NormalizeOptions,
): unknown {
  if (isUnassigned(raw)) return undefined;
  if (!def.multiValued) {
    if (Array.isArray(raw)) throw invalidValue(`Attribute '${label}' is single-valued; an array was given`);
    return normalizeSingle(def, raw, label, options);
  }
  if (!Array.isArray(raw))
    throw invalidValue(`Attribute '${label}' is multi-valued; send an array of values`);
  const values = raw
    .map((item) => {
      if (Array.isArray(item)) throw invalidValue(`Attribute '${label}' holds a nested array`);
      return normalizeSingle(def, item, label, options);
    })
    .filter((v) => v !== undefined);
  if (values.length === 0) return undefined;
  // RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once.
  if (values.filter((v) => isObject(v) && v.primary === true).length > 1) {
    throw invalidValue(`Attribute '${label}' has more than one value with primary set to true`);
  }
  return values;
}

/** One value of `def` (for a multi-valued attribute, one element). */
export function normalizeSingle(
  def: AttributeDef,
  raw: unknown,
  label: string,
  options: NormalizeOptions,
): unknown {
  if (isUnassigned(raw)) return undefined;
  if (def.type !== "complex") return normalizeScalar(def, raw, label);
  if (isObject(raw)) return normalizeComplex(def, raw, label, options);
  throw invalidValue(`Attribute '${label}' must be a complex value (a JSON object)`);
}

function normalizeComplex(def: AttributeDef, raw: JsonObject, label: string, options: NormalizeOptions) {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    const sub = findAttribute(def.subAttributes, key);
    if (!sub) {
      if (options.unknownAttributes === "reject") {
        throw invalidSyntax(`Attribute ${quoteName(`${label}.${key}`)} is not defined in the schema`);
      }
      continue;
    }
    // RFC 7643 §2.2: values a client sends for readOnly attributes SHALL be ignored.
    if (sub.mutability === "readOnly") continue;
    const normalized = normalizeAttribute(sub, value, `${label}.${sub.name}`, options);
    if (normalized === undefined) continue;
    if (Object.hasOwn(out, sub.name) && !jsonEqual(out[sub.name], normalized)) {
      throw invalidSyntax(`Attribute '${label}.${sub.name}' is given more than once with different values`);
    }
    out[sub.name] = normalized;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function normalizeScalar(def: AttributeDef, raw: unknown, label: string): unknown {
  switch (def.type) {
    case "string":
    case "reference":
    case "binary":
      if (typeof raw === "string") return raw;
      throw invalidValue(`Attribute '${label}' must be a string`);
    case "boolean":
      if (typeof raw === "boolean") return raw;
      throw invalidValue(`Attribute '${label}' must be a boolean`);
    case "integer":
      if (typeof raw === "number" && Number.isSafeInteger(raw)) return raw;
      throw invalidValue(`Attribute '${label}' must be an integer`);
    case "decimal":
      if (typeof raw === "number" && Number.isFinite(raw)) return raw;
      throw invalidValue(`Attribute '${label}' must be a number`);
    case "dateTime": {
      // Stored in the one spelling that filters compare with (filter/comparand.ts), so `gt` works as text.
      const normalised = typeof raw === "string" ? normaliseDateTime(raw) : undefined;
      if (normalised !== undefined) return normalised;
      throw invalidValue(`Attribute '${label}' must be an xsd:dateTime such as 2008-01-23T04:56:22Z`);
    }
    case "complex":
      throw invalidValue(`Attribute '${label}' must be a complex value (a JSON object)`);
  }
}

/**
 * Canonical names of the sub-attributes that `raw` explicitly sets to an unassigned value, which a PATCH replace
 * of a complex attribute reads as "clear this one" while leaving unnamed sub-attributes alone (RFC 7644 §3.5.2.3).
 */
export function clearedSubAttributes(def: AttributeDef, raw: unknown): string[] {
  if (!isObject(raw)) return [];
  return Object.entries(raw).flatMap(([key, value]) => {
    const sub = findAttribute(def.subAttributes, key);
    return sub && sub.mutability !== "readOnly" && isUnassigned(value) ? [sub.name] : [];
  });
}
