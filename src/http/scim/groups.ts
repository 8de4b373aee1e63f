// /Groups routes (RFC 7644 §3.3–3.6): validate, make one call, render. Writes go through the group's Durable
// Object; reads go straight to D1 and read members only when the response returns them.
import { type Context, Hono } from "hono";
import { cursorSealFor } from "../../auth/cursor-seal";
import { organisationDatabase } from "../../db/client";
import { type GroupRow, getGroup } from "../../db/groups";
import type { AppEnv } from "../../env";
import { groupLifecycle } from "../../lifecycle/group-stub";
import { groupBodies } from "../../queries/group-documents";
import { searchGroups } from "../../queries/search-groups";
import { ScimError } from "../../scim/errors";
import { etagListMatches, etagOf } from "../../scim/etag";
import { type ListSource, parseAttributeSelection, parseSealedListQuery } from "../../scim/list";
import { groupTextPlan } from "../../scim/members/document";
import { readGroupBody } from "../../scim/members/ids";
import { planGroupPatch } from "../../scim/members/patch";
import { parsePatchRequest } from "../../scim/patch/request";
import { resourceLocation } from "../../scim/render";
import { groupResourceType } from "../../scim/schemas/resource-type";
import { methodNotAllowed } from "../errors";
import { baseUrlOf, scopeOf } from "./context";
import { unwrap } from "./failures";
import { normalise, readBody } from "./normalise";
import { scimText } from "./text-body";

const database = (c: Context<AppEnv>) => organisationDatabase(c.env, c.get("org").id);
const selectionOf = (c: Context<AppEnv>) => parseAttributeSelection(c.get("query"));
const notFound = (id: string) => ScimError.plain(404, `No group with id "${id}" exists in this directory.`);

/** A POST or PUT body in canonical form, validated as the directory's profile asks. */
function readGroup(c: Context<AppEnv>, body: unknown) {
  const normaliser = c.get("normaliser");
  const canonical = normaliser.resource(groupResourceType, body);
  return readGroupBody(canonical, { unknownAttributes: normaliser.unknownAttributes });
}

async function list(c: Context<AppEnv>, source: ListSource) {
  const seal = cursorSealFor(c.env.ADMIN_SECRET, scopeOf(c));
  const query = await parseSealedListQuery(source, seal);
  return scimText(await searchGroups(database(c), scopeOf(c), query, baseUrlOf(c), seal));
}

/** One group as the response body, members included as the selection asks; the ETag is the version served. */
async function groupResponse(
  c: Context<AppEnv>,
  row: GroupRow,
  status = 200,
  headers: Record<string, string> = {},
) {
  const plan = groupTextPlan(selectionOf(c));
  const { rows, parts } = await groupBodies(database(c), scopeOf(c), [row], plan, baseUrlOf(c));
  const [served] = rows;
  if (!served) throw notFound(row.id); // deleted between the write or read and the rendering
  // Content-Location equals meta.location (RFC 7643 §3.1).
  const location = resourceLocation(groupResourceType, baseUrlOf(c), served.id);
  return scimText(parts, status, { ETag: etagOf(served.version), "Content-Location": location, ...headers });
}

/**
 * PATCH answers 204 No Content (RFC 7644 §3.5.2 allows it; Entra and Okta accept it) unless the request names
 * `attributes` or `excludedAttributes`: re-reading and sending a 100,000-member group after each of Entra's
 * single-member PATCHes would cost more than the change itself.
 */
function wantsPatchBody(c: Context<AppEnv>): boolean {
  const { attributes, excludedAttributes } = selectionOf(c);
  return attributes.length > 0 || excludedAttributes.length > 0;
}

export const groupRoutes = new Hono<AppEnv>()
  .use(normalise(groupResourceType))
  .get("/", (c) => list(c, { kind: "query", params: c.get("query") }))
  .post("/.search", async (c) =>
    list(c, { kind: "search", body: c.get("normaliser").search(groupResourceType, await readBody(c)) }),
  )
  .all("/.search", methodNotAllowed("POST"))
  .post("/", async (c) => {
    // Extra schema URNs (Entra adds …/ADSCIM/2.0/Group) are message framing: validation skips `schemas`, and
    // only the strict profile refuses them.
    const { resource, members } = readGroup(c, await readBody(c));
    const scope = scopeOf(c);
    const id = crypto.randomUUID();
    const command = { scope, id, resource, members: members ?? [] };
    const row = unwrap(await groupLifecycle(c.env, scope, id).create(command), id);
    const location = resourceLocation(groupResourceType, baseUrlOf(c), id);
    return groupResponse(c, row, 201, { Location: location });
  })
  .all("/", methodNotAllowed("GET, POST"))
  .get("/:id", async (c) => {
    const id = c.req.param("id");
    const db = database(c);
    // A batch of one: a deferred credential check rides on it (src/db/first-round-trip.ts).
    const [[row]] = await db.batch([getGroup(db, scopeOf(c), id)]);
    if (!row) throw notFound(id);
    const ifNoneMatch = c.req.header("If-None-Match");
    if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, row.version)) {
      return new Response(null, { status: 304, headers: { ETag: etagOf(row.version) } });
    }
    return groupResponse(c, row);
  })
  .put("/:id", async (c) => {
    const id = c.req.param("id");
    const { resource, members } = readGroup(c, await readBody(c));
    const scope = scopeOf(c);
    const command = { scope, id, resource, members, ifMatch: c.req.header("If-Match") };
    return groupResponse(c, unwrap(await groupLifecycle(c.env, scope, id).replace(command), id));
  })
  .patch("/:id", async (c) => {
    const id = c.req.param("id");
    const body = c.get("normaliser").patch(groupResourceType, await readBody(c), id);
    const plan = planGroupPatch(parsePatchRequest(body));
    const scope = scopeOf(c);
    const command = { scope, id, plan, ifMatch: c.req.header("If-Match") };
    const row = unwrap(await groupLifecycle(c.env, scope, id).patch(command), id);
    if (!wantsPatchBody(c))
      return new Response(null, { status: 204, headers: { ETag: etagOf(row.version) } });
    return groupResponse(c, row);
  })
  .delete("/:id", async (c) => {
    const id = c.req.param("id");
    const scope = scopeOf(c);
    const command = { scope, id, ifMatch: c.req.header("If-Match") };
    unwrap(await groupLifecycle(c.env, scope, id).remove(command), id);
    return new Response(null, { status: 204 });
  })
  .all("/:id", methodNotAllowed("GET, PUT, PATCH, DELETE"));
