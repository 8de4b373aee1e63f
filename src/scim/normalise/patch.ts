// PATCH request rules (RFC 7644 §3.5.2): op case, a missing `schemas`, legacy URNs and dialect filters in paths,
// Entra's path-less dotted keys and remove-by-value, Okta's rename with the group's id, and the value rules.
import { ScimError } from "../errors";
import type { AttributePath } from "../patch/document";
import { PATCH_OP_SCHEMA } from "../patch/operation";
import { closingBracket, type PatchPath, parsePatchPath } from "../patch/path";
import { isObject, type JsonObject, memberOf } from "../resource/json";
import { isSchemasKey, resolveKey } from "../resource/keys";
import { splitSchemaUrn } from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";
import { canonicalFilter } from "./filter";
import { canonicalKeyValue } from "./resource";
import { type RuleContext, when } from "./rules";
import { currentUrn } from "./urns";
import { canonicalElement, canonicalObject, canonicalValue } from "./values";

const OP_NAMES = ["add", "remove", "replace"];

/** The PATCH body in canonical form; what is not recognisably a PATCH body is left for the parser to report. */
export function canonicalPatch(
  type: ResourceTypeDef,
  body: unknown,
  ctx: RuleContext,
  resourceId: string,
): unknown {
  if (!isObject(body)) return body;
  const out: JsonObject = Object.fromEntries(Object.entries(body));
  const schemas = memberOf(body, "schemas");
  if (schemas === undefined || schemas === null) {
    const added = when(ctx, "patch.schemas-missing", () => [PATCH_OP_SCHEMA]);
    if (added) out.schemas = added;
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === "operations");
  const operations = key === undefined ? undefined : body[key];
  if (key === undefined || !Array.isArray(operations)) return out;
  out[key] = operations.flatMap((operation) => canonicalOperation(type, operation, ctx, resourceId));
  return out;
}

function canonicalOperation(
  type: ResourceTypeDef,
  raw: unknown,
  ctx: RuleContext,
  resourceId: string,
): unknown[] {
  if (!isObject(raw)) return [raw];
  const name = memberOf(raw, "op");
  const lower = typeof name === "string" ? name.toLowerCase() : undefined;
  const op =
    lower !== undefined && lower !== name && OP_NAMES.includes(lower)
      ? (when(ctx, "patch.op-case", () => lower) ?? name)
      : name;
  const rawPath = memberOf(raw, "path");
  const value = memberOf(raw, "value");
  if (typeof rawPath !== "string") {
    if (
      (op === "add" || op === "replace") &&
      isObject(value) &&
      (rawPath === undefined || rawPath === null)
    ) {
      return pathless(type, op, value, ctx, resourceId);
    }
    return [operation(op, rawPath, value)];
  }
  const path = canonicalPathText(type, rawPath, ctx);
  const parsed = parsedPath(type, path);
  if (op === "remove" && value !== undefined && value !== null && parsed) {
    const removes = removesByValue(path, parsed, value, ctx);
    if (removes) return removes;
  }
  const canonical = parsed ? valueFor(parsed, value, ctx) : value;
  if (parsed && isWholeValue(parsed, value, canonical))
    return [operation("replace", path, whole(parsed, canonical))];
  return [operation(op, path, canonical)];
}

/**
 * A bare id made into {value} (complex.bare-value) states the whole complex value, as Entra means its manager id:
 * a replace that clears the sub-attributes it does not name, where an object alone would be merged (§3.5.2.1).
 */
function isWholeValue(path: PatchPath, raw: unknown, canonical: unknown): path is AttributePath {
  return (
    path.kind === "attribute" &&
    !path.sub &&
    !path.filter &&
    path.target.attribute.type === "complex" &&
    !path.target.attribute.multiValued &&
    !isObject(raw) &&
    isObject(canonical)
  );
}

function whole(path: AttributePath, value: unknown): JsonObject {
  const cleared = (path.target.attribute.subAttributes ?? [])
    .filter((sub) => sub.mutability !== "readOnly")
    .map((sub) => [sub.name, null] as const);
  return { ...Object.fromEntries(cleared), ...(value as JsonObject) };
}

