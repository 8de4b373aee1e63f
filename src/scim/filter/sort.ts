// Resolves the sortBy query parameter (RFC 7644 §3.4.2.3) to the attribute src/db/filter-sql.ts sorts by.
import { invalidSyntax } from "../errors";
import { canonicalPath, type ResolvedAttribute, resolveAttribute } from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";

/**
 * `sortBy` in attribute notation. A complex attribute means its `value` (emails → emails.value); one without
 * `value` (name) needs a sub-attribute, as §3.4.2.3 asks. Unknown attributes are 400 invalidSyntax, as the
 * interop profile (draft-zollner-scim-interop-profile) asks for unknown attributes.
 */
export function resolveSortBy(type: ResourceTypeDef, text: string): ResolvedAttribute {
  const attr = resolveAttribute(type, text);
  if (!attr) throw invalidSyntax(`Unknown attribute "${text}" in sortBy`);
  const def = attr.subAttribute ?? attr.attribute;
  if (def.returned === "never") throw invalidSyntax(`"${text}" cannot be used in sortBy`);
  if (attr.subAttribute || attr.attribute.type !== "complex") return attr;
  const value = attr.attribute.subAttributes?.find((a) => a.name === "value");
  if (value) return { ...attr, subAttribute: value };
  throw invalidSyntax(
    `sortBy "${canonicalPath(attr)}" is complex: name a sub-attribute, e.g. "${text}.${attr.attribute.subAttributes?.[0]?.name ?? "value"}"`,
  );
}
