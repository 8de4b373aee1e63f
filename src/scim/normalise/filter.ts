// Filter text rules: bare words compared as values (`externalId eq jyoung`, in Entra's own docs), JSON literals
// in any case (`True`), and "True"/"False" strings compared with boolean attributes (`primary eq "True"`).
import { ScimError } from "../errors";
import { type LexedToken, lex } from "../filter/tokenize";
import { resolveAttribute } from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";
import { type RuleContext, when } from "./rules";

const COMPARE_OPERATORS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const JSON_LITERALS = new Set(["true", "false", "null"]);
/** Attribute types whose values are JSON strings: a bare number compared with one is meant as that string. */
const STRING_TYPES = new Set(["string", "reference", "binary"]);

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The filter with its values in JSON form. `parent` is the attribute whose brackets hold the text (a PATCH path's
 * `emails[…]`). Text that does not tokenise is returned as it is, for the parser to report.
 */
export function canonicalFilter(
  type: ResourceTypeDef,
  text: string,
  ctx: RuleContext,
  parent?: string,
): string {
  let tokens: LexedToken[];
  try {
    tokens = lex(text);
  } catch (error) {
    if (error instanceof ScimError) return text;
    throw error;
  }
  const edits: Edit[] = [];
  // The attribute each open bracket filters: `emails[` scopes names to emails' sub-attributes, `(` keeps the scope.
  const scopes: (string | undefined)[] = [parent];
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    if (token.type === "Bracket") {
      if (token.literal === "[") scopes.push(previous?.type === "Word" ? previous.literal : undefined);
      else if (token.literal === "(") scopes.push(scopes.at(-1));
      else if (scopes.length > 1) scopes.pop();
      return;
    }
    const attribute = tokens[i - 2];
    if (previous?.type !== "Word" || !COMPARE_OPERATORS.has(previous.literal.toLowerCase())) return;
    if (attribute?.type !== "Word") return;
    const scope = scopes.at(-1);
    const path = scope === undefined ? attribute.literal : `${scope}.${attribute.literal}`;
    const replacement = canonicalValue(type, path, token, ctx);
    if (replacement !== undefined) {
      edits.push({ start: token.start, end: token.start + token.literal.length, text: replacement });
    }
  });
  return edits.reduceRight((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** The replacement text of a compared value, or undefined when it is canonical already. */
function canonicalValue(
  type: ResourceTypeDef,
  path: string,
  token: LexedToken,
  ctx: RuleContext,
): string | undefined {
  if (token.type === "Word") {
    const lower = token.literal.toLowerCase();
    if (token.literal === lower && JSON_LITERALS.has(lower)) return undefined;
    return when(ctx, "filter.unquoted-value", () =>
      JSON_LITERALS.has(lower) ? lower : JSON.stringify(token.literal),
    );
  }
  if (token.type === "Number") {
    // `externalId eq 12345`: a bare number compared with a string attribute is that string (Entra's unquoted ids).
    const resolved = resolveAttribute(type, path);
    const leaf = resolved?.subAttribute ?? resolved?.attribute;
    if (!leaf || !STRING_TYPES.has(leaf.type)) return undefined;
    return when(ctx, "filter.unquoted-value", () => JSON.stringify(token.literal));
  }
  if (token.type !== "Quoted") return undefined;
  const value: unknown = JSON.parse(token.literal);
  if (typeof value !== "string" || !/^(true|false)$/i.test(value)) return undefined;
  const resolved = resolveAttribute(type, path);
  const leaf = resolved?.subAttribute ?? resolved?.attribute;
  if (leaf?.type !== "boolean") return undefined;
  return when(ctx, "bool.string", () => value.toLowerCase());
}