const operation = (op: unknown, path: unknown, value: unknown): JsonObject => ({
  op,
  ...(path === undefined ? {} : { path }),
  ...(value === undefined ? {} : { value }),
});

/** A path with a leading SCIM 1.x URN rewritten, and the filter between its brackets in canonical form. */
export function canonicalPathText(type: ResourceTypeDef, text: string, ctx: RuleContext): string {
  const path = currentUrn(type, text, ctx);
  const open = path.indexOf("[");
  const close = open === -1 ? -1 : closingBracket(path, open);
  if (close === -1) return path;
  const filter = canonicalFilter(type, path.slice(open + 1, close), ctx, path.slice(0, open));
  return `${path.slice(0, open + 1)}${filter}${path.slice(close)}`;
}

function parsedPath(type: ResourceTypeDef, path: string): PatchPath | undefined {
  try {
    return parsePatchPath(type, path);
  } catch (error) {
    if (error instanceof ScimError) return undefined; // the engine reports it
    throw error;
  }
}

/** The value of an operation on `path`, with the value rules applied against the attribute it targets. */
function valueFor(path: PatchPath, value: unknown, ctx: RuleContext): unknown {
  if (path.kind === "extension")
    return isObject(value) ? canonicalObject(path.schema.attributes, value, ctx) : value;
  if (path.sub) return canonicalValue(path.sub, value, ctx);
  if (path.filter) return canonicalElement(path.target.attribute, value, ctx);
  return canonicalValue(path.target.attribute, value, ctx);
}

/** Keys that are paths rather than attribute names: `name.givenName`, `emails[…].value`, `urn:…:User:manager`. */
function isPathKey(type: ResourceTypeDef, key: string): boolean {
  if (key.includes("[")) return true;
  const target = resolveKey(type, key);
  if (target?.kind !== "attribute") return false;
  return target.resolved.subAttribute !== undefined || (splitSchemaUrn(type, key)?.rest ?? "") !== "";
}

/**
 * A path-less add or replace (RFC 7644 §3.5.2.1, §3.5.2.3). Keys that are paths become operations of their own
 * (patch.pathless-dotted-keys); the group's own id is dropped (group.rename-with-id); the rest stays path-less.
 */
function pathless(
  type: ResourceTypeDef,
  op: "add" | "replace",
  value: JsonObject,
  ctx: RuleContext,
  resourceId: string,
): JsonObject[] {
  const rest: [string, unknown][] = [];
  const split: JsonObject[] = [];
  for (const [rawKey, raw] of Object.entries(value)) {
    if (isSchemasKey(rawKey)) {
      rest.push([rawKey, raw]);
      continue;
    }
    const key = currentUrn(type, rawKey, ctx);
    const ownId = type.name === "Group" && key.toLowerCase() === "id" && raw === resourceId;
    if (ownId && when(ctx, "group.rename-with-id", () => true)) continue;
    if (isPathKey(type, key) && when(ctx, "patch.pathless-dotted-keys", () => true)) {
      const path = canonicalPathText(type, key, ctx);
      const parsed = parsedPath(type, path);
      split.push(operation(op, path, parsed ? valueFor(parsed, raw, ctx) : raw));
      continue;
    }
    rest.push([key, canonicalKeyValue(type, key, raw, ctx)]);
  }
  const kept =
    rest.length > 0 || split.length === 0 ? [operation(op, undefined, Object.fromEntries(rest))] : [];
  return [...kept, ...split];
}

/**
 * Entra's remove of listed values from a multi-valued attribute becomes one filtered remove per value, which is
 * how RFC 7644 §3.5.2.2 removes some values; undefined (nothing rewritten) when a value names no element.
 */
function removesByValue(
  path: string,
  parsed: PatchPath,
  value: unknown,
  ctx: RuleContext,
): JsonObject[] | undefined {
  if (parsed.kind !== "attribute" || parsed.filter || parsed.sub || !parsed.target.attribute.multiValued) {
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  const ids = items.map((item) => (isObject(item) ? memberOf(item, "value") : item));
  if (ids.length === 0 || !ids.every((id): id is string => typeof id === "string")) return undefined;
  return when(ctx, "patch.remove-by-value", () =>
    ids.map((id) => operation("remove", `${path}[value eq ${JSON.stringify(id)}]`, undefined)),
  );
}
