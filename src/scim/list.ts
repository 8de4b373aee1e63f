// List requests and responses: GET query parameters and POST /.search bodies (RFC 7644 §3.4.2–3.4.3, RFC 9865).
import { z } from "zod";
import { type CursorPosition, type CursorSeal, decodeCursor, encodeCursor } from "./cursor";
import { invalidSyntax, invalidValue } from "./errors";
import { DEFAULT_PAGE_SIZE, MAX_ATTRIBUTE_PATHS, MAX_PAGE_SIZE, MAX_START_INDEX } from "./limits";

export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

export type SortOrder = "ascending" | "descending";
export interface SortSpec {
  /** The sortBy attribute path as sent; resolving it against the resource type is the caller's job. */
  by: string;
  order: SortOrder;
}

/**
 * Index paging (RFC 7644 §3.4.2.4) or cursor paging (RFC 9865). Without startIndex or cursor the method is
 * index, as RFC 9865 §2.4 advises for servers that had index paging first (Okta and Entra page by index).
 */
export type Paging =
  | { method: "index"; startIndex: number }
  /** `position` is undefined for the first page (an empty cursor). */
  | { method: "cursor"; position: CursorPosition | undefined };

export interface ListQuery {
  /** The filter text, unparsed; undefined when absent or blank. */
  filter?: string | undefined;
  sort?: SortSpec | undefined;
  /** Page size after RFC 7644 §3.4.2.4 clamping: 0 ≤ count ≤ MAX_PAGE_SIZE. */
  count: number;
  paging: Paging;
  /** Attribute paths as sent (split, trimmed, blanks dropped); projection resolves them. */
  attributes: string[];
  excludedAttributes: string[];
}

export type ListSource = { kind: "query"; params: URLSearchParams } | { kind: "search"; body: unknown };

/** What both sources reduce to before one set of rules applies. */
interface RawListParams {
  filter?: string | null | undefined;
  sortBy?: string | null | undefined;
  sortOrder?: string | null | undefined;
  startIndex?: string | number | null | undefined;
  count?: string | number | null | undefined;
  cursor?: string | null | undefined;
  attributes?: string[] | undefined;
  excludedAttributes?: string[] | undefined;
}

const SCALARS = ["filter", "sortBy", "sortOrder", "startIndex", "count", "cursor"] as const;
const LISTS = ["attributes", "excludedAttributes"] as const;
/** Parameter and SearchRequest attribute names, matched case-insensitively as RFC 7643 §2.1 treats attribute names. */
const CANONICAL = new Map<string, string>(
  [...SCALARS, ...LISTS, "schemas"].map((name) => [name.toLowerCase(), name]),
);

const splitPaths = (values: readonly string[]): string[] =>
  values
    .flatMap((value) => value.split(","))
    .map((path) => path.trim())
    .filter((path) => path !== "");

/**
 * GET parameters. Other parameters are ignored (OneLogin sends a trailing `&`). A scalar given twice is a
 * 400: picking one silently could page or filter differently from what the client meant.
 */
function fromSearchParams(params: URLSearchParams): RawListParams {
  const seen = new Map<string, string[]>();
  for (const [key, value] of params) {
    const name = CANONICAL.get(key.toLowerCase());
    if (name) seen.set(name, [...(seen.get(name) ?? []), value]);
  }
  const raw: RawListParams = {};
  for (const name of SCALARS) {
    const values = seen.get(name);
    if (values && values.length > 1)
      throw invalidValue(`The query parameter "${name}" was given ${values.length} times.`);
    raw[name] = values?.[0];
  }
  for (const name of LISTS) {
    const values = seen.get(name);
    if (values) raw[name] = splitPaths(values);
  }
  return raw;
}

const integerish = z.union([z.number(), z.string()]).nullish();
const pathList = z.union([z.array(z.string()), z.string()]).nullish();
const searchRequest = z.object({
  schemas: z.array(z.string()),
  filter: z.string().nullish(),
  sortBy: z.string().nullish(),
  sortOrder: z.string().nullish(),
  startIndex: integerish,
  count: integerish,
  cursor: z.string().nullish(),
  attributes: pathList,
  excludedAttributes: pathList,
});

/**
 * A SearchRequest body (RFC 7644 §3.4.3, with RFC 9865 §3's cursor). JSON null counts as absent (Entra sends
 * nulls); a string is accepted where the RFC has a list of attribute names, and split on commas.
 */
