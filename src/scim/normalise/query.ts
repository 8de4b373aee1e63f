// Query rules: a trailing `&` or `?` (OneLogin: `?filter=…&`, `PUT /Users/{id}?`), and the filter rules applied to
// the `filter` parameter of a GET and the `filter` member of a POST /.search body.
import { isObject } from "../resource/json";
import type { ResourceTypeDef } from "../schemas/resource-type";
import { canonicalFilter } from "./filter";
import { type RuleContext, when } from "./rules";

const isFilterKey = (key: string) => key.toLowerCase() === "filter";

/**
 * The request's query parameters in canonical form. URLSearchParams already reads a trailing separator as
 * nothing, so that rule changes no parameter: it is recorded so that the system log shows the habit.
 */
export function canonicalQuery(type: ResourceTypeDef, url: string, ctx: RuleContext): URLSearchParams {
  const target = url.split("#")[0] ?? url;
  const query = target.includes("?") ? target.slice(target.indexOf("?") + 1) : undefined;
  if (query !== undefined && (query === "" || query.endsWith("&"))) {
    // Recorded only: the parameters are the same either way.
    when(ctx, "query.trailing-separator", () => true);
  }
  const params = new URLSearchParams(query ?? "");
  return new URLSearchParams(
    [...params].map(([key, value]) => [key, isFilterKey(key) ? canonicalFilter(type, value, ctx) : value]),
  );
}

/** A SearchRequest body (RFC 7644 §3.4.3) with its filter in canonical form. */
export function canonicalSearch(type: ResourceTypeDef, body: unknown, ctx: RuleContext): unknown {
  if (!isObject(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      isFilterKey(key) && typeof value === "string" ? canonicalFilter(type, value, ctx) : value,
    ]),
  );
}
