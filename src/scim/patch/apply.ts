// Applies a list of PATCH operations to a stored resource (RFC 7644 §3.5.2): all or nothing, on a copy, and the
// result passes the same validation as a POST body, so every invariant of a stored resource still holds.
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget, ScimError } from "../errors";
import { cloneJson, isObject, isUnassigned, type JsonObject, quoteName } from "../resource/json";
import { isSchemasKey, resolveKey } from "../resource/keys";
import { type ValidatedResource, validateResource } from "../resource/validate";
import type { NormalizeOptions, UnknownAttributePolicy } from "../resource/value";
import type { AttributeDef } from "../schemas/attribute";
import { findAttribute } from "../schemas/find-attribute";
import { coreAttributes, type ResourceTypeDef } from "../schemas/resource-type";
import { assertWritable, holderOf, isReadOnly } from "./document";
import type { PatchOperation } from "./operation";
import { type PatchPath, parsePatchPath } from "./path";
import { remove } from "./remove";
import { write } from "./write";

export interface ApplyPatchOptions {
  /** Names in path-less values and in value objects that the schemas do not define: ignored (default) or 400. */
  unknownAttributes?: UnknownAttributePolicy;
}

/**
 * The patched resource. Throws a ScimError naming the failing operation; `resource` is never modified, so on
 * failure the caller still holds the original (the PATCH is atomic, RFC 7644 §3.5.2).
 */
export function applyPatch(
  type: ResourceTypeDef,
  resource: Readonly<JsonObject>,
  operations: readonly PatchOperation[],
  options: ApplyPatchOptions = {},
): JsonObject {
  return applyPatchWithPassword(type, resource, operations, options).resource;
}

/** As applyPatch, with a password that an operation set split out beside the resource, as validateResource does. */
export function applyPatchWithPassword(
  type: ResourceTypeDef,
  resource: Readonly<JsonObject>,
  operations: readonly PatchOperation[],
  options: ApplyPatchOptions = {},
): ValidatedResource {
  const doc = cloneJson(resource);
  if (!isObject(doc)) throw new TypeError("applyPatch needs a stored resource object");
  const normalize: NormalizeOptions = { unknownAttributes: options.unknownAttributes ?? "ignore" };
  operations.forEach((operation, index) => {
    try {
      applyOperation(type, doc, operation, normalize);
    } catch (error) {
      throw located(error, index);
    }
  });
  keepsRequired(type, resource, doc);
  // Names in the stored copy were checked when it was written; anything stale in it is dropped, not an error
  // the client could fix.
  return validateResource(type, doc, { unknownAttributes: "ignore" });
}

function applyOperation(
  type: ResourceTypeDef,
  doc: JsonObject,
  operation: PatchOperation,
  options: NormalizeOptions,
) {
  if (operation.path === undefined) {
    if (operation.op === "remove") throw noTarget("A remove operation needs a 'path' (RFC 7644 §3.5.2.2)");
    return applyPathless(type, doc, operation.op, operation.value, options);
  }
  const path = parsePatchPath(type, operation.path);
  if (path.kind === "attribute") assertWritable(path);
  execute(doc, operation.op, path, operation.value, options);
}

/**
 * Without a path the value holds attributes to add or replace (RFC 7644 §3.5.2.1, §3.5.2.3): attribute names,
 * possibly URN-qualified, and extension URNs holding objects. Dotted and filtered keys are paths, not attribute
 * names; the normalisation layer turns Entra's into operations of their own. readOnly keys are ignored, as
 * RFC 7643 §2.2 has servers ignore readOnly values that clients send.
 */