function fromSearchBody(body: unknown): RawListParams {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidSyntax("A SearchRequest body must be a JSON object.");
  }
  const named: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = CANONICAL.get(key.toLowerCase());
    if (!name) continue;
    if (name in named) throw invalidSyntax(`The SearchRequest attribute "${name}" appears more than once.`);
    named[name] = value;
  }
  const parsed = searchRequest.safeParse(named);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidSyntax(
      `Invalid SearchRequest: ${issue?.path.map(String).join(".") || "body"}: ${issue?.message ?? "malformed"}.`,
    );
  }
  const { schemas, attributes, excludedAttributes, ...scalars } = parsed.data;
  if (!schemas.some((s) => s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`A SearchRequest must list "${SEARCH_REQUEST_SCHEMA}" in schemas.`);
  }
  const list = (value: string | string[] | null | undefined) =>
    value == null ? undefined : splitPaths(typeof value === "string" ? [value] : value);
  return { ...scalars, attributes: list(attributes), excludedAttributes: list(excludedAttributes) };
}

const present = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined && value !== "";

/** RFC 7644 §3.4.2.4 defines startIndex and count as integers; anything else, "1.5" or "ten", is a 400. */
function integer(name: string, value: string | number): number {
  const n = typeof value === "number" ? value : /^\s*-?[0-9]+\s*$/.test(value) ? Number(value) : Number.NaN;
  // A digit string too long for a double still parses (to a huge value or Infinity); clamping handles it.
  if (typeof value === "number" ? !Number.isInteger(n) : Number.isNaN(n)) {
    throw invalidValue(`"${name}" must be an integer, got ${JSON.stringify(value).slice(0, 40)}.`);
  }
  return n;
}

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max);

function paths(name: string, list: string[] | undefined): string[] {
  if (list && list.length > MAX_ATTRIBUTE_PATHS) {
    throw invalidValue(
      `"${name}" lists ${list.length} attributes; at most ${MAX_ATTRIBUTE_PATHS} are accepted.`,
    );
  }
  return list ?? [];
}

