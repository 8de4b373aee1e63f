// Elements of multi-valued attributes: which ones a PATCH filter or value selects, and the element a filter
// describes when Entra replaces a value that does not exist yet.
import type { Filter } from "../filter/ast";
import { matchesElement } from "../filter/evaluate";
import { fold } from "../fold";
import { isObject, type JsonObject } from "../resource/json";
import type { AttributeDef } from "../schemas/attribute";

/**
 * Indexes of the elements that `filter` selects (RFC 7644 §3.5.2 valuePath). Filters arrive canonical: Entra's
 * `primary eq "True"` became a boolean comparison in the normalisation layer (normalise/filter.ts).
 */
export function selectElements(filter: Filter, elements: readonly unknown[]): number[] {
  return elements.flatMap((element, index) =>
    isObject(element) && matchesElement(filter, element) ? [index] : [],
  );
}

/**
 * The element a filter of `eq` terms joined by `and` describes (`type eq "work"` → {type:"work"}), or undefined
 * when the filter does not pin one down (any other operator, or two different values for one sub-attribute).
 * Raw filter literals: the caller normalises the result like any other value.
 */
export function elementFromFilter(filter: Filter, attribute: AttributeDef): JsonObject | undefined {
  switch (filter.op) {
    case "eq": {
      const sub = filter.attr.subAttribute;
      if (!sub || filter.attr.attribute.name !== attribute.name || filter.value === null) return undefined;
      return { [sub.name]: filter.value };
    }
    case "and": {
      const out: JsonObject = {};
      for (const part of filter.filters) {
        const terms = elementFromFilter(part, attribute);
        if (!terms) return undefined;
        for (const [key, value] of Object.entries(terms)) {
          if (Object.hasOwn(out, key) && out[key] !== value) return undefined;
          out[key] = value;
        }
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Equality of two values of one (sub-)attribute: caseExact=false strings compare case-folded (RFC 7643 §2.1). */
function sameValue(def: AttributeDef | undefined, a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string" && def && !def.caseExact) return fold(a) === fold(b);
  return a === b;
}

/**
 * Whether `element` holds everything `item` states: each assigned sub-attribute of `item` is equal in `element`.
 * JumpCloud and Entra re-add `{value}` for members that exist with a display name, so a partial value identifies
 * the element. Both sides are normalised (canonical names).
 */
export function containsValue(attribute: AttributeDef, element: unknown, item: unknown): boolean {
  if (attribute.type !== "complex") return sameValue(attribute, element, item);
  if (!isObject(element) || !isObject(item)) return false;
  const entries = Object.entries(item);
  return (
    entries.length > 0 &&
    entries.every(([name, value]) =>
      sameValue(
        attribute.subAttributes?.find((s) => s.name === name),
        element[name],
        value,
      ),
    )
  );
}
