// The `strict` profile's checks, from the IETF SCIM interoperability profile (draft-zollner-scim-interop-profile):
// every PATCH operation has a path (§6.5.1.1), and attributes or schema URIs that the served schemas do not define
// are 400 invalidSyntax (§5.3). Undefined attributes in POST/PUT bodies are rejected by the validation itself.
import { invalidSyntax } from "../errors";
import { PATCH_OP_SCHEMA } from "../patch/operation";
import { parsePatchPath } from "../patch/path";
import { isObject, memberOf, quoteName } from "../resource/json";
import { resolveKey } from "../resource/keys";
import type { AttributeDef } from "../schemas/attribute";
import { findAttribute } from "../schemas/find-attribute";
import type { ResourceTypeDef } from "../schemas/resource-type";

const PROFILE =
  "this directory follows the SCIM interoperability profile (draft-zollner-scim-interop-profile)";

const undefinedName = (name: string, where: string) =>
  invalidSyntax(
    `${where}${quoteName(name)} is not defined in the served schemas, and ${PROFILE}, which rejects undefined attributes and schema URIs (§5.3); GET /Schemas lists what is defined.`,
  );

/** `schemas` lists only URIs in `served`, and `required` among them. */
function checkSchemas(schemas: unknown, served: readonly string[], required: string) {
  const list = Array.isArray(schemas) ? schemas : [];
  if (!list.some((s) => typeof s === "string" && s.toLowerCase() === required.toLowerCase())) {
    throw invalidSyntax(`The body's 'schemas' must list '${required}' (RFC 7643 §3).`);
  }
  const known = new Set(served.map((s) => s.toLowerCase()));
  const unknown = list.find((s) => typeof s !== "string" || !known.has(s.toLowerCase()));
  if (unknown !== undefined) throw undefinedName(String(unknown), "Schema URI ");
}

export function checkStrictResource(type: ResourceTypeDef, body: unknown): void {
  if (!isObject(body)) return;
  const served = [type.schema.id, ...type.extensions.map((e) => e.id)];
  checkSchemas(memberOf(body, "schemas"), served, type.schema.id);
}

export function checkStrictPatch(type: ResourceTypeDef, body: unknown): void {
  if (!isObject(body)) return;
  checkSchemas(memberOf(body, "schemas"), [PATCH_OP_SCHEMA], PATCH_OP_SCHEMA);
  const operations = memberOf(body, "Operations");
  if (!Array.isArray(operations)) return;
  operations.forEach((operation, index) => {
    if (!isObject(operation)) return;
    const where = `Operations[${index}]: attribute `;
    const path = memberOf(operation, "path");
    if (path === undefined || path === null || (typeof path === "string" && path.trim() === "")) {
      throw invalidSyntax(
        `Operations[${index}] has no 'path': ${PROFILE}, under which every PATCH operation MUST contain a path (§6.5.1.1). Send one operation per attribute, e.g. {"op":"replace","path":"active","value":false}.`,
      );
    }
    if (typeof path !== "string") return;
    const head = path.split("[")[0] ?? path;
    if (!resolveKey(type, head)) throw undefinedName(head, where);
    const undefinedKey = undefinedKeyIn(type, path, memberOf(operation, "value"));
    if (undefinedKey !== undefined) throw undefinedName(undefinedKey, where);
  });
}

/** The first name in an operation's value that the attribute its path targets does not define. */
function undefinedKeyIn(type: ResourceTypeDef, path: string, value: unknown): string | undefined {
  let target: ReturnType<typeof parsePatchPath>;
  try {
    target = parsePatchPath(type, path);
  } catch {
    return undefined; // a malformed path is the engine's to report, as invalidPath
  }
  if (target.kind === "extension")
    return undefinedKey(target.schema.attributes, value, `${target.schema.id}:`);
  const leaf = target.sub ?? target.target.attribute;
  return leaf.type === "complex"
    ? undefinedKey(leaf.subAttributes ?? [], value, `${target.label}.`)
    : undefined;
}

function undefinedKey(
  attributes: readonly AttributeDef[],
  value: unknown,
  prefix: string,
): string | undefined {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (!isObject(item)) continue;
    for (const [key, inner] of Object.entries(item)) {
      const attribute = findAttribute(attributes, key);
      if (!attribute) return `${prefix}${key}`;
      if (attribute.type !== "complex") continue;
      const found = undefinedKey(attribute.subAttributes ?? [], inner, `${prefix}${attribute.name}.`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
