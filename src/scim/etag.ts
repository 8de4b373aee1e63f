// Versions and ETags (RFC 7644 §3.14): meta.version is the weak ETag of a resource's revision counter.
export const etagOf = (version: number): string => `W/"${version}"`;

/**
 * Whether an If-Match / If-None-Match header value names this version: `*`, or any listed entity tag
 * (weak comparison, RFC 9110 §8.8.3.2, so `W/"3"` and `"3"` both match version 3).
 */
export function etagListMatches(header: string, version: number): boolean {
  if (header.trim() === "*") return true;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === `"${version}"`);
}
