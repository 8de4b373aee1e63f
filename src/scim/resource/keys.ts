// Resolves a key of a request body or a PATCH path head to an attribute or an extension (RFC 7643 §2.1: names are
// case-insensitive). SCIM 1.x URNs are the normalisation layer's to rewrite (src/scim/normalise/urns.ts).
import type { SchemaDef } from "../schemas/attribute";
import { type ResolvedAttribute, resolveAttribute, splitSchemaUrn } from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";

export type KeyTarget =
  /** A bare extension URN: the key holds the extension's attributes as one object. */
  | { kind: "extension"; schema: SchemaDef }
  /** An attribute, optionally with a sub-attribute (`name.givenName`), possibly URN-qualified. */
  | { kind: "attribute"; resolved: ResolvedAttribute };

export function resolveKey(type: ResourceTypeDef, key: string): KeyTarget | undefined {
  const split = splitSchemaUrn(type, key);
  if (split && split.rest === "")
    return split.extension ? { kind: "extension", schema: split.schema } : undefined;
  const resolved = resolveAttribute(type, key);
  return resolved ? { kind: "attribute", resolved } : undefined;
}

/** Whether a key is the `schemas` member, which is message framing rather than an attribute to store. */
export const isSchemasKey = (key: string): boolean => key.toLowerCase() === "schemas";
