// /Users routes (RFC 7644 §3.3–3.6): validate, make one call, render. Writes go through the user's Durable Object.
import { type Context, Hono } from "hono";
import { cursorSealFor } from "../../auth/cursor-seal";
import { organisationDatabase } from "../../db/client";
import type { UserGroupRow } from "../../db/group-members";
import { findUserWithGroups, type ListedUser } from "../../db/users";
import type { AppEnv } from "../../env";
import { provisionUser } from "../../lifecycle/provision";
import { userLifecycle } from "../../lifecycle/stub";
import { searchUsers } from "../../queries/search-users";
import { showsGroups, userDocument } from "../../queries/user-groups";
import { ScimError } from "../../scim/errors";
import { etagListMatches, etagOf } from "../../scim/etag";
import { type ListSource, parseAttributeSelection, parseSealedListQuery } from "../../scim/list";
import { parsePatchRequest } from "../../scim/patch/request";
import { validateResource } from "../../scim/resource/validate";
import { userResourceType } from "../../scim/schemas/resource-type";
import { methodNotAllowed } from "../errors";
import { scimJson } from "../respond";
import { baseUrlOf, scopeOf } from "./context";
import { unwrap } from "./failures";
import { normalise, readBody } from "./normalise";

/** A user as a response body, with its read-only `groups` when the selection returns them. */
const document = (c: Context<AppEnv>, row: ListedUser, memberships: readonly UserGroupRow[] | undefined) =>
  userDocument(
    organisationDatabase(c.env, c.get("org").id),
    scopeOf(c),
    row,
    parseAttributeSelection(c.get("query")),
    baseUrlOf(c),
    memberships,
  );

/**
 * A user response: ETag (RFC 7644 §3.14) and Content-Location, which RFC 7643 §3.1 says meta.location equals;
 * a 201 also carries Location (RFC 7644 §3.3).
 */
async function respondWithUser(
  c: Context<AppEnv>,
  row: ListedUser,
  status: 200 | 201 = 200,
  memberships?: readonly UserGroupRow[],
) {
  const { body, location } = await document(c, row, memberships);
  const headers: Record<string, string> = { ETag: etagOf(row.version), "Content-Location": location };
  if (status === 201) headers.Location = location;
  return scimJson(body, status, headers);
}

/** A POST or PUT body in canonical form, validated as the directory's profile asks. */
function readUser(c: Context<AppEnv>, body: unknown) {
  const normaliser = c.get("normaliser");
  const canonical = normaliser.resource(userResourceType, body);
  return validateResource(userResourceType, canonical, { unknownAttributes: normaliser.unknownAttributes });
}

async function list(c: Context<AppEnv>, source: ListSource) {
  const seal = cursorSealFor(c.env.ADMIN_SECRET, scopeOf(c));
  const query = await parseSealedListQuery(source, seal);
  const db = organisationDatabase(c.env, c.get("org").id);
  return scimJson(await searchUsers(db, scopeOf(c), query, baseUrlOf(c), seal));
}

export const userRoutes = new Hono<AppEnv>()
  .use(normalise(userResourceType))
  .get("/", (c) => list(c, { kind: "query", params: c.get("query") }))
  .post("/.search", async (c) =>
    list(c, { kind: "search", body: c.get("normaliser").search(userResourceType, await readBody(c)) }),
  )
  .all("/.search", methodNotAllowed("POST"))
  .post("/", async (c) => {
    const { resource } = readUser(c, await readBody(c));
    const db = organisationDatabase(c.env, c.get("org").id);
    const { id, outcome, reprovisioned } = await provisionUser(c.env, db, scopeOf(c), resource);
    const row = unwrap(outcome, id);
    // A POST that restores an existing user (reprovisioning) keeps its memberships: only then are groups read.
    return respondWithUser(c, row, 201, reprovisioned ? undefined : []);
  })
  .all("/", methodNotAllowed("GET, POST"))
  .get("/:id", async (c) => {
    const id = c.req.param("id");
    const db = organisationDatabase(c.env, c.get("org").id);
    const ifNoneMatch = c.req.header("If-None-Match");
    // A conditional GET mostly ends in 304: its groups are read only if the user has changed.
    const withGroups = ifNoneMatch === undefined && showsGroups(parseAttributeSelection(c.get("query")));
    const { row, memberships } = await findUserWithGroups(db, scopeOf(c), id, withGroups);
    if (!row) throw ScimError.plain(404, `No user with id "${id}" exists in this directory.`);
    if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, row.version)) {
      return new Response(null, { status: 304, headers: { ETag: etagOf(row.version) } });
    }
    return respondWithUser(c, row, 200, withGroups ? memberships : undefined);
  })
  .put("/:id", async (c) => {
    const id = c.req.param("id");
    const { resource } = readUser(c, await readBody(c));
    const scope = scopeOf(c);
    const command = { scope, id, resource, ifMatch: c.req.header("If-Match") };
    const row = unwrap(await userLifecycle(c.env, scope, id).replace(command), id);
    return respondWithUser(c, row);
  })
  .patch("/:id", async (c) => {
    const id = c.req.param("id");
    const body = c.get("normaliser").patch(userResourceType, await readBody(c), id);
    const operations = parsePatchRequest(body);
    const scope = scopeOf(c);
    const command = { scope, id, operations, ifMatch: c.req.header("If-Match") };
    const row = unwrap(await userLifecycle(c.env, scope, id).patch(command), id);
    return respondWithUser(c, row);
  })
  .delete("/:id", async (c) => {
    const id = c.req.param("id");
    const scope = scopeOf(c);
    unwrap(
      await userLifecycle(c.env, scope, id).remove({ scope, id, ifMatch: c.req.header("If-Match") }),
      id,
    );
    return new Response(null, { status: 204 });
  })
  .all("/:id", methodNotAllowed("GET, PUT, PATCH, DELETE"));
