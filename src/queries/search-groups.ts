// Lists a directory's groups for GET /Groups and POST /Groups/.search: filter, sort and page in D1 as for users,
// then each group's members, when selected, within the per-response budget (src/queries/group-documents.ts).
import type { Database } from "../db/client";
import { groupFilterColumns } from "../db/group-columns";
import { listGroups } from "../db/groups";
import type { DirectoryScope } from "../db/users";
import type { CursorSeal } from "../scim/cursor";
import { type ListQuery, listResponse, sealCursors } from "../scim/list";
import { groupTextPlan } from "../scim/members/document";
import { groupResourceType } from "../scim/schemas/resource-type";
import { type BodyPart, groupBodies } from "./group-documents";
import { fetchResourcePage } from "./resource-page";

/** The ListResponse as body parts: the envelope's text around each group's text, in order. */
export async function searchGroups(
  db: Database,
  scope: DirectoryScope,
  query: ListQuery,
  baseUrl: string,
  seal: CursorSeal,
): Promise<BodyPart[]> {
  const page = await fetchResourcePage(groupResourceType, groupFilterColumns, query, (q) =>
    listGroups(db, scope, q),
  );
  const bodies = await groupBodies(db, scope, page.rows, groupTextPlan(query), baseUrl);
  // The envelope is built by listResponse() with a marker per group, then cut at the markers.
  const marker = `\u0000group:${crypto.randomUUID()}`;
  const envelope = listResponse(
    bodies.rows.map(() => marker),
    await sealCursors(page.pageInfo(bodies.consumed), seal),
  );
  const pieces = JSON.stringify(envelope).split(JSON.stringify(marker));
  return pieces.flatMap((piece, i) => {
    const group = bodies.parts[i];
    return group === undefined ? [piece] : [piece, group];
  });
}
