// Compiles a resolved SCIM filter (src/scim/filter/ast.ts) and a sortBy attribute to SQL conditions for D1 (SQLite).
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { invalidFilter, invalidSyntax, type ScimError } from "../scim/errors";
import type { CompareOp, CompValue, Filter } from "../scim/filter/ast";
import { matchesFilter } from "../scim/filter/evaluate";
import { FILTER_PARAMETER_BUDGET } from "../scim/filter/limits";
import { fold, foldsStrings } from "../scim/fold";
import type { AttributeDef } from "../scim/schemas/attribute";
import { canonicalPath, leaf, type ResolvedAttribute } from "../scim/schemas/resolve";
import type { Values } from "./compiled";

/*
 * The semantics are those of src/scim/filter/evaluate.ts (absent is not equal, `pr` means present and non-empty,
 * any element of a multi-valued attribute); test/integration/filter-sql.test.ts checks both agree on random data.
 * SQLite's three-valued logic is kept out of sight: a leaf may yield NULL only where the answer is false, and
 * `not` turns NULL into false before negating, so NOT never sees NULL.
 * Each comparison binds at most one parameter, as a placeholder (`f0`, `f1`, …) whose value comes with the condition,
 * so that a page's statements can be compiled once per shape (src/db/page.ts). JSON paths and aliases come from the
 * schema and the compiler and are inlined. A few literals are inlined from the client's comparand: the length of
 * an `ew` suffix, a boolean as 1/0, a comparison with null decided as 0 or a `pr` test. The SQL text therefore
 * depends on more than the filter's structure: whatever caches statements must key on the text itself.
 */

/** Where a filterable attribute lives when it is not in the JSON documents. */
export type FilterSource =
  /** A column holding the value; `folded` when it holds fold(value) (users.user_name_key). */
  | { kind: "column"; expr: SQLWrapper; folded?: boolean }
  /** The same value on every row, e.g. meta.resourceType: comparisons are decided at compile time. */
  | { kind: "constant"; value: string };

/** How one table stores its resources, so that Users and Groups share the compiler. */
export interface FilterColumns {
  /** The stored SCIM document (canonical names; extensions under their URN). */
  resource: SQLWrapper;
  /** The same document with every caseExact=false string folded (fold.ts, searchDocument()). */
  search: SQLWrapper;
  /** Canonical attribute paths (canonicalPath()) served by a column or a constant instead of the documents. */
  columns: Readonly<Record<string, FilterSource>>;
  /** Core attributes not kept in the documents (id, meta, groups): only the paths in `columns` can be filtered. */
  external: readonly string[];
}

/** A WHERE condition with a placeholder for each value the client gave, and those values. */
export interface CompiledFilter {
  condition: SQL;
  values: Values;
}

interface Context {
  readonly columns: FilterColumns;
  parameters: number;
  aliases: number;
  values: Record<string, unknown>;
}

/** Reads the attribute a leaf names, or one sub-attribute of it when it is complex. */
type Read = (sub?: AttributeDef) => SQL;

/** A WHERE condition selecting the rows `filter` matches. */
export function compileFilter(filter: Filter, columns: FilterColumns): CompiledFilter {
  const context: Context = { columns, parameters: 0, aliases: 0, values: {} };
  const condition = compile(filter, context, undefined);
  if (context.parameters > FILTER_PARAMETER_BUDGET) {
    throw invalidFilter(`Filter needs more than ${FILTER_PARAMETER_BUDGET} values`);
  }
  return { condition, values: context.values };
}

function compile(filter: Filter, context: Context, element: string | undefined): SQL {
  switch (filter.op) {
    case "and":
    case "or": {
      if (filter.filters.length === 0) return sql.raw(filter.op === "and" ? "1" : "0");
      return balanced(
        filter.filters.map((f) => compile(f, context, element)),
        sql.raw(filter.op === "and" ? " AND " : " OR "),
      );
    }
    case "not":
      return not(compile(filter.filter, context, element));
    case "valuePath": {
      if (element !== undefined) throw new Error("A value path cannot be nested in another");
      return exists(filter.attr, context, (alias) => compile(filter.filter, context, alias));
    }
    case "pr":
      return leafCondition(filter, context, element);
    default:
      // RFC 7643 §2.5: null is unassigned; `ne` is `not eq`, so a missing attribute is "not equal".
      if (filter.op === "ne") return not(compile({ ...filter, op: "eq" }, context, element));
      if (filter.value === null) {
        const present = leafCondition({ op: "pr", attr: filter.attr }, context, element);
        return filter.op === "eq" ? not(present) : sql.raw("0");
      }
      return leafCondition(filter, context, element);
  }
}

const not = (condition: SQL): SQL => sql`NOT coalesce(${condition}, 0)`;

