// Parses a PATCH path (RFC 7644 §3.5.2 Figure 7: attrPath / valuePath [subAttr], optionally URN-qualified)
// into the attribute it targets, resolved against the resource type; anything unresolvable is invalidPath.
import { invalidPath, ScimError } from "../errors";
import type { Filter } from "../filter/ast";
import { parseValueFilter } from "../filter/parse";
import { quoteName } from "../resource/json";
import { resolveKey } from "../resource/keys";
import { MAX_NAME_IN_DETAIL, MAX_PATH_LENGTH } from "../resource/limits";
import type { AttributeDef, SchemaDef } from "../schemas/attribute";
import { findAttribute } from "../schemas/find-attribute";
import type { ResolvedAttribute } from "../schemas/resolve";
import type { ResourceTypeDef } from "../schemas/resource-type";

export type PatchPath =
  /** A bare extension URN: the extension object as a whole. */
  | { kind: "extension"; schema: SchemaDef; label: string }
  | {
      kind: "attribute";
      /** The attribute named by the path, without its sub-attribute. */
      target: ResolvedAttribute;
      /** `emails[type eq "work"]`: only the elements this selects. */
      filter?: Filter;
      /** `name.givenName` or `emails[…].value`. */
      sub?: AttributeDef;
      /** The canonical spelling, for error details. */
      label: string;
    };

export function parsePatchPath(type: ResourceTypeDef, text: string): PatchPath {
  if (text.length > MAX_PATH_LENGTH) throw invalidPath(`A path may be at most ${MAX_PATH_LENGTH} characters`);
  const open = text.indexOf("[");
  if (open === -1) return plainPath(type, text);

  const head = resolveKey(type, text.slice(0, open));
  if (head?.kind !== "attribute" || head.resolved.subAttribute) throw unresolvable(type, text);
  const target = head.resolved;
  if (!target.attribute.multiValued) {
    throw invalidPath(`Path ${quoteName(text)}: a value filter needs a multi-valued attribute`);
  }
  const close = closingBracket(text, open);
  if (close === -1) throw invalidPath(`Path ${quoteName(text)} has no closing ']'`);
  const rest = text.slice(close + 1);
  let sub: AttributeDef | undefined;
  if (rest !== "") {
    sub = rest.startsWith(".") ? findAttribute(target.attribute.subAttributes, rest.slice(1)) : undefined;
    if (!sub) throw unresolvable(type, text);
  }
  const filterText = text.slice(open + 1, close);
  const filter = valueFilter(type, target, filterText, text);
  const shown =
    filterText.length > MAX_NAME_IN_DETAIL ? `${filterText.slice(0, MAX_NAME_IN_DETAIL)}…` : filterText;
  const base = `${labelOf(target)}[${shown.trim()}]`;
  return { kind: "attribute", target, filter, sub, label: sub ? `${base}.${sub.name}` : base };
}

function plainPath(type: ResourceTypeDef, text: string): PatchPath {
  const resolved = resolveKey(type, text);
  if (!resolved) throw unresolvable(type, text);
  if (resolved.kind === "extension")
    return { kind: "extension", schema: resolved.schema, label: resolved.schema.id };
  const { subAttribute, ...target } = resolved.resolved;
  const base = labelOf(target);
  return subAttribute
    ? { kind: "attribute", target, sub: subAttribute, label: `${base}.${subAttribute.name}` }
    : { kind: "attribute", target, label: base };
}

const labelOf = (target: ResolvedAttribute) =>
  target.extension ? `${target.schema.id}:${target.attribute.name}` : target.attribute.name;

const unresolvable = (type: ResourceTypeDef, text: string) =>
  invalidPath(`Path ${quoteName(text)} does not name an attribute of ${type.name}`);

/** The index of the `]` closing the filter opened at `open`, skipping quoted strings (RFC 7644 §3.4.2.2). */
export function closingBracket(text: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "]") return i;
  }
  return -1;
}

/** A malformed filter inside a path is a malformed path: RFC 7644 §3.5.2 answers those with invalidPath. */
function valueFilter(
  type: ResourceTypeDef,
  target: ResolvedAttribute,
  filterText: string,
  text: string,
): Filter {
  try {
    return parseValueFilter(type, target, filterText);
  } catch (error) {
    if (error instanceof ScimError && error.scimType === "invalidFilter") {
      throw invalidPath(`Path ${quoteName(text)}: ${error.detail}`);
    }
    throw error;
  }
}
