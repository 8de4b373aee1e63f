// JSON helpers for resource documents: the unassigned test of RFC 7643 §2.5, cloning and comparison.

import { MAX_NAME_IN_DETAIL } from "./limits";

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The member named `name`, compared case-insensitively (RFC 7643 §2.1); an exact spelling wins. */
export function memberOf(object: JsonObject, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

/**
 * RFC 7643 §2.5: null, an empty array and an unassigned attribute are the same state. An empty string and an
 * empty object carry no value either, and IdPs send them for "cleared", so they count as unassigned too.
 */
export function isUnassigned(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * A deep copy of a JSON value. Objects are rebuilt with Object.fromEntries, which defines own properties, so a
 * key such as "__proto__" stays a plain key instead of reaching the prototype. Non-JSON values are dropped.
 */
export function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson).filter((v) => v !== undefined);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, cloneJson(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  }
  if (typeof value === "string" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return undefined;
}

/** Structural equality of two JSON values; key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** A client-supplied name, quoted and shortened for an error detail. */
export function quoteName(name: string): string {
  return `'${name.length > MAX_NAME_IN_DETAIL ? `${name.slice(0, MAX_NAME_IN_DETAIL)}…` : name}'`;
}
