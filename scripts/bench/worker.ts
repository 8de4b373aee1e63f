// The benchmark's Worker: the real scim-edge Worker, unchanged, plus bench-only routes in the same runtime, with the
// same bindings. Two measure the platform's own ceiling:
//   POST /__bench/create?id=…  one Durable Object call that writes one D1 batch of as many statements as a SCIM
//                              create writes (src/lifecycle/write-user.ts: the user row, a seat, its workspace,
//                              their two events and the webhook mark), each in its plainest SQL;
//   GET  /__bench/read?id=…    one plain point read of a user row by primary key;
// the floor (scripts/bench/floor.ts): the least a filtered GET and a create owe under scim-edge's rules, on a
// tenant's host and token:
//   GET  /__bench/floor/read?userName=…   POST /__bench/floor/create (a SCIM user as the body);
// and a probe that counts D1 round trips, for the report's "what dominates" (off while anything is timed):
//   POST /__bench/probe?on=1|0 switches counting on or off; GET /__bench/probe returns and resets the counts.
// Never deployed: scripts/bench/run.mjs bundles this file and runs it in Miniflare.
import { DurableObject } from "cloudflare:workers";
import worker, { GroupLifecycle as Group, UserLifecycle as User } from "../../src/index";
import { floorCreate, floorRead } from "./floor";

// Every other export of the Worker (Durable Object classes added later among them) as it is; the two classes
// declared below take precedence over these.
export * from "../../src/index";

/**
 * D1 use while probing: round trips (a statement run alone, or one batch), statements, and D1's own rows read and
 * written, Worker and objects together.
 */
const counts = { roundTrips: 0, statements: 0, batches: 0, rowsRead: 0, rowsWritten: 0 };
/** The statements prepared while probing, by their first words: which queries a request makes. */
let queries: Record<string, number> = {};

/** Adds D1's own meta.rows_read / rows_written of a result (or of each result of a batch) to the counts. */
function meter<T>(result: Promise<T>): Promise<T> {
  return result.then((value) => {
    for (const r of Array.isArray(value) ? value : [value]) {
      const meta = (r as { meta?: { rows_read?: number; rows_written?: number } } | null)?.meta;
      counts.rowsRead += meta?.rows_read ?? 0;
      counts.rowsWritten += meta?.rows_written ?? 0;
    }
    return value;
  });
}
let probing = false;
const RAW = Symbol("raw");
const RUNS = new Set(["all", "first", "run", "raw"]);

/** Methods whose results carry no meta (Drizzle runs its selects with raw()). */
const META_LESS = new Set(["first", "raw"]);
const isSelect = (query: string) => /^\s*(select|with)\b/i.test(query);

function countedStatement(statement: D1PreparedStatement, query: string): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, prop) {
      if (prop === RAW) return target;
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      if (prop === "bind") return (...args: unknown[]) => countedStatement(value.apply(target, args), query);
      if (RUNS.has(String(prop))) {
        return async (...args: unknown[]) => {
          counts.roundTrips++;
          const result = await meter(value.apply(target, args));
          // A select run without meta is run once more with all(), uncounted, for D1's rows_read: without it, a
          // scan in a single select (the kind that made creates grow with the directory) stays invisible.
          if (META_LESS.has(String(prop)) && isSelect(query)) {
            counts.rowsRead += (await target.all()).meta.rows_read ?? 0;
          }
          return result;
        };
      }
      return value.bind(target);
    },
  });
}

function countedDatabase(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          counts.statements++;
          const head = query.replace(/\s+/g, " ").slice(0, 90);
          queries[head] = (queries[head] ?? 0) + 1;
          return countedStatement(target.prepare(query), query);
        };
      }
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          counts.roundTrips++;
          counts.batches++;
          const raw = statements.map((s) => (s as unknown as Record<symbol, D1PreparedStatement>)[RAW] ?? s);
          return meter(target.batch(raw));
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The bindings, with DB counted only while probing (a plain pass-through otherwise). */
const probed = <E extends Env>(env: E): E =>
  new Proxy(env, {
    get: (target, prop) =>
      prop === "DB" && probing ? countedDatabase(target.DB) : Reflect.get(target, prop),
  });

