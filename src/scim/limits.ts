// SCIM protocol limits: page sizes (RFC 7644 §3.4.2.4, RFC 9865 §4), cursors, attribute lists; filter bounds re-exported.

/**
 * Page size when the client sends no `count`. Okta imports with count=100 and the IETF interop profile
 * (draft-zollner-scim-interop-profile) asks servers to page at least 100, so the default matches both.
 */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Largest page served; a larger `count` is capped to it, never rejected (RFC 7644 §3.4.2.4 lets the server
 * return fewer results than asked; RFC 9865 §4 defines maxPageSize as the cap "regardless of" count).
 * 1,000 is ten Okta import pages: a rendered user is about 1–2 KB, so a full page stays a few MB of JSON,
 * one D1 query (LIMIT 1,001 to see whether more follow) and a few tens of milliseconds of CPU.
 * Advertised as ServiceProviderConfig filter.maxResults and pagination.maxPageSize.
 */
export const MAX_PAGE_SIZE = 1000;

/**
 * Largest startIndex kept as given; larger values are clamped so that an offset stays a safe integer
 * (SQLite integers are 64-bit, JavaScript numbers are exact only to 2^53 − 1). Any such page is empty anyway.
 */
export const MAX_START_INDEX = Number.MAX_SAFE_INTEGER;

/** Longest cursor text decoded; ours are under 40 characters, anything longer is not one of ours. */
export const MAX_CURSOR_LENGTH = 128;

/** Most paths in one `attributes` or `excludedAttributes` list; more is a malformed request, not a real client. */
export const MAX_ATTRIBUTE_PATHS = 100;

/** Filter bounds are owned by the filter parser, which enforces them; re-exported so that every limit is found here. */
export { MAX_FILTER_COMPARISONS, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from "./filter/limits";