/**
 * `a OR b OR c …` parses as a left-deep tree, one level per term, and D1 refuses expressions deeper than
 * D1_MAX_EXPRESSION_DEPTH: a balanced tree of the same terms is only log2(n) deep.
 */
function balanced(parts: SQL[], operator: SQL): SQL {
  if (parts.length === 1 && parts[0]) return parts[0];
  const middle = Math.ceil(parts.length / 2);
  return sql`(${balanced(parts.slice(0, middle), operator)}${operator}${balanced(parts.slice(middle), operator)})`;
}

type Leaf = Extract<Filter, { op: CompareOp }> | Extract<Filter, { op: "pr" }>;

function leafCondition(filter: Leaf, context: Context, element: string | undefined): SQL {
  const def = leaf(filter.attr);
  const source = element === undefined ? context.columns.columns[canonicalPath(filter.attr)] : undefined;
  if (source?.kind === "constant") return constant(filter, source.value);
  const test = (read: Read, folded: boolean): SQL => {
    if (filter.op === "pr") return present(def, read);
    return comparison(read(), filter.op, filter.value, folded, context);
  };
  if (element !== undefined) return test(elementReader(element, filter.attr), foldsStrings(def));
  if (source?.kind === "column") return test(() => sql`${source.expr}`, source.folded === true);
  assertInDocuments(filter.attr, context.columns, invalidFilter);
  if (filter.attr.attribute.multiValued) {
    return exists(filter.attr, context, (alias) =>
      test(elementReader(alias, filter.attr), foldsStrings(def)),
    );
  }
  return test(documentReader(filter.attr, context.columns), foldsStrings(def));
}

/** Decides a comparison with a constant (meta.resourceType) now, by the in-memory rules. */
function constant(filter: Leaf, value: string): SQL {
  const { attr } = filter;
  const node = attr.subAttribute
    ? { [attr.attribute.name]: { [attr.subAttribute.name]: value } }
    : { [attr.attribute.name]: value };
  const resource = attr.extension ? { [attr.schema.id]: node } : node;
  return sql.raw(matchesFilter(filter, resource) ? "1" : "0");
}

/** `pr` (RFC 7644 §3.4.2.2): a value that is not null and not ""; for a complex one, through a sub-attribute. */
function present(def: AttributeDef, read: Read): SQL {
  // `x <> ''` is NULL for a missing value and true for any number, boolean (1/0) or non-empty text.
  if (def.type !== "complex") return sql`${read()} <> ''`;
  const subs = (def.subAttributes ?? []).map((sub) => sql`${read(sub)} <> ''`);
  return subs.length === 0 ? sql.raw("0") : sql`(${sql.join(subs, sql.raw(" OR "))})`;
}

function comparison(value: SQL, op: CompareOp, comparand: CompValue, folded: boolean, context: Context): SQL {
  if (typeof comparand === "boolean") {
    // JSON true/false come out of json_extract as 1/0, as the boolean columns store them.
    return op === "eq" ? sql`${value} = ${sql.raw(comparand ? "1" : "0")}` : sql.raw("0");
  }
  if (comparand === null) return sql.raw("0");
  const text = typeof comparand === "string" && folded ? fold(comparand) : comparand;
  const bind = () => {
    const name = `f${context.parameters++}`;
    context.values[name] = text;
    return sql`${sql.placeholder(name)}`;
  };
  switch (op) {
    // instr/substr, not LIKE: LIKE folds ASCII only and D1 caps its patterns at 50 bytes (platform-notes.md).
    case "co":
      return sql`instr(${value}, ${bind()}) > 0`;
    case "sw":
      return sql`instr(${value}, ${bind()}) = 1`;
    case "ew": {
      // substr counts characters (code points), as the spread below does; every string ends with "".
      const length = [...String(text)].length;
      if (length === 0) return sql`typeof(${value}) = 'text'`;
      return sql`substr(${value}, ${sql.raw(String(-length))}) = ${bind()}`;
    }
    case "eq":
      return sql`${value} = ${bind()}`;
    case "ne":
      return sql`${value} <> ${bind()}`;
    case "gt":
      return sql`${value} > ${bind()}`;
    case "ge":
      return sql`${value} >= ${bind()}`;
    case "lt":
      return sql`${value} < ${bind()}`;
    case "le":
      return sql`${value} <= ${bind()}`;
  }
}

