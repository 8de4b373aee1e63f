// Splits filter text into the tokens scim2-parse-filter's grammar consumes, with JSON string and number rules.
// Values must be JSON (RFC 7644 §3.4.2.2); bare words are the normalisation layer's (src/scim/normalise/filter.ts).
import type { Token } from "scim2-parse-filter/lib/src/parser";
import { invalidFilter } from "../errors";
import { MAX_FILTER_DEPTH } from "./limits";

/*
 * Why not the library's own tokenizer: it re-escapes every backslash not followed by a quote, so `"\u00e9"` or
 * `"a\nb"` reach JSON.parse as literal backslashes, while RFC 7644 §3.4.2.2 takes compValue strings from JSON
 * (RFC 7159). Its word pattern (\w) also refuses `$ref`. The grammar itself stays the library's.
 */

const WHITESPACE = /\s+/y;
/** A quoted string up to its closing quote; JSON.parse then checks it is a JSON string (RFC 8259 §7). */
const QUOTED = /"(?:[^"\\]|\\[\s\S])*"/y;
/** A JSON number, only where a delimiter follows, so that `5e2f-…` (an unquoted GUID) stays a word. */
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[\s()[\]]|$)/y;
/** Attribute paths (`name.givenName`, `urn:…:User:manager.$ref`), operators, literals and unquoted values. */
const WORD = /[A-Za-z0-9_$][-A-Za-z0-9_.:$/%@+]*/y;

function isJsonString(literal: string): boolean {
  try {
    return typeof JSON.parse(literal) === "string";
  } catch {
    return false;
  }
}

/** A short quote of the text at `position`, for error details a human can act on. */
export function excerpt(text: string, position: number): string {
  const slice = text.slice(position, position + 24);
  return JSON.stringify(position + 24 < text.length ? `${slice}…` : slice);
}

function match(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

/** A token with the offset where it starts in the filter text, so that a rewrite can replace it in place. */
export type LexedToken = Token & { start: number };

/** The tokens of `text`, without the end marker. Throws invalidFilter for text no filter can contain. */
export function lex(text: string): LexedToken[] {
  const tokens: LexedToken[] = [];
  let depth = 0;
  let position = 0;
  while (position < text.length) {
    const char = text.charAt(position);
    const space = match(WHITESPACE, text, position);
    if (space) {
      position += space.length;
      continue;
    }
    if (char === "(" || char === "[") {
      depth += 1;
      if (depth > MAX_FILTER_DEPTH) {
        throw invalidFilter(`Filter is nested more than ${MAX_FILTER_DEPTH} levels deep`);
      }
      tokens.push({ type: "Bracket", literal: char, start: position });
      position += 1;
      continue;
    }
    if (char === ")" || char === "]") {
      if (char === "]" && text.charAt(position + 1) === ".") {
        // The library would turn `emails[type eq "work"].value eq "x"` into an `and` of two independent tests,
        // which can match two different emails. RFC 7644 §3.4.2.2 allows `].sub` only in PATCH paths (§3.5.2).
        throw invalidFilter(
          `A sub-attribute after "]" is only valid in PATCH paths, at ${excerpt(text, position)}: ` +
            'put the condition inside the brackets, e.g. emails[type eq "work" and value eq "a@b.c"]',
        );
      }
      depth -= 1;
      tokens.push({ type: "Bracket", literal: char, start: position });
      position += 1;
      continue;
    }
    if (char === '"') {
      const literal = match(QUOTED, text, position);
      if (literal === undefined) throw invalidFilter(`Unterminated string at ${excerpt(text, position)}`);
      if (!isJsonString(literal)) {
        throw invalidFilter(
          `Invalid escape or control character in the string at ${excerpt(text, position)}`,
        );
      }
      tokens.push({ type: "Quoted", literal, start: position });
      position += literal.length;
      continue;
    }
    const number = match(JSON_NUMBER, text, position);
    if (number !== undefined) {
      tokens.push({ type: "Number", literal: number, start: position });
      position += number.length;
      continue;
    }
    const word = match(WORD, text, position);
    if (word === undefined) throw invalidFilter(`Unexpected character at ${excerpt(text, position)}`);
    tokens.push({ type: "Word", literal: word, start: position });
    position += word.length;
  }
  return tokens;
}

/** The tokens scim2-parse-filter reads: a bare word where a value belongs is its "not json" error. */
export function tokenize(text: string): Token[] {
  return [...lex(text).map(({ type, literal }) => ({ type, literal })), { type: "EOT", literal: "" }];
}
