// POST and PUT body rules (RFC 7643 §3): SCIM 1.x URNs in keys and `schemas`, and the value rules applied against
// the attribute each key names. Keys are kept as sent otherwise; the protocol code resolves them.
import { invalidSyntax } from "../errors";
import { isObject, jsonEqual, quoteName } from "../resource/json";
import { isSchemasKey, resolveKey } from "../resource/keys";
import type { ResourceTypeDef } from "../schemas/resource-type";
import type { RuleContext } from "./rules";
import { currentSchemas, currentUrn } from "./urns";
import { canonicalObject, canonicalValue } from "./values";

export function canonicalResource(type: ResourceTypeDef, body: unknown, ctx: RuleContext): unknown {
  if (!isObject(body)) return body;
  const out = new Map<string, unknown>();
  for (const [rawKey, raw] of Object.entries(body)) {
    const key = isSchemasKey(rawKey) ? rawKey : currentUrn(type, rawKey, ctx);
    const value = isSchemasKey(key) ? currentSchemas(type, raw, ctx) : canonicalKeyValue(type, key, raw, ctx);
    // `urn:scim:schemas:core:1.0:userName` beside `userName` is one attribute sent twice.
    if (out.has(key) && !jsonEqual(out.get(key), value)) {
      throw invalidSyntax(`Attribute ${quoteName(key)} is given more than once with different values`);
    }
    out.set(key, value);
  }
  return Object.fromEntries(out);
}

/** The value under a top-level key: an attribute's value, or an extension's object of attributes. */
export function canonicalKeyValue(
  type: ResourceTypeDef,
  key: string,
  raw: unknown,
  ctx: RuleContext,
): unknown {
  const target = resolveKey(type, key);
  if (target?.kind === "extension")
    return isObject(raw) ? canonicalObject(target.schema.attributes, raw, ctx) : raw;
  if (target?.kind !== "attribute") return raw;
  const { attribute, subAttribute } = target.resolved;
  return canonicalValue(subAttribute ?? attribute, raw, ctx);
}