function normalise(raw: RawListParams): ListQuery {
  // A blank filter is treated as no filter: it can mean nothing else, and rejecting it helps no client.
  // Its length and shape are the filter parser's to check (src/scim/filter/parse.ts).
  const filter = present(raw.filter) && raw.filter.trim() !== "" ? raw.filter.trim() : undefined;
  let order: SortOrder = "ascending"; // RFC 7644 §3.4.2.3: ascending when sortBy comes without sortOrder.
  if (present(raw.sortOrder)) {
    const lower = raw.sortOrder.trim().toLowerCase();
    if (lower !== "ascending" && lower !== "descending") {
      throw invalidValue(
        `"sortOrder" must be "ascending" or "descending", got ${JSON.stringify(raw.sortOrder).slice(0, 40)}.`,
      );
    }
    order = lower;
  }
  const sortBy = present(raw.sortBy) ? raw.sortBy.trim() : "";
  const sort = sortBy !== "" ? { by: sortBy, order } : undefined;

  // §3.4.2.4: count < 0 is 0 and startIndex < 1 is 1; above the maximum, count is capped (RFC 9865 §4 maxPageSize).
  const count = present(raw.count) ? clamp(integer("count", raw.count), 0, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const startIndex = present(raw.startIndex)
    ? clamp(integer("startIndex", raw.startIndex), 1, MAX_START_INDEX)
    : undefined;

  let paging: Paging;
  if (raw.cursor !== null && raw.cursor !== undefined) {
    // RFC 9865 §2.4 has clients pick a method with startIndex *or* cursor; both at once names no page.
    if (startIndex !== undefined) throw invalidValue('"startIndex" and "cursor" cannot be used together.');
    paging = {
      method: "cursor",
      position: raw.cursor === "" ? undefined : decodeCursor(raw.cursor, { filter, sort }),
    };
  } else {
    paging = { method: "index", startIndex: startIndex ?? 1 };
  }
  return {
    filter,
    sort,
    count,
    paging,
    attributes: paths("attributes", raw.attributes),
    excludedAttributes: paths("excludedAttributes", raw.excludedAttributes),
  };
}

/** Parses a list request into one typed query. Every failure is a ScimError with status 400. */
export function parseListQuery(source: ListSource): ListQuery {
  return normalise(readListParams(source));
}

const readListParams = (source: ListSource): RawListParams =>
  source.kind === "query" ? fromSearchParams(source.params) : fromSearchBody(source.body);

/**
 * The rows a query asks for, for the repository: `afterSeq` set means keyset paging (`seq > afterSeq` in seq
 * order); otherwise skip `offset` rows in sort order. Fetch `limit + 1` rows to learn whether more follow.
 */
export function pageWindow(query: ListQuery): { limit: number; offset: number; afterSeq?: number } {
  const { paging, count } = query;
  if (paging.method === "index") return { limit: count, offset: paging.startIndex - 1 };
  if (query.sort)
    return {
      limit: count,
      offset: paging.position && "offset" in paging.position ? paging.position.offset : 0,
    };
  return {
    limit: count,
    offset: 0,
    afterSeq: paging.position && "after" in paging.position ? paging.position.after : 0,
  };
}

/**
 * nextCursor and previousCursor for a cursor page (RFC 9865 §2): nextCursor unless this is the last page,
 * previousCursor only where it is cheap (offsets) and never on the first page. With count=0 neither is sent:
 * such a page asks only for totalResults and moves nowhere.
 */
export function cursorLinks(
  query: ListQuery,
  page: { hasMore: boolean; lastSeq?: number | undefined },
): { nextCursor?: string; previousCursor?: string } {
  if (query.paging.method !== "cursor" || query.count === 0) return {};
  const scope = { filter: query.filter, sort: query.sort };
  const links: { nextCursor?: string; previousCursor?: string } = {};
  if (query.sort) {
    const { offset } = pageWindow(query);
    if (page.hasMore) links.nextCursor = encodeCursor({ offset: offset + query.count }, scope);
    if (offset > 0) links.previousCursor = encodeCursor({ offset: Math.max(0, offset - query.count) }, scope);
  } else if (page.hasMore && page.lastSeq !== undefined) {
    links.nextCursor = encodeCursor({ after: page.lastSeq }, scope);
  }
  return links;
}

/** The page's cursors as the client sees them: sealed (src/auth/cursor-seal.ts). */
export async function sealCursors(info: PageInfo, seal: CursorSeal): Promise<PageInfo> {
  if (info.method !== "cursor") return info;
  const { nextCursor, previousCursor, ...rest } = info;
  return {
    ...rest,
    ...(nextCursor === undefined ? {} : { nextCursor: await seal.seal(nextCursor) }),
    ...(previousCursor === undefined ? {} : { previousCursor: await seal.seal(previousCursor) }),
  };
}

/** Parses a list request whose cursor is sealed: opened first, so the rules above read the text built here. */
export async function parseSealedListQuery(source: ListSource, seal: CursorSeal): Promise<ListQuery> {
  const raw = readListParams(source);
  if (raw.cursor) raw.cursor = await seal.open(raw.cursor);
  return normalise(raw);
}

export type PageInfo =
  | { method: "index"; totalResults: number; startIndex: number }
  | {
      method: "cursor";
      totalResults: number;
      nextCursor?: string | undefined;
      previousCursor?: string | undefined;
    };

export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  previousCursor?: string;
  Resources: T[];
}

/**
 * A ListResponse (RFC 7644 §3.4.2). itemsPerPage is the number actually returned (Okta checks it); Resources
 * is present even when empty (Entra expects it). Non-integers here are a bug of ours, so a plain Error (500).
 */
export function listResponse<T>(resources: readonly T[], page: PageInfo): ListResponse<T> {
  if (!Number.isSafeInteger(page.totalResults) || page.totalResults < 0) {
    throw new RangeError(`totalResults must be a non-negative integer: ${page.totalResults}`);
  }
  const head: Omit<ListResponse<T>, "Resources"> = {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    itemsPerPage: resources.length,
  };
  if (page.method === "index") {
    if (!Number.isSafeInteger(page.startIndex) || page.startIndex < 1) {
      throw new RangeError(`startIndex must be a positive integer: ${page.startIndex}`);
    }
    head.startIndex = page.startIndex;
  } else {
    if (page.nextCursor !== undefined) head.nextCursor = page.nextCursor;
    if (page.previousCursor !== undefined) head.previousCursor = page.previousCursor;
  }
  // Resources last, as in the RFC examples: key order means nothing to JSON but helps people reading logs.
  return { ...head, Resources: [...resources] };
}

/** `attributes` / `excludedAttributes` on requests for a single resource (RFC 7644 §3.9). */
export function parseAttributeSelection(
  params: URLSearchParams,
): Pick<ListQuery, "attributes" | "excludedAttributes"> {
  const raw = fromSearchParams(params);
  return {
    attributes: paths("attributes", raw.attributes),
    excludedAttributes: paths("excludedAttributes", raw.excludedAttributes),
  };
}
