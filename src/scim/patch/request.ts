// Reads a PATCH request body (RFC 7644 §3.5.2) into a list of operations. IdP dialects (capitalised ops, a missing
// `schemas`, path-less dotted keys) are rewritten before this by src/scim/normalise; this reads canonical SCIM.
import { invalidSyntax, ScimError } from "../errors";
import { isObject, memberOf } from "../resource/json";
import { MAX_PATCH_OPERATIONS } from "../resource/limits";
import { PATCH_OP_SCHEMA, type PatchOperation, type PatchOpName } from "./operation";

const OP_NAMES: readonly PatchOpName[] = ["add", "remove", "replace"];

export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax("The PATCH body must be a JSON object");
  checkSchemas(memberOf(body, "schemas"));
  const operations = memberOf(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax("The PATCH body must have a non-empty 'Operations' array (RFC 7644 §3.5.2)");
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw ScimError.plain(413, `A PATCH request may carry at most ${MAX_PATCH_OPERATIONS} operations`);
  }
  return operations.map((operation, index) => parseOperation(operation, index));
}

/** RFC 7644 §3.5.2: the body "MUST" list the PatchOp schema. */
function checkSchemas(schemas: unknown) {
  const list = typeof schemas === "string" ? [schemas] : schemas;
  const lists =
    Array.isArray(list) &&
    list.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase());
  if (!lists) throw invalidSyntax(`The PATCH body's 'schemas' must list '${PATCH_OP_SCHEMA}'`);
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw invalidSyntax(`${where} must be a JSON object`);
  const name = memberOf(raw, "op");
  const op = OP_NAMES.find((o) => o === name);
  if (!op) throw invalidSyntax(`${where}.op must be one of "add", "remove" or "replace"`);

  const operation: PatchOperation = { op };
  const path = memberOf(raw, "path");
  if (typeof path === "string" && path.trim() !== "") operation.path = path.trim();
  else if (path !== undefined && path !== null && path !== "")
    throw invalidSyntax(`${where}.path must be a string`);

  const value = memberOf(raw, "value");
  if (value !== undefined) operation.value = value;
  else if (op !== "remove") throw invalidSyntax(`${where} (${op}) must have a 'value' (RFC 7644 §3.5.2.1)`);
  return operation;
}
