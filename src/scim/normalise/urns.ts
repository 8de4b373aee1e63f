// urn.scim1: SCIM 1.x schema URNs, which OneLogin's documented templates still send to 2.0 endpoints (and
// `urn:scim:schemas:core:2.0`, seen live), rewritten to the SCIM 2.0 schema that replaced them.
import { ENTERPRISE_USER_SCHEMA } from "../schemas/enterprise-user";
import type { ResourceTypeDef } from "../schemas/resource-type";
import { type RuleContext, when } from "./rules";

const LEGACY_URNS: readonly { legacy: string; target: (type: ResourceTypeDef) => string | undefined }[] = [
  { legacy: "urn:scim:schemas:core:1.0", target: (type) => type.schema.id },
  { legacy: "urn:scim:schemas:core:2.0", target: (type) => type.schema.id },
  {
    legacy: "urn:scim:schemas:extension:enterprise:1.0",
    target: (type) => type.extensions.find((e) => e.id === ENTERPRISE_USER_SCHEMA)?.id,
  },
];

/** `text` (a schema URN, a key or a path) with a leading legacy URN replaced; other text comes back unchanged. */
export function currentUrn(type: ResourceTypeDef, text: string, ctx: RuleContext): string {
  const lower = text.toLowerCase();
  const match = LEGACY_URNS.find(({ legacy }) => lower === legacy || lower.startsWith(`${legacy}:`));
  const current = match?.target(type);
  if (!match || current === undefined) return text;
  return when(ctx, "urn.scim1", () => current + text.slice(match.legacy.length)) ?? text;
}

/** A `schemas` member with each legacy URN replaced; anything that is not a list of strings is left as it is. */
export function currentSchemas(type: ResourceTypeDef, schemas: unknown, ctx: RuleContext): unknown {
  if (!Array.isArray(schemas)) return schemas;
  return schemas.map((s) => (typeof s === "string" ? currentUrn(type, s, ctx) : s));
}