/** Some element of the multi-valued `attr` satisfies `condition` (RFC 7644 §3.4.2.2). */
function exists(attr: ResolvedAttribute, context: Context, condition: (alias: string) => SQL): SQL {
  const alias = `e${context.aliases++}`;
  // The search document holds every element: caseExact and non-string values unfolded, the others folded. One
  // json_each over it therefore serves `emails[type eq "work" and value eq "…"]`, whatever each sub-attribute is.
  return sql`EXISTS (SELECT 1 FROM json_each(${context.columns.search}, ${jsonPath({ ...attr, subAttribute: undefined })}) AS ${sql.raw(alias)} WHERE ${condition(alias)})`;
}

/** One json_each row's value, or a sub-attribute of it: only objects have those (json_extract fails on text). */
function elementField(alias: string, sub: AttributeDef | undefined): SQL {
  const row = sql.raw(alias);
  if (!sub) return sql`${row}.value`;
  return sql`(CASE WHEN ${row}.type = 'object' THEN json_extract(${row}.value, ${quotePath([sub.name])}) END)`;
}

const elementReader =
  (alias: string, attr: ResolvedAttribute): Read =>
  (sub) =>
    elementField(alias, attr.subAttribute ?? sub);

/** Reads a single-valued attribute: folded strings from `search`, everything else as stored (`resource`). */
function documentReader(attr: ResolvedAttribute, columns: FilterColumns): Read {
  return (sub) => {
    const target = attr.subAttribute ?? sub;
    const document = foldsStrings(target ?? attr.attribute) ? columns.search : columns.resource;
    const path = target ? jsonPath({ ...attr, subAttribute: target }) : jsonPath(attr);
    return sql`json_extract(${document}, ${path})`;
  };
}

/** Attributes kept outside the documents can be filtered or sorted only through `columns`. */
function assertInDocuments(
  attr: ResolvedAttribute,
  columns: FilterColumns,
  error: (detail: string) => ScimError,
) {
  if (!attr.extension && columns.external.includes(attr.attribute.name)) {
    throw error(`"${canonicalPath(attr)}" cannot be used here: it is not supported for filtering or sorting`);
  }
}

/** Schema names only, so they can be inlined; a quote in one would be a bug in a schema definition. */
const SAFE_KEY = /^[A-Za-z0-9_$:.-]+$/;

function quotePath(keys: string[]): SQL {
  for (const key of keys) if (!SAFE_KEY.test(key)) throw new Error(`Unsafe JSON key in schema: ${key}`);
  // SQLite JSON paths quote labels with "…" so URNs' dots and colons stay one key: $."urn:…:User"."manager".
  return sql.raw(`'$${keys.map((k) => `."${k}"`).join("")}'`);
}

function jsonPath(attr: ResolvedAttribute): SQL {
  const keys = [attr.attribute.name, ...(attr.subAttribute ? [attr.subAttribute.name] : [])];
  return quotePath(attr.extension ? [attr.schema.id, ...keys] : keys);
}

/**
 * The ORDER BY key for sortBy (RFC 7644 §3.4.2.3): a case-insensitive attribute sorts by its folded text, a
 * multi-valued one by its primary element, or else its first. Empty strings count as missing (RFC 7643 §2.5).
 */
export function compileSort(attr: ResolvedAttribute, columns: FilterColumns): SQL {
  const source = columns.columns[canonicalPath(attr)];
  if (source?.kind === "constant") return sql.raw("NULL");
  if (source?.kind === "column") return sql`nullif(${source.expr}, '')`;
  assertInDocuments(attr, columns, invalidSyntax);
  if (attr.attribute.type === "complex" && !attr.subAttribute) {
    // As resolveSortBy() does: a complex attribute sorts by its value, and one without value cannot sort.
    const value = attr.attribute.subAttributes?.find((s) => s.name === "value");
    if (!value)
      throw invalidSyntax(`sortBy "${canonicalPath(attr)}" is complex: name one of its sub-attributes`);
    return compileSort({ ...attr, subAttribute: value }, columns);
  }
  if (!attr.attribute.multiValued) return sql`nullif(${documentReader(attr, columns)()}, '')`;
  const primary = attr.attribute.subAttributes?.find((s) => s.name === "primary");
  const first = primary ? sql`coalesce(${elementField("s", primary)} = 1, 0) DESC, s.key` : sql`s.key`;
  const whole = jsonPath({ ...attr, subAttribute: undefined });
  return sql`nullif((SELECT ${elementField("s", attr.subAttribute)} FROM json_each(${columns.search}, ${whole}) AS s ORDER BY ${first} LIMIT 1), '')`;
}

/** A whole ORDER BY term: RFC 7644 §3.4.2.3 puts resources without a value last ascending, first descending. */
export function orderBy(
  attr: ResolvedAttribute,
  columns: FilterColumns,
  order: "ascending" | "descending",
): SQL {
  const key = compileSort(attr, columns);
  return order === "ascending" ? sql`${key} ASC NULLS LAST` : sql`${key} DESC NULLS FIRST`;
}