function applyPathless(
  type: ResourceTypeDef,
  doc: JsonObject,
  op: "add" | "replace",
  value: unknown,
  options: NormalizeOptions,
) {
  if (!isObject(value))
    throw invalidValue(`A '${op}' without a path needs an object of attributes as its value`);
  for (const [key, raw] of Object.entries(value)) {
    if (isSchemasKey(key)) continue;
    const target = resolveKey(type, key);
    // A path where an attribute name belongs (`name.givenName`, `emails[type eq "work"].value`) is refused, not
    // ignored: ignoring it would answer 200 to a change that did nothing. The profiles that expect it (Entra's
    // aadOptscim062020) turned it into an operation of its own before this point.
    if ((target?.kind === "attribute" && target.resolved.subAttribute) || key.includes("[")) {
      throw invalidPath(
        `A path-less '${op}' names attributes, and ${quoteName(key)} is a path: send it as an operation's "path"`,
      );
    }
    if (!target) {
      if (options.unknownAttributes === "reject") {
        throw invalidSyntax(`Attribute ${quoteName(key)} is not defined in the schemas of ${type.name}`);
      }
      continue;
    }
    const path = parsePatchPath(type, key);
    if (path.kind === "attribute" && isReadOnly(path)) continue;
    execute(doc, op, path, raw, options);
  }
}

function execute(
  doc: JsonObject,
  op: PatchOperation["op"],
  path: PatchPath,
  raw: unknown,
  options: NormalizeOptions,
) {
  if (path.kind === "extension") return executeOnExtension(doc, op, path, raw, options);
  const holder = holderOf(doc, path.target, op !== "remove");
  if (!holder) return;
  if (op === "remove") remove(holder, path, raw);
  else write(op, holder, path, raw, options);
}

/** The extension object as a whole behaves like a complex attribute: values merge attribute by attribute. */
function executeOnExtension(
  doc: JsonObject,
  op: PatchOperation["op"],
  path: Extract<PatchPath, { kind: "extension" }>,
  raw: unknown,
  options: NormalizeOptions,
) {
  const { schema } = path;
  if (op === "remove" || (op === "replace" && isUnassigned(raw))) {
    delete doc[schema.id];
    return;
  }
  if (isUnassigned(raw)) return;
  if (!isObject(raw)) throw invalidValue(`Extension '${schema.id}' must be given as a JSON object`);
  for (const [name, value] of Object.entries(raw)) {
    if (isSchemasKey(name)) continue;
    const attribute = findAttribute(schema.attributes, name);
    if (!attribute) {
      if (options.unknownAttributes === "reject") {
        throw invalidSyntax(`Attribute ${quoteName(`${schema.id}:${name}`)} is not defined in the schema`);
      }
      continue;
    }
    const target = { schema, extension: true, attribute };
    const attributePath = { kind: "attribute" as const, target, label: `${schema.id}:${attribute.name}` };
    if (isReadOnly(attributePath)) continue;
    execute(doc, op, attributePath, value, options);
  }
}

/**
 * "If an attribute is removed or becomes unassigned and is defined as a required attribute or a read-only
 * attribute, the server SHALL return … mutability" (RFC 7644 §3.5.2.2).
 */
function keepsRequired(type: ResourceTypeDef, before: Readonly<JsonObject>, after: JsonObject) {
  const check = (attributes: readonly AttributeDef[], was: unknown, is: unknown, prefix: string) => {
    for (const attribute of attributes) {
      if (!attribute.required || attribute.mutability === "readOnly") continue;
      const old = isObject(was) ? was[attribute.name] : undefined;
      const now = isObject(is) ? is[attribute.name] : undefined;
      if (!isUnassigned(old) && isUnassigned(now)) {
        throw mutability(`Attribute '${prefix}${attribute.name}' is required and cannot be removed`);
      }
    }
  };
  check(coreAttributes(type), before, after, "");
  for (const extension of type.extensions) {
    check(extension.attributes, before[extension.id], after[extension.id], `${extension.id}:`);
  }
}

/** Prefixes a ScimError's detail with the operation it came from, so clients can tell which one failed. */
function located(error: unknown, index: number): unknown {
  if (error instanceof ScimError && error.scimType) {
    return ScimError.typed(error.scimType, `Operations[${index}]: ${error.detail}`);
  }
  return error;
}
