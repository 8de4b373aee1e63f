// Reads a PATCH request body (RFC 7644 §3.5.2) into a list of operations, tolerating what Entra and Okta send.
import { invalidSyntax, ScimError } from "../errors";
import { isObject, type JsonObject } from "../resource/json";
import { MAX_PATCH_OPERATIONS } from "../resource/limits";
import { PATCH_OP_SCHEMA, type PatchOperation, type PatchOpName } from "./operation";

export interface ParsePatchOptions {
  /**
   * Require `schemas` to be present (RFC 7644 §3.5.2 says it MUST be). Off by default: a body whose
   * `Operations` member is well formed leaves no doubt what it is. A `schemas` that is present but does not
   * list the PatchOp URN is rejected either way.
   */
  requireSchemas?: boolean;
  /** Require a `path` on every operation, as the IETF interop profile asks; Okta and Entra omit it. */
  requirePath?: boolean;
}

const OP_NAMES: readonly PatchOpName[] = ["add", "remove", "replace"];

/** The member named `name`, compared case-insensitively (RFC 7643 §2.1); an exact spelling wins. */
function member(object: JsonObject, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

export function parsePatchRequest(body: unknown, options: ParsePatchOptions = {}): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax("The PATCH body must be a JSON object");
  checkSchemas(member(body, "schemas"), options);
  const operations = member(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax("The PATCH body must have a non-empty 'Operations' array (RFC 7644 §3.5.2)");
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw ScimError.plain(413, `A PATCH request may carry at most ${MAX_PATCH_OPERATIONS} operations`);
  }
  return operations.map((operation, index) => parseOperation(operation, index, options));
}

function checkSchemas(schemas: unknown, options: ParsePatchOptions) {
  if (schemas === undefined || schemas === null) {
    if (options.requireSchemas)
      throw invalidSyntax(`The PATCH body must list the schema '${PATCH_OP_SCHEMA}'`);
    return;
  }
  const list = typeof schemas === "string" ? [schemas] : schemas;
  const lists =
    Array.isArray(list) &&
    list.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase());
  if (!lists) throw invalidSyntax(`The PATCH body's 'schemas' must list '${PATCH_OP_SCHEMA}'`);
}

function parseOperation(raw: unknown, index: number, options: ParsePatchOptions): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw invalidSyntax(`${where} must be a JSON object`);
  const name = member(raw, "op");
  // Entra sends "Replace", "Add", "Remove" by default (without aadOptscim062020).
  const op = typeof name === "string" ? OP_NAMES.find((o) => o === name.toLowerCase()) : undefined;
  if (!op) throw invalidSyntax(`${where}.op must be one of "add", "remove" or "replace"`);

  const operation: PatchOperation = { op };
  const path = member(raw, "path");
  if (typeof path === "string" && path.trim() !== "") operation.path = path.trim();
  else if (path !== undefined && path !== null && path !== "")
    throw invalidSyntax(`${where}.path must be a string`);
  if (options.requirePath && operation.path === undefined) {
    throw invalidSyntax(`${where} must have a 'path' (strict profile)`);
  }

  const value = member(raw, "value");
  if (value !== undefined) operation.value = value;
  else if (op !== "remove") throw invalidSyntax(`${where} (${op}) must have a 'value' (RFC 7644 §3.5.2.1)`);
  return operation;
}
