// Resolves a key of a request body or a PATCH path head to an attribute or an extension, accepting the legacy
// SCIM 1.x URNs that OneLogin's templates still use (RFC 7643 §2.1: names are case-insensitive).
import type { AttributeDef, SchemaDef } from "../schemas/attribute";
import { ENTERPRISE_USER_SCHEMA } from "../schemas/enterprise-user";
import { type ResolvedAttribute, resolveAttribute, splitSchemaUrn } from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";

export type KeyTarget =
  /** A bare extension URN: the key holds the extension's attributes as one object. */
  | { kind: "extension"; schema: SchemaDef }
  /** An attribute, optionally with a sub-attribute (`name.givenName`), possibly URN-qualified. */
  | { kind: "attribute"; resolved: ResolvedAttribute };

/**
 * SCIM 1.1 schema URNs mapped to the 2.0 schema that replaced them, for the resource type at hand. OneLogin's
 * documented templates send these to 2.0 endpoints (and `urn:scim:schemas:core:2.0` has been seen live).
 */
const LEGACY_URNS: readonly { legacy: string; target: (type: ResourceTypeDef) => string | undefined }[] = [
  { legacy: "urn:scim:schemas:core:1.0", target: (type) => type.schema.id },
  { legacy: "urn:scim:schemas:core:2.0", target: (type) => type.schema.id },
  {
    legacy: "urn:scim:schemas:extension:enterprise:1.0",
    target: (type) => type.extensions.find((e) => e.id === ENTERPRISE_USER_SCHEMA)?.id,
  },
];

/** Rewrites a leading legacy URN to its SCIM 2.0 equivalent; other text is returned unchanged. */
function withCurrentUrn(type: ResourceTypeDef, text: string): string {
  const lower = text.toLowerCase();
  for (const { legacy, target } of LEGACY_URNS) {
    if (lower !== legacy && !lower.startsWith(`${legacy}:`)) continue;
    const current = target(type);
    return current === undefined ? text : current + text.slice(legacy.length);
  }
  return text;
}

export function resolveKey(type: ResourceTypeDef, key: string): KeyTarget | undefined {
  const text = withCurrentUrn(type, key);
  const split = splitSchemaUrn(type, text);
  if (split && split.rest === "")
    return split.extension ? { kind: "extension", schema: split.schema } : undefined;
  const resolved = resolveAttribute(type, text);
  return resolved ? { kind: "attribute", resolved } : undefined;
}

/** Case-insensitive lookup of an attribute among siblings (RFC 7643 §2.1). */
export const findAttribute = (attributes: readonly AttributeDef[] | undefined, name: string) =>
  attributes?.find((a) => a.name.toLowerCase() === name.toLowerCase());

/** Whether a key is the `schemas` member, which is message framing rather than an attribute to store. */
export const isSchemasKey = (key: string): boolean => key.toLowerCase() === "schemas";
