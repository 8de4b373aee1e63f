// The floor: the least a filtered GET and a create owe under scim-edge's own rules, written in the bench Worker with
// nothing of scim-edge's request path (no Hono, no middleware, no normaliser, no filter compiler, no lifecycle).
// Between the ceiling (what the platform costs) and the SCIM request (what scim-edge costs), it says how much of a
// gap the rules themselves leave:
//   - every request is authenticated: its secret hashed and checked against the credential row, read fresh from D1
//     (the catalogue statement of src/db/tenancy.ts) in the request's first round trip;
//   - a create looks for the user it names before anything is written (re-provisioning), and a user's object is
//     reached only once the credential is verified, so that read comes before the object call;
//   - every request is recorded in the system log, after its response, in group-committed batches
//     (src/log/group-commit.ts) as the real log writes them.
// What the floor leaves out is what a real request adds beyond that: parsing and validating SCIM, the filter,
// domain restrictions and licences beyond the ceiling's statements, projection, events of the real shape.
import { hashMatches, hashSecret, presentedToken } from "../../src/auth/token";
import { tenantOf, tenantQuery } from "../../src/db/tenancy";
import { GroupCommit } from "../../src/log/group-commit";
import { fold } from "../../src/scim/fold";
import { LIST_RESPONSE_SCHEMA } from "../../src/scim/list";

interface LogRow {
  id: string;
  orgId: string;
  directoryId: string;
  at: string;
  method: string;
  path: string;
  status: number;
  operation: string;
}

/** One writer per binding, as the real log keeps them (the probe's counted binding gets its own, and is counted). */
const writers = new WeakMap<D1Database, GroupCommit<LogRow>>();

function writerFor(db: D1Database): GroupCommit<LogRow> {
  const known = writers.get(db);
  if (known) return known;
  const writer = new GroupCommit<LogRow>(async (rows) => {
    await db.batch(
      rows.map((r) =>
        db
          .prepare(
            `INSERT INTO system_log (id, org_id, directory_id, at, method, path, status, duration_ms, operation)
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
          )
          .bind(r.id, r.orgId, r.directoryId, r.at, r.method, r.path, r.status, r.operation),
      ),
    );
  });
  writers.set(db, writer);
  return writer;
}

function record(db: D1Database, ctx: ExecutionContext, row: LogRow) {
  ctx.waitUntil(
    writerFor(db)
      .add(row)
      .catch((error: unknown) => console.error(String(error))),
  );
}

/**
 * Authenticates and, in the same batch, runs `statement`: the catalogue statement and the request's own read in one
 * round trip, as scim-edge's reads do. Undefined when the credential does not hold.
 */
async function authenticated(
  request: Request,
  env: Env,
  statement: (tokenId: string) => D1PreparedStatement,
) {
  const db = env.DB;
  const token = presentedToken(request.headers.get("authorization") ?? undefined);
  if (typeof token === "string") return undefined;
  const catalogue = tenantQuery(db, new URL(request.url).host, env.SCIM_DOMAIN, token.id);
  if (!catalogue) return undefined;
  const [secretHash, [tenantRows, rows]] = await Promise.all([
    hashSecret(token.secret),
    db.batch<Record<string, unknown>>([catalogue, statement(token.id)]),
  ]);
  const credential = tenantRows && tenantOf(tenantRows)?.credential;
  if (!credential || !rows || !hashMatches(secretHash, credential.token.secretHash)) return undefined;
  return { credential, rows: rows.results };
}

/** The user rows of the token's directory whose folded userName is `key`. */
const byUserName = (db: D1Database, tokenId: string, key: string) =>
  db
    .prepare(
      `SELECT u.id, u.resource, u.version, u.created_at, u.updated_at FROM users u
       JOIN scim_tokens t ON t.id = ? AND t.org_id = u.org_id AND t.directory_id = u.directory_id
       WHERE u.user_name_key = ? ORDER BY u.seq LIMIT 100`,
    )
    .bind(tokenId, key);

const scimJson = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/scim+json" } });

const logRow = (
  credential: { token: { orgId: string; directoryId: string } },
  request: Request,
  status: number,
) => ({
  id: crypto.randomUUID(),
  orgId: credential.token.orgId,
  directoryId: credential.token.directoryId,
  at: new Date().toISOString(),
  method: request.method,
  path: new URL(request.url).pathname,
  status,
  operation: request.method === "POST" ? "createUser" : "searchUsers",
});

/** `GET /__bench/floor/read?userName=…`: the ListResponse of a `userName eq` filter, at the least. */
export async function floorRead(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const key = fold(new URL(request.url).searchParams.get("userName") ?? "");
  const found = await authenticated(request, env, (tokenId) => byUserName(env.DB, tokenId, key));
  if (!found) return new Response("unauthorised", { status: 401 });
  const Resources = found.rows.map((row) => ({
    ...JSON.parse(String(row.resource)),
    id: row.id,
    meta: {
      resourceType: "User",
      created: row.created_at,
      lastModified: row.updated_at,
      version: `W/"${row.version}"`,
    },
  }));
  record(env.DB, ctx, logRow(found.credential, request, 200));
  return scimJson({
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: Resources.length,
    startIndex: 1,
    itemsPerPage: Resources.length,
    Resources,
  });
}

/**
 * `POST /__bench/floor/create`: the user the body names looked for, then `createInObject` (the ceiling's own
 * object call and batch) for a new one.
 */
export async function floorCreate(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  createInObject: (id: string) => Promise<unknown>,
): Promise<Response> {
  const body = (await request.json()) as { userName?: unknown };
  if (typeof body.userName !== "string") return new Response("no userName", { status: 400 });
  const key = fold(body.userName);
  const found = await authenticated(request, env, (tokenId) => byUserName(env.DB, tokenId, key));
  if (!found) return new Response("unauthorised", { status: 401 });
  if (found.rows.length > 0) return new Response("exists", { status: 409 });
  const id = crypto.randomUUID();
  await createInObject(id);
  record(env.DB, ctx, logRow(found.credential, request, 201));
  return scimJson({ ...body, id }, 201);
}
