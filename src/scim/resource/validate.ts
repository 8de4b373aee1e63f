// Turns a POST/PUT body (untrusted JSON) into the stored resource: canonical names, schema-defined attributes
// only, extensions under their URN, readOnly input ignored and the write-only password split out (RFC 7643 §2).
import { invalidSyntax, invalidValue } from "../errors";
import type { AttributeDef, SchemaDef } from "../schemas/attribute";
import { findAttribute } from "../schemas/find-attribute";
import { coreAttributes, type ResourceTypeDef } from "../schemas/resource-type";
import { isObject, isUnassigned, type JsonObject, jsonEqual, quoteName } from "./json";
import { isSchemasKey, resolveKey } from "./keys";
import { type NormalizeOptions, normalizeAttribute, type UnknownAttributePolicy } from "./value";

export interface ValidateOptions {
  /** Attributes outside the schemas: ignored (default, what IdPs need) or 400 invalidSyntax (strict profiles). */
  unknownAttributes?: UnknownAttributePolicy;
}

export interface ValidatedResource {
  /** The resource as stored: no schemas, id, meta, readOnly or writeOnly attributes. */
  resource: JsonObject;
  /** The write-only password (RFC 7643 §4.1.1), for the caller to hash or forward; never part of `resource`. */
  password?: string;
}

/** Where an attribute's value is kept: the resource itself, or the object under an extension URN. */
type Holder = "core" | SchemaDef;

export function validateResource(
  type: ResourceTypeDef,
  body: unknown,
  options: ValidateOptions = {},
): ValidatedResource {
  if (!isObject(body)) throw invalidSyntax("The request body must be a JSON object");
  const normalize: NormalizeOptions = { unknownAttributes: options.unknownAttributes ?? "ignore" };
  const collected = new Map<Holder, JsonObject>();

  const unknown = (name: string) => {
    if (normalize.unknownAttributes === "reject") {
      throw invalidSyntax(`Attribute ${quoteName(name)} is not defined in the schemas of ${type.name}`);
    }
  };
  const put = (holder: Holder, attribute: AttributeDef, raw: unknown) => {
    // RFC 7643 §2.2: readOnly values sent by clients (id, meta, groups) SHALL be ignored.
    if (attribute.mutability === "readOnly") return;
    const label = holder === "core" ? attribute.name : `${holder.id}:${attribute.name}`;
    const value = normalizeAttribute(attribute, raw, label, normalize);
    if (value === undefined) return;
    const target = collected.get(holder) ?? {};
    collected.set(holder, target);
    // Names are case-insensitive and may be URN-qualified, so one attribute can arrive under two keys.
    if (Object.hasOwn(target, attribute.name) && !jsonEqual(target[attribute.name], value)) {
      throw invalidSyntax(`Attribute '${label}' is given more than once with different values`);
    }
    target[attribute.name] = value;
  };

  for (const [key, raw] of Object.entries(body)) {
    if (isSchemasKey(key)) continue;
    const target = resolveKey(type, key);
    if (target?.kind === "extension") {
      // Accepted whether or not `schemas` lists the extension: IdPs are inconsistent about it.
      if (isUnassigned(raw)) continue;
      if (!isObject(raw)) throw invalidValue(`Extension '${target.schema.id}' must be a JSON object`);
      for (const [name, value] of Object.entries(raw)) {
        if (isSchemasKey(name)) continue;
        const attribute = findAttribute(target.schema.attributes, name);
        if (attribute) put(target.schema, attribute, value);
        else unknown(`${target.schema.id}:${name}`);
      }
    } else if (target && !target.resolved.subAttribute) {
      const { resolved } = target;
      put(resolved.extension ? resolved.schema : "core", resolved.attribute, raw);
    } else {
      // Dotted keys (`name.givenName`) belong in PATCH values, not in a resource body.
      unknown(key);
    }
  }

  const resource = ordered(coreAttributes(type), collected.get("core") ?? {});
  for (const extension of type.extensions) {
    const values = collected.get(extension);
    if (values) resource[extension.id] = ordered(extension.attributes, values);
  }

  const result: ValidatedResource = { resource };
  // writeOnly attributes (RFC 7643 §2.2) are never stored or returned; the password travels beside the resource.
  for (const attribute of coreAttributes(type)) {
    if (attribute.mutability !== "writeOnly" || !Object.hasOwn(resource, attribute.name)) continue;
    const value = resource[attribute.name];
    delete resource[attribute.name];
    if (attribute.name === "password" && typeof value === "string") result.password = value;
  }

  checkRequired(coreAttributes(type), resource, (name) => name);
  for (const extension of type.extensions) {
    const values = resource[extension.id];
    if (isObject(values)) checkRequired(extension.attributes, values, (name) => `${extension.id}:${name}`);
  }
  return result;
}

/** The values in schema order, so that equal resources serialise identically. */
function ordered(attributes: readonly AttributeDef[], values: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const attribute of attributes) {
    if (Object.hasOwn(values, attribute.name)) out[attribute.name] = values[attribute.name];
  }
  return out;
}

/**
 * RFC 7643 §2.2 `required`: each required attribute must be assigned and, being text, must not be blank (an
 * all-space userName cannot identify anyone). Required sub-attributes apply inside every complex value present.
 */
function checkRequired(
  attributes: readonly AttributeDef[],
  values: JsonObject,
  label: (name: string) => string,
) {
  for (const attribute of attributes) {
    if (attribute.mutability === "readOnly") continue;
    const value = values[attribute.name];
    if (attribute.required && (value === undefined || (typeof value === "string" && value.trim() === ""))) {
      throw invalidValue(`Attribute '${label(attribute.name)}' is required`);
    }
    if (attribute.type !== "complex" || value === undefined) continue;
    for (const element of Array.isArray(value) ? value : [value]) {
      if (isObject(element)) {
        checkRequired(attribute.subAttributes ?? [], element, (sub) => `${label(attribute.name)}.${sub}`);
      }
    }
  }
}
