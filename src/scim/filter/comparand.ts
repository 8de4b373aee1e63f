// Which operators apply to which attribute types, and the comparison values they accept (RFC 7644 §3.4.2.2).
import { invalidFilter } from "../errors";
import type { AttributeDef } from "../schemas/attribute";
import type { CompareOp, CompValue } from "./ast";

/** co/sw/ew need text: not numbers, booleans, dateTimes, or base64 binary, whose substrings mean nothing. */
const TEXT_TYPES: ReadonlySet<string> = new Set(["string", "reference"]);
/** RFC 7644 §3.4.2.2: gt/ge/lt/le on boolean or binary attributes SHALL fail with invalidFilter. */
const UNORDERED_TYPES: ReadonlySet<string> = new Set(["boolean", "binary"]);
const SUBSTRING_OPS: ReadonlySet<CompareOp> = new Set(["co", "sw", "ew"]);
const ORDER_OPS: ReadonlySet<CompareOp> = new Set(["gt", "ge", "lt", "le"]);

/**
 * xsd:dateTime (RFC 7643 §2.3.5), date-only allowed; without an offset the time is taken as UTC.
 * Date-time years are four digits, so normalised values sort as text.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The stored spelling of a dateTime, `new Date(x).toISOString()` (src/db/schema.ts), or undefined if `text` is not
 * a real instant. Date() alone would accept 2024-02-30 as 1 March, so every field is range-checked first.
 */
export function normaliseDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const offset = m[8];
  if (offset && offset !== "Z" && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59)) {
    return undefined;
  }
  const utc = m[4] === undefined ? `${text.slice(0, 10)}T00:00:00Z` : offset ? text : `${text}Z`;
  const date = new Date(utc);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // An offset can push year 0000 or 9999 out of four digits, which would no longer sort as text.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

const show = (value: CompValue) => JSON.stringify(value);

/**
 * Checks `path op value` against the attribute's definition and returns the value in the form evaluation and SQL
 * compare with: dateTimes normalised to the stored format.
 */
export function checkComparison(def: AttributeDef, path: string, op: CompareOp, value: CompValue): CompValue {
  const type = def.type;
  if (value === null) {
    // RFC 7643 §2.5: null is the same as unassigned, so only (in)equality with it has a meaning.
    if (op === "eq" || op === "ne") return null;
    throw invalidFilter(`"${path} ${op} null": null can only be compared with eq or ne`);
  }
  if (SUBSTRING_OPS.has(op) && !TEXT_TYPES.has(type)) {
    throw invalidFilter(`Operator "${op}" needs a string attribute, and "${path}" is ${type}`);
  }
  if (ORDER_OPS.has(op) && UNORDERED_TYPES.has(type)) {
    throw invalidFilter(
      `Operator "${op}" cannot be used with ${type} attribute "${path}" (RFC 7644 §3.4.2.2)`,
    );
  }
  switch (type) {
    case "string":
    case "reference":
    case "binary":
      if (typeof value === "string") return value;
      throw invalidFilter(`"${path}" is a ${type}: compare it with a quoted string, not ${show(value)}`);
    case "boolean":
      if (typeof value === "boolean") return value;
      throw invalidFilter(`"${path}" is a boolean: compare it with true or false, not ${show(value)}`);
    case "integer":
      if (typeof value === "number" && Number.isSafeInteger(value)) return value;
      throw invalidFilter(`"${path}" is an integer: compare it with a whole number, not ${show(value)}`);
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      throw invalidFilter(`"${path}" is a decimal: compare it with a number, not ${show(value)}`);
    case "dateTime": {
      const normalised = typeof value === "string" ? normaliseDateTime(value) : undefined;
      if (normalised !== undefined) return normalised;
      throw invalidFilter(
        `"${path}" is a dateTime: compare it with a quoted date such as "2024-05-13T04:42:34Z", not ${show(value)}`,
      );
    }
    case "complex":
      throw invalidFilter(`"${path}" is complex: compare one of its sub-attributes, e.g. "${path}.value"`);
  }
}
