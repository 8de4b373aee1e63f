// The filter tree (RFC 7644 §3.4.2.2) after attribute paths are resolved against the schema.
import type { ResolvedAttribute } from "../schemas/resolve";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type CompValue = string | number | boolean | null;

export type Filter =
  | { op: CompareOp; attr: ResolvedAttribute; value: CompValue }
  | { op: "pr"; attr: ResolvedAttribute }
  | { op: "and" | "or"; filters: Filter[] }
  | { op: "not"; filter: Filter }
  /**
   * `emails[type eq "work" and value co "@x"]`: some element of the multi-valued `attr` matches `filter`,
   * whose attributes are resolved as sub-attributes of `attr` (attribute = emails, subAttribute = type).
   */
  | { op: "valuePath"; attr: ResolvedAttribute; filter: Filter };
