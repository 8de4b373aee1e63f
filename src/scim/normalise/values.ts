// Value rules that need the attribute's definition: string booleans, lone values of multi-valued attributes and
// bare ids for complex values. Builds fresh objects (never mutates the request) and leaves unknown keys alone.
import { isObject, isUnassigned } from "../resource/json";
import type { AttributeDef } from "../schemas/attribute";
import { findAttribute } from "../schemas/find-attribute";
import { type RuleContext, when } from "./rules";

/** `raw` as the value of `def` in canonical form, as far as the profile's rules go. */
export function canonicalValue(def: AttributeDef, raw: unknown, ctx: RuleContext): unknown {
  if (!def.multiValued) return canonicalElement(def, raw, ctx);
  if (Array.isArray(raw)) return raw.map((item) => canonicalElement(def, item, ctx));
  if (isUnassigned(raw)) return raw;
  const wrapped = when(ctx, "multi-valued.single-value", () => [raw]);
  return wrapped ? wrapped.map((item) => canonicalElement(def, item, ctx)) : raw;
}

/** One value of `def`, or one element when it is multi-valued. */
export function canonicalElement(def: AttributeDef, raw: unknown, ctx: RuleContext): unknown {
  if (def.type === "boolean") return canonicalBoolean(raw, ctx);
  if (def.type !== "complex") return raw;
  if (isObject(raw)) return canonicalObject(def.subAttributes ?? [], raw, ctx);
  const bare = raw !== null && typeof raw !== "object" && findAttribute(def.subAttributes, "value");
  return (bare && when(ctx, "complex.bare-value", () => ({ value: raw }))) || raw;
}

/** The members of an object whose keys name `attributes` (sub-attributes, or an extension's attributes). */
export function canonicalObject(
  attributes: readonly AttributeDef[],
  raw: Readonly<Record<string, unknown>>,
  ctx: RuleContext,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => {
      const attribute = findAttribute(attributes, key);
      return [key, attribute ? canonicalValue(attribute, value, ctx) : value];
    }),
  );
}

export function canonicalBoolean(raw: unknown, ctx: RuleContext): unknown {
  if (typeof raw !== "string" || !/^(true|false)$/i.test(raw)) return raw;
  return when(ctx, "bool.string", () => raw.toLowerCase() === "true") ?? raw;
}
