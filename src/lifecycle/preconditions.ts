// The preconditions every change to an existing resource checks first, users and groups alike.
import { etagListMatches } from "../scim/etag";
import { fail, type Outcome, succeed } from "./outcome";

/** The row a change applies to, if it exists and If-Match (RFC 7644 §3.14) names its current version. */
export function checkPreconditions<Row extends { version: number }>(
  row: Row | undefined,
  ifMatch: string | undefined,
): Outcome<Row> {
  if (!row) return fail({ reason: "notFound" });
  if (ifMatch !== undefined && !etagListMatches(ifMatch, row.version))
    return fail({ reason: "versionMismatch" });
  return succeed(row);
}
