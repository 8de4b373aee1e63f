// Filter text (RFC 7644 §3.4.2.2) to the resolved AST of ast.ts: grammar from scim2-parse-filter, names from the schema.
import type { Filter as RawFilter } from "scim2-parse-filter";
import { parseFilter as parseTokens, Tokens } from "scim2-parse-filter/lib/src/parser";
import { invalidFilter, ScimError } from "../errors";
import {
  canonicalPath,
  leaf,
  type ResolvedAttribute,
  resolveAttribute,
  splitSchemaUrn,
} from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";
import type { CompareOp, Filter } from "./ast";
import { checkComparison } from "./comparand";
import { MAX_FILTER_COMPARISONS, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from "./limits";
import { excerpt, tokenize } from "./tokenize";

const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>([
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "ge",
  "lt",
  "le",
]);

/** Where attribute names are looked up: the resource type, or the sub-attributes of a value path's attribute. */
type Scope = { type: ResourceTypeDef; parent?: ResolvedAttribute };

interface State {
  comparisons: number;
}

/**
 * Parses a `filter` query parameter (RFC 7644 §3.4.2.2). Every failure is a ScimError with scimType invalidFilter.
 * Accepted beyond the strict grammar: `not` without brackets, and a complex attribute compared as its `value`
 * (`emails eq "a@b.c"`). IdP dialects (unquoted words, "True") are rewritten before this, by src/scim/normalise.
 * Refused: `emails[…].value` (a PATCH path, not a filter).
 */
export function parseFilter(type: ResourceTypeDef, text: string): Filter {
  return resolveRoot(parseSyntax(text), { type });
}

/**
 * Parses the inside of `attr[...]` (a PATCH path, RFC 7644 §3.5.2), with names resolved as sub-attributes of `attr`.
 * The result tests one element of `attr`: see matchesElement() in evaluate.ts.
 */
export function parseValueFilter(type: ResourceTypeDef, attr: ResolvedAttribute, text: string): Filter {
  assertMultiValuedComplex(attr);
  return resolveRoot(parseSyntax(text), { type, parent: attr });
}

function resolveRoot(raw: RawFilter, scope: Scope): Filter {
  try {
    return resolve(raw, scope, 1, { comparisons: 0 });
  } catch (error) {
    // MAX_FILTER_DEPTH stops recursion long before the stack ends; this keeps the promise if that ever changes.
    if (error instanceof RangeError) throw invalidFilter("Filter is too deeply nested");
    throw error;
  }
}

function parseSyntax(text: string): RawFilter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw invalidFilter(`Filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  if (text.trim() === "") throw invalidFilter("Filter is empty");
  const tokens = new Tokens(tokenize(text));
  try {
    const raw = parseTokens(tokens);
    if (tokens.peek().type !== "EOT") {
      throw invalidFilter(`Unexpected ${JSON.stringify(tokens.peek().literal)} after a complete filter`);
    }
    return raw;
  } catch (error) {
    if (error instanceof ScimError) throw error;
    // The library throws plain Errors for syntax, and RangeError if its recursion overflows: all are the client's.
    throw invalidFilter(`Filter syntax error in ${excerpt(text, 0)}: ${describeLibraryError(error)}`);
  }
}

const found = (literal: string) => (literal === "" ? "the end of the filter" : JSON.stringify(literal));

/** Rewords scim2-parse-filter's messages (its own wording, e.g. "is not json", says little to a client). */
function describeLibraryError(error: unknown): string {
  if (error instanceof RangeError) return "it is too deeply nested";
  const message = error instanceof Error ? error.message : String(error);
  let m = /^\[(.*)\(\w+\)\] is not json$/s.exec(message);
  if (m)
    return `expected a value (a quoted string, number, true, false or null) but found ${found(m[1] ?? "")}`;
  m = /^Unexpected token \[(.*)\(\w+\)\] expected '\)'$/s.exec(message);
  if (m) return `expected ")" but found ${found(m[1] ?? "")}`;
  m = /^Unexpected token (.*) expected '\]'$/s.exec(message);
  if (m) return `expected "]" but found ${found(m[1] ?? "")}`;
  m = /^Unexpected token (\S*) (.*) as valFilter operator$/s.exec(message);
  if (m) {
    const operators = "eq, ne, co, sw, ew, gt, ge, lt, le, pr or [";
    return `expected an operator (${operators}) after ${JSON.stringify(m[1])} but found ${found(m[2] ?? "")}`;
  }
  m = /^Unexpected token (.*) \((\w+)\)$/s.exec(message);
  if (m) return m[1] ? `unexpected ${JSON.stringify(m[1])}` : "it ends too early";
  return message;
}

function resolve(raw: RawFilter, scope: Scope, depth: number, state: State): Filter {
  if (depth > MAX_FILTER_DEPTH) {
    throw invalidFilter(`Filter is nested more than ${MAX_FILTER_DEPTH} levels deep`);
  }
  // The library builds `op` from user text for and/or (even "constructor" passes its precedence lookup),
  // so it is checked here rather than trusted.
  const op: string = raw.op;
  if (op === "and" || op === "or") {
    if (!("filters" in raw)) throw invalidFilter(`Malformed "${op}" expression`);
    return { op, filters: raw.filters.map((f) => resolve(f, scope, depth + 1, state)) };
  }
  if (op === "not" && "filter" in raw) {
    return { op: "not", filter: resolve(raw.filter, scope, depth + 1, state) };
  }
  if (op === "[]" && "valFilter" in raw) {
    if (scope.parent) {
      throw invalidFilter(
        `Value paths cannot be nested: "${raw.attrPath}[" inside "${scope.parent.attribute.name}["`,
      );
    }
    const attr = resolvePath(scope, raw.attrPath);
    assertMultiValuedComplex(attr);
    return {
      op: "valuePath",
      attr,
      filter: resolve(raw.valFilter, { type: scope.type, parent: attr }, depth + 1, state),
    };
  }
  if (op === "pr" && "attrPath" in raw) {
    count(state);
    return { op: "pr", attr: resolvePath(scope, raw.attrPath) };
  }
  if (COMPARE_OPS.has(op) && "compValue" in raw) {
    count(state);
    const compareOp = op as CompareOp;
    const path = resolvePath(scope, raw.attrPath);
    // `emails eq null` asks whether emails is unassigned (RFC 7643 §2.5), so null keeps the whole attribute.
    const attr = raw.compValue === null ? path : comparedAttribute(path, raw.attrPath);
    return {
      op: compareOp,
      attr,
      value: checkComparison(leaf(attr), raw.attrPath, compareOp, raw.compValue),
    };
  }
  throw invalidFilter(`Unknown operator ${JSON.stringify(op)}: filters combine terms with and, or, not`);
}

function count(state: State): void {
  state.comparisons += 1;
  if (state.comparisons > MAX_FILTER_COMPARISONS) {
    throw invalidFilter(`Filter has more than ${MAX_FILTER_COMPARISONS} comparisons`);
  }
}

function resolvePath(scope: Scope, text: string): ResolvedAttribute {
  const attr = scope.parent ? resolveSub(scope.parent, text) : resolveTop(scope.type, text);
  if (leaf(attr).returned === "never") {
    // RFC 7643 §2.2: "never" attributes (password) are never returned; filtering on them would reveal them.
    throw invalidFilter(`"${text}" cannot be used in a filter`);
  }
  return attr;
}

function resolveTop(type: ResourceTypeDef, text: string): ResolvedAttribute {
  const attr = resolveAttribute(type, text);
  if (attr) return attr;
  if (splitSchemaUrn(type, text)?.rest === "") {
    throw invalidFilter(`"${text}" is a schema URN: name one of its attributes, e.g. "${text}:<attribute>"`);
  }
  throw invalidFilter(`Unknown attribute "${text}" in filter for ${type.name}`);
}

function resolveSub(parent: ResolvedAttribute, text: string): ResolvedAttribute {
  const name = text.toLowerCase();
  const subAttribute = parent.attribute.subAttributes?.find((a) => a.name.toLowerCase() === name);
  if (!subAttribute) {
    throw invalidFilter(`"${text}" is not a sub-attribute of "${canonicalPath(parent)}"`);
  }
  return { ...parent, subAttribute };
}

/**
 * `emails eq "x"` compares the `value` sub-attribute, as most service providers read RFC 7644 §3.4.2.2 (RFC 7643
 * §2.4 makes `value` the significant one). A complex attribute without `value` needs a sub-attribute named.
 */
function comparedAttribute(attr: ResolvedAttribute, text: string): ResolvedAttribute {
  if (attr.subAttribute || attr.attribute.type !== "complex") return attr;
  const value = attr.attribute.subAttributes?.find((a) => a.name === "value");
  if (value) return { ...attr, subAttribute: value };
  throw invalidFilter(
    `"${text}" is complex: compare one of its sub-attributes, e.g. "${text}.${firstSub(attr)}"`,
  );
}

const firstSub = (attr: ResolvedAttribute) => attr.attribute.subAttributes?.[0]?.name ?? "value";

/** RFC 7644 §3.4.2.2: a value path filters the elements of a multi-valued complex attribute. */
function assertMultiValuedComplex(attr: ResolvedAttribute): void {
  if (attr.subAttribute || attr.attribute.type !== "complex" || !attr.attribute.multiValued) {
    throw invalidFilter(
      `"${canonicalPath(attr)}[…]": a value path needs a multi-valued complex attribute, such as emails`,
    );
  }
}
