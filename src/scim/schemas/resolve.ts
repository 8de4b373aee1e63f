// Resolves an attribute path text (RFC 7644 §3.10) against a resource type, case-insensitively as RFC 7643 §2.1 requires.
import type { AttributeDef, SchemaDef } from "./attribute";
import { findAttribute } from "./find-attribute";
import { coreAttributes, type ResourceTypeDef } from "./resource-type";

export interface ResolvedAttribute {
  /** The schema that defines the attribute. */
  schema: SchemaDef;
  /** True when the attribute lives in an extension, stored under the extension's URN. */
  extension: boolean;
  attribute: AttributeDef;
  subAttribute?: AttributeDef;
}

/** The attribute that a resolved path ends at. */
export const leaf = (resolved: ResolvedAttribute): AttributeDef =>
  resolved.subAttribute ?? resolved.attribute;

/** The canonical spelling, e.g. `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`. */
export function canonicalPath(resolved: ResolvedAttribute): string {
  const local = resolved.subAttribute
    ? `${resolved.attribute.name}.${resolved.subAttribute.name}`
    : resolved.attribute.name;
  return resolved.extension ? `${resolved.schema.id}:${local}` : local;
}

/** Splits a leading schema URN off a path; returns the schema, whether it is an extension, and the rest. */
export function splitSchemaUrn(
  type: ResourceTypeDef,
  text: string,
): { schema: SchemaDef; extension: boolean; rest: string } | undefined {
  const lower = text.toLowerCase();
  for (const [schema, extension] of [
    [type.schema, false] as const,
    ...type.extensions.map((e) => [e, true] as const),
  ]) {
    const urn = schema.id.toLowerCase();
    if (lower === urn) return { schema, extension, rest: "" };
    if (lower.startsWith(`${urn}:`)) return { schema, extension, rest: text.slice(urn.length + 1) };
  }
  return undefined;
}

/**
 * Resolves `attr`, `attr.sub`, `urn:…:attr` or `urn:…:attr.sub`. Returns undefined for anything that is not
 * a defined attribute, including a bare extension URN (callers that accept one check `splitSchemaUrn` first).
 */
export function resolveAttribute(type: ResourceTypeDef, text: string): ResolvedAttribute | undefined {
  const split = splitSchemaUrn(type, text);
  if (split && split.rest === "") return undefined;
  const schema = split?.schema ?? type.schema;
  const extension = split?.extension ?? false;
  const rest = split?.rest ?? text;
  const [name, subName, ...more] = rest.split(".");
  if (name === undefined || more.length > 0) return undefined;
  const attribute = findAttribute(extension ? schema.attributes : coreAttributes(type), name);
  if (!attribute) return undefined;
  if (subName === undefined) return { schema, extension, attribute };
  const subAttribute = findAttribute(attribute.subAttributes, subName);
  return subAttribute ? { schema, extension, attribute, subAttribute } : undefined;
}