// The project's Durable Object classes, unchanged but for the probed bindings.
export class UserLifecycle extends User {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, probed(env));
  }
}
export class GroupLifecycle extends Group {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, probed(env));
  }
}

/** The scope the ceiling writes into: its own organisation, so that it never grows the measured directory. */
const CEILING = { orgId: "org-ceiling", directoryId: "dir-ceiling", licenceId: "lic-ceiling" };

export class BenchCeiling extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, probed(env));
  }

  async create(id: string): Promise<string> {
    const now = new Date().toISOString();
    const userName = `${id}@ceiling.example`;
    const resource = JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      active: true,
    });
    const workspaceId = crypto.randomUUID();
    const { orgId, directoryId, licenceId } = CEILING;
    const db = this.env.DB;
    // An event numbered as every event must be, after the organisation's newest.
    const event = (type: string, resourceType: string, resourceId: string) =>
      db
        .prepare(
          `INSERT INTO events (org_id, seq, id, type, directory_id, resource_type, resource_id, data, occurred_at)
           VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM events WHERE org_id = ?), ?, ?, ?, ?, ?, '{}', ?)`,
        )
        .bind(
          orgId,
          orgId,
          `evt_${crypto.randomUUID().replaceAll("-", "")}`,
          type,
          directoryId,
          resourceType,
          resourceId,
          now,
        );
    // The six statements of a create's batch (src/lifecycle/write-user.ts), each in its plainest SQL: the user, a
    // seat, the workspace, their two events, the webhook's wake-up mark.
    await db.batch([
      db
        .prepare(
          `INSERT INTO users (id, org_id, directory_id, user_name, user_name_key, external_id, active, resource,
             search, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, 1, ?, ?, 1, ?, ?)`,
        )
        .bind(id, orgId, directoryId, userName, userName, resource, resource, now, now),
      db
        .prepare("UPDATE licences SET seats_used = seats_used + 1 WHERE id = ? AND seats_used < seats")
        .bind(licenceId),
      db
        .prepare(
          "INSERT INTO workspaces (id, org_id, licence_id, owner_user_id, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(workspaceId, orgId, licenceId, id, now),
      event("user.created", "User", id),
      event("workspace.allocated", "Workspace", workspaceId),
      db
        .prepare("UPDATE webhooks SET wake_pending = 1 WHERE org_id = ? AND enabled = 1 AND wake_pending = 0")
        .bind(orgId),
    ]);
    return id;
  }
}

interface BenchEnv extends Env {
  BENCH_CEILING: DurableObjectNamespace<BenchCeiling>;
}

export default {
  async fetch(request, rawEnv, ctx) {
    const env = probed(rawEnv);
    const url = new URL(request.url);
    if (url.pathname === "/__bench/probe") {
      if (request.method === "POST") probing = url.searchParams.get("on") === "1";
      const snapshot = { ...counts, queries };
      queries = {};
      Object.assign(counts, { roundTrips: 0, statements: 0, batches: 0, rowsRead: 0, rowsWritten: 0 });
      return Response.json(snapshot);
    }
    // One object per user, as the real create uses one UserLifecycle object per (organisation, user).
    const createInObject = (id: string) =>
      env.BENCH_CEILING.get(env.BENCH_CEILING.idFromName(`${CEILING.orgId}:${id}`)).create(id);
    if (url.pathname === "/__bench/create") {
      const id = url.searchParams.get("id") ?? crypto.randomUUID();
      return Response.json({ id: await createInObject(id) }, { status: 201 });
    }
    if (url.pathname === "/__bench/floor/read") return floorRead(request, env, ctx);
    if (url.pathname === "/__bench/floor/create") return floorCreate(request, env, ctx, createInObject);
    if (url.pathname === "/__bench/read") {
      const row = await env.DB.prepare("SELECT resource FROM users WHERE id = ?")
        .bind(url.searchParams.get("id"))
        .first<{ resource: string }>();
      return row
        ? new Response(row.resource, { headers: { "content-type": "application/scim+json" } })
        : new Response("not found", { status: 404 });
    }
    return worker.fetch(request, env, ctx);
  },
  queue: worker.queue,
  scheduled: worker.scheduled,
} satisfies ExportedHandler<BenchEnv>;
