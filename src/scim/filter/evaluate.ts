// Evaluates a resolved filter in memory, with the same semantics as the SQL of src/db/filter-sql.ts.
import { fold, foldsStrings } from "../fold";
import type { AttributeDef } from "../schemas/attribute";
import { leaf, type ResolvedAttribute } from "../schemas/resolve";
import type { CompareOp, CompValue, Filter } from "./ast";

/*
 * Semantics, shared with the SQL compiler (and checked against it by test/integration/filter-sql.test.ts):
 * - A multi-valued attribute matches if any element matches (RFC 7644 §3.4.2.2).
 * - Absent, null and "" are "not present" (RFC 7643 §2.5); `pr` needs a value that is none of these, for a complex
 *   attribute some sub-attribute that is, and for a multi-valued one at least one such element.
 * - Absent is not equal: `a ne v` is exactly `not (a eq v)`, so it matches resources without `a`, and on a
 *   multi-valued attribute it means "no element equals v". `a eq null` is `not (a pr)`; `a ne null` is `a pr`.
 * - Other comparisons with an absent attribute are false; `not` turns that into true. Comparisons see the stored
 *   value, so `title eq ""` matches a stored "" although `title pr` does not.
 * - Booleans and numbers match only values of their JSON type; stored documents are assumed schema-valid.
 * - Strings of caseExact=false attributes compare folded (fold.ts); ordering is by Unicode code point, which is
 *   what SQLite's BINARY collation gives over UTF-8.
 */

/** Reads the values a leaf of the filter refers to. */
type Reader = (attr: ResolvedAttribute) => unknown[];

/**
 * Whether a resource matches. `resource` has canonical attribute names and the stored shape, plus whatever the
 * filter may name that is kept outside the document (id, meta.created, meta.lastModified, meta.resourceType).
 */
export function matchesFilter(filter: Filter, resource: Record<string, unknown>): boolean {
  return test(filter, (attr) => resourceValues(resource, attr), resource);
}

/**
 * Whether one element of a multi-valued attribute matches a filter from parseValueFilter() (PATCH paths such
 * as `emails[type eq "work"]`, RFC 7644 §3.5.2), whose attributes are sub-attributes of that attribute.
 */
export function matchesElement(filter: Filter, element: unknown): boolean {
  return test(filter, (attr) => elementValues(element, attr));
}

function test(filter: Filter, read: Reader, resource?: Record<string, unknown>): boolean {
  switch (filter.op) {
    case "and":
      return filter.filters.every((f) => test(f, read, resource));
    case "or":
      return filter.filters.some((f) => test(f, read, resource));
    case "not":
      return !test(filter.filter, read, resource);
    case "valuePath": {
      if (!resource) throw new Error("A value path cannot be nested in another");
      const elements = elementsOf(resource, filter.attr);
      return elements.some((element) => matchesElement(filter.filter, element));
    }
    case "pr":
      return present(leaf(filter.attr), read(filter.attr));
    default:
      return compare(filter.op, filter.attr, filter.value, read(filter.attr));
  }
}

function compare(op: CompareOp, attr: ResolvedAttribute, value: CompValue, values: unknown[]): boolean {
  const def = leaf(attr);
  if (value === null) {
    if (op === "eq") return !present(def, values);
    if (op === "ne") return present(def, values);
    return false;
  }
  if (op === "ne") return !values.some((v) => compareValue(def, "eq", v, value));
  return values.some((v) => compareValue(def, op, v, value));
}

/** Whether any of `values` (of attribute `def`) is present; for complex values, through a sub-attribute. */
function present(def: AttributeDef, values: unknown[]): boolean {
  if (def.type !== "complex") return values.some(isPresent);
  const subs = def.subAttributes ?? [];
  return values.some((node) => isObject(node) && subs.some((sub) => isPresent(node[sub.name])));
}

/** RFC 7643 §2.5: unassigned, null and the empty string carry no value. */
export const isPresent = (value: unknown): boolean => value !== undefined && value !== null && value !== "";

/**
 * One stored value against one comparand (already normalised by the parser). A stored value of the wrong JSON
 * type never matches.
 */
export function compareValue(
  def: AttributeDef,
  op: CompareOp,
  stored: unknown,
  comparand: CompValue,
): boolean {
  if (op === "ne") return !compareValue(def, "eq", stored, comparand);
  if (typeof comparand === "boolean") return op === "eq" && stored === comparand;
  if (typeof comparand === "number") {
    return typeof stored === "number" && order(op, stored - comparand);
  }
  if (typeof comparand !== "string" || typeof stored !== "string") return false;
  const [a, b] = foldsStrings(def) ? [fold(stored), fold(comparand)] : [stored, comparand];
  switch (op) {
    case "co":
      return a.includes(b);
    case "sw":
      return a.startsWith(b);
    case "ew":
      return a.endsWith(b);
    default:
      return order(op, compareCodePoints(a, b));
  }
}

function order(op: CompareOp, difference: number): boolean {
  switch (op) {
    case "eq":
      return difference === 0;
    case "ne":
      return difference !== 0;
    case "gt":
      return difference > 0;
    case "ge":
      return difference >= 0;
    case "lt":
      return difference < 0;
    case "le":
      return difference <= 0;
    default:
      return false;
  }
}

/** Orders strings by code point, as SQLite's BINARY collation orders UTF-8 (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The object an attribute lives in: the resource, or the extension's object under its URN (RFC 7643 §3.3). */
function container(resource: Record<string, unknown>, attr: ResolvedAttribute): Record<string, unknown> {
  if (!attr.extension) return resource;
  const extension = resource[attr.schema.id];
  return isObject(extension) ? extension : {};
}

/** Elements of a multi-valued attribute. Stored documents hold them as arrays; anything else has none. */
function elementsOf(resource: Record<string, unknown>, attr: ResolvedAttribute): unknown[] {
  const value = container(resource, attr)[attr.attribute.name];
  return Array.isArray(value) ? value : [];
}

function resourceValues(resource: Record<string, unknown>, attr: ResolvedAttribute): unknown[] {
  if (attr.attribute.multiValued) {
    const elements = elementsOf(resource, attr);
    return attr.subAttribute ? elements.map((element) => elementValues(element, attr)[0]) : elements;
  }
  const value = container(resource, attr)[attr.attribute.name];
  if (!attr.subAttribute) return [value];
  return [isObject(value) ? value[attr.subAttribute.name] : undefined];
}

function elementValues(element: unknown, attr: ResolvedAttribute): unknown[] {
  if (!attr.subAttribute) return [element];
  return [isObject(element) ? element[attr.subAttribute.name] : undefined];
}
