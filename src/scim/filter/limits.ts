// Bounds on filter input (RFC 7644 §3.4.2.2 sets none), chosen so that one compiled filter fits one D1 statement.

/** Longer filter text is refused before parsing; IdPs send a few dozen characters (idp-behaviour.md). */
export const MAX_FILTER_LENGTH = 2_048;

/** D1 binds at most 100 parameters per statement (Cloudflare D1 limits; platform-notes.md). */
export const D1_MAX_BOUND_PARAMETERS = 100;

/**
 * Parameters the caller of the compiled filter keeps for itself: organisation, directory, cursor or offset, page
 * size, and the scope again in the statement that reads a page's groups (src/db/page.ts).
 */
export const CALLER_RESERVED_PARAMETERS = 10;

/** What one filter may bind. The compiler binds at most one parameter per comparison (src/db/filter-sql.ts). */
export const FILTER_PARAMETER_BUDGET = D1_MAX_BOUND_PARAMETERS - CALLER_RESERVED_PARAMETERS;

/** Comparisons (including `pr`) one filter may hold: each binds at most one parameter. */
export const MAX_FILTER_COMPARISONS = FILTER_PARAMETER_BUDGET;

/**
 * D1 refuses SQL expressions deeper than 100 ("Expression tree is too large (maximum depth 100)", seen in workerd's
 * D1; stock SQLite allows 1,000). The compiler keeps and/or chains balanced, so depth comes from nesting only.
 */
export const D1_MAX_EXPRESSION_DEPTH = 100;

/**
 * Nesting of brackets and of and/or/not/value-path nodes, counting the comparison at the bottom. Each level costs
 * the compiled SQL at most a few levels of D1_MAX_EXPRESSION_DEPTH (test/integration/filter-sql.test.ts runs the
 * deepest shapes), and it keeps the library's recursive parser far from the stack limit.
 */
export const MAX_FILTER_DEPTH = 16;
