// Unicode case folding for caseExact=false attributes (RFC 7643 §2.1): SQLite's NOCASE and LIKE fold ASCII only,
// so the application folds once, on write and on every comparand, and SQL compares folded text exactly.
import type { AttributeDef } from "./schemas/attribute";
import { coreAttributes, type ResourceTypeDef } from "./schemas/resource-type";

export const fold = (text: string): string => text.normalize("NFC").toLowerCase();

/** Whether an attribute's strings are compared folded: caseExact=false text (dateTimes compare as written). */
export const foldsStrings = (attribute: AttributeDef): boolean =>
  !attribute.caseExact && attribute.type !== "dateTime";

function foldValue(attribute: AttributeDef, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => foldValue({ ...attribute, multiValued: false }, v));
  if (attribute.type === "complex" && value !== null && typeof value === "object") {
    return foldObject(attribute.subAttributes ?? [], value as Record<string, unknown>);
  }
  if (typeof value === "string" && foldsStrings(attribute)) return fold(value);
  return value;
}

function foldObject(
  attributes: readonly AttributeDef[],
  object: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const attribute = attributes.find((a) => a.name === key);
    out[key] = attribute ? foldValue(attribute, value) : value;
  }
  return out;
}

/**
 * The search document stored beside a resource: the same shape, with every caseExact=false string folded.
 * Expects canonical attribute names, as stored resources have.
 */
export function searchDocument(
  type: ResourceTypeDef,
  resource: Record<string, unknown>,
): Record<string, unknown> {
  const out = foldObject(coreAttributes(type), resource);
  for (const extension of type.extensions) {
    const value = resource[extension.id];
    if (value && typeof value === "object") {
      out[extension.id] = foldObject(extension.attributes, value as Record<string, unknown>);
    }
  }
  return out;
}
