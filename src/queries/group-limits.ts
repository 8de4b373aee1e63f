// How much of a group's membership one response reads, and how: limits measured in docs/groups.md.

/**
 * Members read per query when a large group is written page by page. A page is one index range of
 * group_members joined to users by primary key; 5,000 rows are about 1 MB of JSON, so memory stays flat, and
 * a 1,000,000-member group takes 200 queries, well inside the 1,000 queries one Worker invocation may make
 * (Cloudflare D1 limits, paid plan).
 */
export const MEMBER_PAGE_ROWS = 5_000;

/**
 * Most members one response holds in memory. Groups up to this size are read with their rows in one batch, a
 * consistent snapshot; a larger group is streamed alone. A list page holds groups while their members together
 * stay within it (at least one group per page): RFC 7644 §3.4.2.4 lets a server return fewer resources than
 * `count`, and `itemsPerPage` says how many. 10,000 members are about 2 MB of JSON.
 */
export const MAX_BUFFERED_MEMBERS = 10_000;
