// The /Schemas documents (RFC 7643 §7), generated from the attribute definitions so that they cannot drift.
import type { AttributeDef, SchemaDef } from "./schemas/attribute";
import type { ResourceTypeDef } from "./schemas/resource-type";

export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/** One attribute as RFC 7643 §7 publishes it: the definition itself, every characteristic spelled out. */
export type AttributeDocument = AttributeDef;

export interface DiscoveryMeta<R extends string> {
  resourceType: R;
  location: string;
}

export interface SchemaDocument {
  schemas: [typeof SCHEMA_SCHEMA];
  id: string;
  name: string;
  description: string;
  attributes: AttributeDocument[];
  meta: DiscoveryMeta<"Schema">;
}

/** The base URL without trailing slashes, so that `${base}/Schemas` never holds `//`. */
export const trimBaseUrl = (baseUrl: string): string => baseUrl.replace(/\/+$/, "");

/**
 * Spells out every characteristic, including those equal to the §2.2 defaults: clients such as Google Workspace
 * build their attribute mapping from /Schemas and must not have to know the defaults. canonicalValues appears
 * where the definition has some (§7 makes it optional); referenceTypes on every reference (§7 requires it
 * there); subAttributes on every complex attribute. Arrays are copied so that callers may change the result.
 */
export function attributeDocument(def: AttributeDef): AttributeDocument {
  const doc: AttributeDocument = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
  };
  if (def.canonicalValues) doc.canonicalValues = [...def.canonicalValues];
  if (def.type === "reference") doc.referenceTypes = [...(def.referenceTypes ?? [])];
  if (def.type === "complex") doc.subAttributes = (def.subAttributes ?? []).map(attributeDocument);
  return doc;
}

/**
 * One schema as served at /Schemas/{id}. The common attributes id, externalId and meta are not listed:
 * RFC 7643 §3.1 defines them outside every schema, and the §8.7.1 representations leave them out.
 */
export function schemaDocument(schema: SchemaDef, baseUrl: string): SchemaDocument {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: "Schema", location: `${trimBaseUrl(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** Every schema the resource types use, core schemas and extensions, each once, in the order they are served. */
export function servedSchemas(resourceTypes: readonly ResourceTypeDef[]): SchemaDef[] {
  const seen = new Map<string, SchemaDef>();
  for (const type of resourceTypes) {
    for (const schema of [type.schema, ...type.extensions]) {
      if (!seen.has(schema.id.toLowerCase())) seen.set(schema.id.toLowerCase(), schema);
    }
  }
  return [...seen.values()];
}
