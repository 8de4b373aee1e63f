// `npm run bench`: bundles the Worker (plus the bench-only ceiling routes of scripts/bench/worker.ts) with
// `wrangler deploy --dry-run`, runs it in workerd through Miniflare directly (not `wrangler dev`, whose proxy
// would hide what the Worker costs) with the bindings of wrangler.toml, and measures, in one run:
//   1. the ceiling: one Durable Object call writing one D1 batch of a create's statements, and a point read;
//   2. SCIM POST /Users and GET /Users?filter=userName eq "…" at concurrency 1, 4, 16, as ratios to the ceiling;
//   3. lookups by userName, externalId and id, and an Okta-style import walk, at growing directory sizes;
//   4. adding and removing one member in groups of growing size;
// and, untimed, the D1 round trips, statements and rows read per request (the probe of scripts/bench/worker.ts).
// Flags: --smoke (tiny sizes, one short pass; run by `npm test` so that the bench cannot rot), --full (adds
// 1,000,000 users and a 100,000-member group). Prints a table and writes JSON to bench-results/.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { generateToken, hashSecret } from "../../src/auth/token.ts";

process.env.WRANGLER_SEND_METRICS = "false";
const SMOKE = process.argv.includes("--smoke");
const FULL = process.argv.includes("--full");

const PLAN = SMOKE
  ? {
      concurrency: [1, 4],
      durationMs: 150,
      warmup: 3,
      samples: 5,
      probes: 1,
      pages: 2,
      sizes: [100, 300],
      groups: [10, 100],
    }
  : {
      concurrency: [1, 4, 16],
      durationMs: 4000,
      warmup: 50,
      samples: 200,
      probes: 10,
      pages: 5,
      sizes: FULL ? [1_000, 100_000, 1_000_000] : [1_000, 100_000],
      groups: FULL ? [10, 10_000, 100_000] : [10, 10_000],
    };

const HOST = "bench.localhost";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

// ---------------------------------------------------------------------------------------------- the runtime

/** Bundles scripts/bench/worker.ts as `wrangler deploy` would, and starts it in Miniflare with wrangler.toml's bindings. */
export async function startWorker() {
  const outdir = mkdtempSync(join(tmpdir(), "scim-edge-bench-"));
  execFileSync("wrangler", ["deploy", "--dry-run", "--outdir", outdir, "scripts/bench/worker.ts"], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // modulesRules only matter to an unbundled script; the bundle is one ES module.
  const { modulesRules: _rules, ...workerOptions } =
    unstable_getMiniflareWorkerOptions("wrangler.toml").workerOptions;
  // wrangler still speaks Miniflare 4's options; the Miniflare 5 beta inside it takes them through its converter.
  const options = convertV4MiniflareOptions({
    ...workerOptions,
    name: "scim-edge",
    rootPath: outdir,
    modules: true,
    scriptPath: join(outdir, "worker.js"),
    // Everything in a fresh temporary directory: the bench never touches .wrangler/ state.
    resourcePersistencePath: join(outdir, "state"),
    bindings: { ...workerOptions.bindings, SCIM_DOMAIN: "localhost", ADMIN_SECRET: generateToken().secret },
    durableObjects: {
      ...workerOptions.durableObjects,
      BENCH_CEILING: { className: "BenchCeiling", useSQLite: true },
    },
    cronTriggers: [],
    logRequests: false,
  });
  const mf = new Miniflare(options);
  const stop = async () => {
    await mf.dispose().catch(() => {});
    rmSync(outdir, { recursive: true, force: true });
  };
  // Interrupted (Ctrl-C): leave no workerd and no temporary state behind.
  process.once("SIGINT", () => stop().then(() => process.exit(130)));
  try {
    await mf.ready;
    const db = await mf.getD1Database("DB");
    await applyMigrations(db);
    return { mf, db, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function applyMigrations(db) {
  for (const file of readdirSync("migrations")
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = readFileSync(join("migrations", file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

// ----------------------------------------------------------------------------------------------- the tenants

/** An organisation with a verified domain, a large licence, an admin, a directory and a SCIM token. */
async function seedTenant(db, org) {
  const { id, secret, token } = generateToken();
  const expires = new Date(Date.now() + 86_400_000).toISOString();
  const dir = `dir-${org.slug}`;
  await db.batch([
    db
      .prepare("INSERT INTO organisations (id, slug, name) VALUES (?, ?, ?)")
      .bind(org.id, org.slug, org.slug),
    db.prepare("INSERT INTO verified_domains (domain, org_id) VALUES (?, ?)").bind(org.domain, org.id),
    db
      .prepare("INSERT INTO licences (id, org_id, name, seats) VALUES (?, ?, 'Bench', 100000000)")
      .bind(`lic-${org.slug}`, org.id),
    db
      .prepare("INSERT INTO org_admins (id, org_id, email, name) VALUES (?, ?, ?, 'IT')")
      .bind(`adm-${org.slug}`, org.id, `it@${org.domain}`),
    db
      .prepare(
        `INSERT INTO directories (id, org_id, name, idp, enabled, licence_id, transferee_admin_id)
         VALUES (?, ?, 'Default', 'generic', 1, ?, ?)`,
      )
      .bind(dir, org.id, `lic-${org.slug}`, `adm-${org.slug}`),
    db
      .prepare(
        `INSERT INTO scim_tokens (id, org_id, directory_id, secret_hash, last_four, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(id, org.id, dir, await hashSecret(secret), token.slice(-4), expires),
  ]);
  return { ...org, directoryId: dir, token, host: `${org.slug}.localhost`, created: 0 };
}

/** The ceiling's own scope (scripts/bench/worker.ts), so that its rows never grow the measured directory. */
async function seedCeilingScope(db) {
  await db.batch([
    db.prepare("INSERT INTO organisations (id, slug, name) VALUES ('org-ceiling', 'ceiling', 'ceiling')"),
    db.prepare(
      "INSERT INTO licences (id, org_id, name, seats) VALUES ('lic-ceiling', 'org-ceiling', 'C', 100000000)",
    ),
    db.prepare("INSERT INTO directories (id, org_id, name) VALUES ('dir-ceiling', 'org-ceiling', 'Default')"),
  ]);
}

const userName = (tenant, n) => `u${String(n).padStart(8, "0")}@${tenant.domain}`;
const externalId = (n) => `ext-${String(n).padStart(8, "0")}`;

const newUser = (name, ext) => ({
  schemas: [USER_SCHEMA],
  userName: name,
  externalId: ext,
  name: { givenName: "Bench", familyName: "User" },
  emails: [{ value: name, type: "work", primary: true }],
  active: true,
});

function scim(mf, tenant, method, path, body) {
  return mf.dispatchFetch(`http://${tenant.host}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tenant.token}`,
      ...(body ? { "content-type": "application/scim+json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function expectOk(response, what) {
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Grows a tenant's directory to `size` users by cloning a user that the Worker itself created (so that the
 * stored resource and search document have exactly the Worker's shape), in batched INSERT … SELECT statements,
 * each user with its workspace, as a create leaves it.
 */
async function growDirectory(mf, db, tenant, size) {
  if (!tenant.template) {
    const created = await expectOk(
      await scim(mf, tenant, "POST", "/Users", newUser(userName(tenant, 0), externalId(0))),
      "template user",
    );
    tenant.template = created.id;
    tenant.size = 1;
  }
  const CHUNK = 25_000;
  while (tenant.size < size) {
    const from = tenant.size;
    const to = Math.min(size, from + CHUNK);
    const t0 = userName(tenant, 0);
    const e0 = externalId(0);
    await db.batch([
      db
        .prepare(
          `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2),
           k AS (SELECT i, printf('u%08d@%s', i, ?3) AS name, printf('ext-%08d', i) AS ext,
                   lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
                     || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS uid FROM n)
           INSERT INTO users (id, org_id, directory_id, user_name, user_name_key, external_id, active, resource,
             search, version, created_at, updated_at)
           SELECT k.uid, t.org_id, t.directory_id, k.name, k.name, k.ext, 1,
             replace(replace(replace(t.resource, ?4, k.name), ?5, k.ext), t.id, k.uid),
             replace(replace(replace(t.search, ?4, k.name), ?5, k.ext), t.id, k.uid),
             1, t.created_at, t.updated_at
           FROM k, users t WHERE t.id = ?6`,
        )
        .bind(from, to, tenant.domain, t0, e0, tenant.template),
      db
        .prepare(
          `INSERT INTO workspaces (id, org_id, licence_id, owner_user_id, created_at)
           SELECT lower(hex(randomblob(16))), u.org_id, ?1, u.id, u.created_at FROM users u
           WHERE u.org_id = ?2 AND u.directory_id = ?3 AND u.seq > (SELECT max(seq) FROM users WHERE id = ?4)
             AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.org_id = u.org_id AND w.owner_user_id = u.id)`,
        )
        .bind(`lic-${tenant.slug}`, tenant.id, tenant.directoryId, tenant.lastSeeded ?? tenant.template),
    ]);
    const last = await db
      .prepare("SELECT id FROM users WHERE org_id = ? AND directory_id = ? ORDER BY seq DESC LIMIT 1")
      .bind(tenant.id, tenant.directoryId)
      .first();
    tenant.lastSeeded = last.id;
    tenant.size = to;
  }
}

const idOf = async (db, tenant, n) =>
  (
    await db
      .prepare("SELECT id FROM users WHERE org_id = ? AND directory_id = ? AND user_name_key = ?")
      .bind(tenant.id, tenant.directoryId, userName(tenant, n))
      .first()
  ).id;

// ----------------------------------------------------------------------------------------------- measuring

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function summarise(latencies, errors, elapsedMs) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: Math.round((latencies.length / elapsedMs) * 1000),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
  };
}
const round = (ms) => Math.round(ms * 100) / 100;

/**
 * Closed-loop load: `concurrency` clients each send `request(i)` and wait for the whole body, for `durationMs`,
 * after `warmup` untimed requests. Any non-2xx answer counts as an error.
 */
export async function load({ concurrency, durationMs, warmup, request }) {
  let i = 0;
  for (let w = 0; w < warmup; w++) await (await request(i++)).arrayBuffer();
  const latencies = [];
  let errors = 0;
  const start = performance.now();
  const end = start + durationMs;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const response = await request(i++);
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status >= 300) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return summarise(latencies, errors, performance.now() - start);
}

// ------------------------------------------------------------------------------------------------- sections

/** 1 and 2: the ceiling and SCIM create and filtered GET at each concurrency, in alternation, in one run. */
export async function throughput({ mf, tenant, plan, known }) {
  let created = 0;
  const rows = [];
  const filterFor = (i) => encodeURIComponent(`userName eq "${userName(tenant, known[i % known.length])}"`);
  const readIds = [];
  for (const n of known.slice(0, 50)) readIds.push(await idOf(await mf.getD1Database("DB"), tenant, n));
  for (const concurrency of plan.concurrency) {
    const common = { concurrency, durationMs: plan.durationMs, warmup: plan.warmup };
    const ceilingCreate = await load({
      ...common,
      request: () =>
        mf.dispatchFetch(`http://${HOST}/__bench/create?id=${crypto.randomUUID()}`, { method: "POST" }),
    });
    const scimCreate = await load({
      ...common,
      request: () => {
        const n = 50_000_000 + created++;
        return scim(mf, tenant, "POST", "/Users", newUser(userName(tenant, n), externalId(n)));
      },
    });
    const ceilingRead = await load({
      ...common,
      request: (i) => mf.dispatchFetch(`http://${HOST}/__bench/read?id=${readIds[i % readIds.length]}`),
    });
    const scimGet = await load({
      ...common,
      request: (i) => scim(mf, tenant, "GET", `/Users?filter=${filterFor(i)}`),
    });
    rows.push({
      concurrency,
      ceilingCreate,
      scimCreate,
      createRatio: ratio(scimCreate.rps, ceilingCreate.rps),
      ceilingRead,
      scimGet,
      getRatio: ratio(scimGet.rps, ceilingRead.rps),
    });
  }
  return rows;
}
const ratio = (a, b) => Math.round((a / b) * 100) / 100;

/**
 * Sequential latency of several variants of one request, interleaved (variant 0, 1, …, 0, 1, …) so that a
 * noisy machine slows them all alike and their ratios hold. `request(variant, i)`.
 */
export async function interleaved({ variants, samples, warmup, request }) {
  for (let w = 0; w < warmup; w++) {
    for (let v = 0; v < variants; v++) await (await request(v, w)).arrayBuffer();
  }
  const latencies = Array.from({ length: variants }, () => []);
  const errors = Array.from({ length: variants }, () => 0);
  for (let i = 0; i < samples; i++) {
    for (let v = 0; v < variants; v++) {
      const t0 = performance.now();
      const response = await request(v, warmup + i);
      await response.arrayBuffer();
      latencies[v].push(performance.now() - t0);
      if (response.status >= 300) errors[v]++;
    }
  }
  return latencies.map((l, v) =>
    summarise(
      l,
      errors[v],
      l.reduce((a, b) => a + b, 0),
    ),
  );
}

/**
 * 3: lookups, creates and the first pages of an import walk, in organisations of each directory size, all in
 * the same database, the sizes interleaved request by request.
 */
export async function lookups({ mf, db, tenants, plan }) {
  const spread = Math.min(plan.samples, 50);
  const picks = [];
  const ids = [];
  for (const tenant of tenants) {
    // Users spread over the whole directory, so that no lookup is favoured by being near the start.
    const p = Array.from({ length: spread }, (_, i) =>
      Math.max(1, Math.floor(((i + 0.5) / spread) * (tenant.size - 1))),
    );
    picks.push(p);
    const tenantIds = [];
    for (const n of p) tenantIds.push(await idOf(db, tenant, n));
    ids.push(tenantIds);
  }
  const common = { variants: tenants.length, samples: plan.samples, warmup: plan.warmup };
  const q = (f) => encodeURIComponent(f);
  const pick = (v, i) => picks[v][i % spread];
  const byUserName = await interleaved({
    ...common,
    request: (v, i) =>
      scim(mf, tenants[v], "GET", `/Users?filter=${q(`userName eq "${userName(tenants[v], pick(v, i))}"`)}`),
  });
  const byExternalId = await interleaved({
    ...common,
    request: (v, i) =>
      scim(mf, tenants[v], "GET", `/Users?filter=${q(`externalId eq "${externalId(pick(v, i))}"`)}`),
  });
  const byId = await interleaved({
    ...common,
    request: (v, i) => scim(mf, tenants[v], "GET", `/Users/${ids[v][i % spread]}`),
  });
  // A create's seat check counts the licence's workspaces: its cost may grow with the directory.
  const create = await interleaved({
    ...common,
    request: (v) => {
      const n = 60_000_000 + tenants[v].created++;
      return scim(mf, tenants[v], "POST", "/Users", newUser(userName(tenants[v], n), externalId(n)));
    },
  });
  // Okta's import: GET /Users?startIndex=1&count=100, then 101, 201, …; the first few pages.
  const importPage = await interleaved({
    ...common,
    samples: Math.max(plan.pages, Math.round(plan.samples / 5)),
    warmup: 1,
    request: (v, i) =>
      scim(mf, tenants[v], "GET", `/Users?startIndex=${(i % plan.pages) * 100 + 1}&count=100`),
  });
  return tenants.map((t, v) => ({
    size: t.size,
    byUserName: byUserName[v],
    byExternalId: byExternalId[v],
    byId: byId[v],
    create: create[v],
    importPage: importPage[v],
  }));
}

/**
 * 4: one member added and removed in groups of each size (members seeded directly from the directory's users),
 * the groups interleaved request by request. Each sample adds a user from outside every group and removes it
 * again, so that the groups keep their sizes.
 */
export async function groupChanges({ mf, db, tenant, plan, sizes }) {
  const groups = [];
  for (const members of sizes) {
    const group = await expectOk(
      await scim(mf, tenant, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: `bench-${members}` }),
      "group",
    );
    await db
      .prepare(
        `INSERT INTO group_members (org_id, group_id, user_id)
         SELECT org_id, ?1, id FROM users WHERE org_id = ?2 AND directory_id = ?3 ORDER BY seq LIMIT ?4`,
      )
      .bind(group.id, tenant.id, tenant.directoryId, members)
      .run();
    groups.push({ id: group.id, members });
  }
  const wanted = plan.samples + plan.warmup;
  const largest = Math.max(...sizes);
  const outsiders = (
    await db
      .prepare("SELECT id FROM users WHERE org_id = ?1 AND directory_id = ?2 ORDER BY seq LIMIT ?3 OFFSET ?4")
      .bind(tenant.id, tenant.directoryId, wanted, largest)
      .all()
  ).results.map((r) => r.id);
  if (outsiders.length < wanted) throw new Error(`directory too small for a group of ${largest}`);
  const patch = (group, op, userId) =>
    scim(mf, tenant, "PATCH", `/Groups/${group.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations:
        op === "add"
          ? [{ op: "add", path: "members", value: [{ value: userId }] }]
          : [{ op: "remove", path: `members[value eq "${userId}"]` }],
    });
  const adds = Array.from({ length: groups.length }, () => []);
  const removes = Array.from({ length: groups.length }, () => []);
  const errors = Array.from({ length: groups.length }, () => 0);
  const timed = async (v, op, userId, into) => {
    const t0 = performance.now();
    const response = await patch(groups[v], op, userId);
    await response.arrayBuffer();
    if (into) into.push(performance.now() - t0);
    if (response.status >= 300) errors[v]++;
  };
  for (let i = 0; i < wanted; i++) {
    for (let v = 0; v < groups.length; v++) {
      await timed(v, "add", outsiders[i], i >= plan.warmup ? adds[v] : undefined);
      await timed(v, "remove", outsiders[i], i >= plan.warmup ? removes[v] : undefined);
    }
  }
  const rows = [];
  for (const [v, group] of groups.entries()) {
    const count = await db
      .prepare("SELECT count(*) AS n FROM group_members WHERE group_id = ?")
      .bind(group.id)
      .first();
    const total = (l) => l.reduce((a, b) => a + b, 0);
    rows.push({
      members: group.members,
      membersAfter: count.n,
      add: summarise(adds[v], errors[v], total(adds[v])),
      remove: summarise(removes[v], 0, total(removes[v])),
    });
  }
  return rows;
}

/**
 * D1 round trips per request (Worker and Durable Objects together), counted by scripts/bench/worker.ts while
 * nothing is timed: `repeat` sequential requests of each kind, averaged.
 */
export async function roundTrips({ mf, db, tenant, repeat = 5 }) {
  const probe = (on) => mf.dispatchFetch(`http://${HOST}/__bench/probe?on=${on}`, { method: "POST" });
  const id = await idOf(db, tenant, 1);
  const group = await expectOk(
    await scim(mf, tenant, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "bench-probe" }),
    "probe group",
  );
  const member = await idOf(db, tenant, 2);
  const kinds = {
    "ceiling create": () =>
      mf.dispatchFetch(`http://${HOST}/__bench/create?id=${crypto.randomUUID()}`, { method: "POST" }),
    "POST /Users": () => {
      const n = 70_000_000 + tenant.created++;
      return scim(mf, tenant, "POST", "/Users", newUser(userName(tenant, n), externalId(n)));
    },
    "ceiling read": () => mf.dispatchFetch(`http://${HOST}/__bench/read?id=${id}`),
    "GET filter userName": () =>
      scim(mf, tenant, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName(tenant, 1)}"`)}`),
    "GET /Users/{id}": () => scim(mf, tenant, "GET", `/Users/${id}`),
    "import page (100)": () => scim(mf, tenant, "GET", "/Users?startIndex=1&count=100"),
    "group add one": () =>
      scim(mf, tenant, "PATCH", `/Groups/${group.id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "add", path: "members", value: [{ value: member }] }],
      }),
    "group remove one": () =>
      scim(mf, tenant, "PATCH", `/Groups/${group.id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "remove", path: `members[value eq "${member}"]` }],
      }),
  };
  const rows = [];
  for (const [kind, request] of Object.entries(kinds)) {
    await (await probe(1)).arrayBuffer();
    const counted = [];
    for (let i = 0; i < repeat; i++) {
      const response = await request();
      await response.arrayBuffer();
      if (kind === "group add one") await (await kinds["group remove one"]()).arrayBuffer();
      if (kind === "group remove one") await (await kinds["group add one"]()).arrayBuffer();
      counted.push(response.status);
    }
    const counts = await (await probe(0)).json();
    // Group kinds ran a second, opposite change each time, of the same shape: halve their counts.
    const per = kind.startsWith("group") ? 2 * repeat : repeat;
    rows.push({
      kind,
      roundTrips: round(counts.roundTrips / per),
      statements: round(counts.statements / per),
      batches: round(counts.batches / per),
      // D1's own meta: rows the statements read and wrote (first() and raw() results carry no meta).
      rowsRead: round(counts.rowsRead / per),
      rowsWritten: round(counts.rowsWritten / per),
      status: [...new Set(counted)].join(","),
      queries: Object.fromEntries(Object.entries(counts.queries).map(([q, n]) => [q, round(n / per)])),
    });
  }
  return rows;
}

// ------------------------------------------------------------------------------------------------------ main

export async function runBench(plan = PLAN, log = console.log) {
  const started = Date.now();
  const t0 = performance.now();
  const { mf, db, stop } = await startWorker();
  log(`  bundled, started and migrated in ${Math.round(performance.now() - t0)} ms`);
  try {
    await seedCeilingScope(db);
    // One organisation per directory size, all in the one database: each is "another organisation" to the rest.
    const tenants = [];
    for (const [i, size] of plan.sizes.entries()) {
      const tenant = await seedTenant(db, {
        id: `org-bench${i}`,
        slug: `bench${i}`,
        domain: `bench${i}.example`,
      });
      const t1 = performance.now();
      await growDirectory(mf, db, tenant, size);
      log(`  seeded ${size.toLocaleString("en")} users (${Math.round(performance.now() - t1)} ms)`);
      tenants.push(tenant);
    }
    const smallest = tenants[0];
    const known = Array.from({ length: 100 }, (_, i) => 1 + Math.floor((i * (smallest.size - 1)) / 100));
    log(`  throughput at ${smallest.size.toLocaleString("en")} users…`);
    const load = await throughput({ mf, tenant: smallest, plan, known });
    log("  D1 round trips per request…");
    const trips = await roundTrips({ mf, db, tenant: smallest, repeat: plan.probes });
    log("  lookups, interleaved across directory sizes…");
    const lookupRows = await lookups({ mf, db, tenants, plan });
    const largest = tenants.at(-1);
    log(
      `  group changes, interleaved across group sizes, in the ${largest.size.toLocaleString("en")}-user directory…`,
    );
    const groupRows = await groupChanges({ mf, db, tenant: largest, plan, sizes: plan.groups });
    return {
      started: new Date(started).toISOString(),
      plan,
      load,
      roundTrips: trips,
      lookups: lookupRows,
      groups: groupRows,
    };
  } finally {
    await stop();
  }
}

function machine() {
  const versions = (() => {
    try {
      return execFileSync("workerd", ["--version"], { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  const git = (...args) => {
    try {
      return execFileSync("git", args, { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  };
  return {
    commit: git("rev-parse", "--short", "HEAD"),
    // Uncommitted changes under the measured code: the figures are of the working tree, not of the commit.
    uncommittedFiles: git("status", "--porcelain", "--", "src", "migrations", "wrangler.toml")
      .split("\n")
      .filter(Boolean).length,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    workerd: versions,
  };
}

function printReport(result) {
  const f = (s) => `${s.rps}/s p50 ${s.p50} p99 ${s.p99}${s.errors ? ` ERR ${s.errors}` : ""}`;
  console.log("\nThroughput (closed loop, requests per second; latency in ms)");
  console.table(
    result.load.map((r) => ({
      conc: r.concurrency,
      "ceiling create": f(r.ceilingCreate),
      "POST /Users": f(r.scimCreate),
      "create ×": r.createRatio,
      "ceiling read": f(r.ceilingRead),
      "GET filter": f(r.scimGet),
      "get ×": r.getRatio,
    })),
  );
  console.log("D1 round trips per request (Worker and Durable Objects; counted untimed)");
  console.table(result.roundTrips.map(({ queries: _queries, ...row }) => row));
  const base = result.lookups[0];
  const l = (s, b) =>
    `p50 ${s.p50} p99 ${s.p99} (${ratio(s.p50, b.p50)}×)${s.errors ? ` ERR ${s.errors}` : ""}`;
  console.log(
    "Lookups and creates, sequential, directory sizes interleaved (ms; × = p50 relative to the smallest directory)",
  );
  console.table(
    result.lookups.map((r) => ({
      users: r.size,
      "POST /Users": l(r.create, base.create),
      userName: l(r.byUserName, base.byUserName),
      externalId: l(r.byExternalId, base.byExternalId),
      id: l(r.byId, base.byId),
      "import page (100)": l(r.importPage, base.importPage),
    })),
  );
  const g = result.groups[0];
  console.log(
    "One-member group change, sequential, group sizes interleaved (ms; × = p50 relative to the smallest group)",
  );
  console.table(
    result.groups.map((r) => ({
      members: r.members,
      add: l(r.add, g.add),
      remove: l(r.remove, g.remove),
      "members after": r.membersAfter,
    })),
  );
}

function budget(result) {
  const worst = (key) => Math.min(...result.load.map((r) => r[key]));
  const first = result.lookups[0];
  const last = result.lookups.at(-1);
  const g0 = result.groups[0];
  const gN = result.groups.at(-1);
  const growth = (a, b) => ratio(b.p50, a.p50);
  const checks = [
    ["create ≥ 0.8× ceiling (worst concurrency)", worst("createRatio"), (v) => v >= 0.8],
    ["filtered GET ≥ 0.8× point-read ceiling (worst concurrency)", worst("getRatio"), (v) => v >= 0.8],
    [
      `userName lookup at ${last.size} ≤ 1.2× at ${first.size}`,
      growth(first.byUserName, last.byUserName),
      (v) => v <= 1.2,
    ],
    [
      `externalId lookup at ${last.size} ≤ 1.2× at ${first.size}`,
      growth(first.byExternalId, last.byExternalId),
      (v) => v <= 1.2,
    ],
    [`id lookup at ${last.size} ≤ 1.2× at ${first.size}`, growth(first.byId, last.byId), (v) => v <= 1.2],
    [
      `create at ${last.size} ≤ 1.2× at ${first.size} (not in the issue's budget)`,
      growth(first.create, last.create),
      (v) => v <= 1.2,
    ],
    [
      `import page at ${last.size} ≤ 1.2× at ${first.size}`,
      growth(first.importPage, last.importPage),
      (v) => v <= 1.2,
    ],
    [`group add at ${gN.members} ≤ 1.2× at ${g0.members}`, growth(g0.add, gN.add), (v) => v <= 1.2],
    [`group remove at ${gN.members} ≤ 1.2× at ${g0.members}`, growth(g0.remove, gN.remove), (v) => v <= 1.2],
  ];
  return checks.map(([check, value, ok]) => ({ check, value, met: ok(value) }));
}

if (import.meta.main) {
  const t0 = performance.now();
  console.log(`scim-edge bench${SMOKE ? " (smoke)" : FULL ? " (full)" : ""}`);
  const host = machine();
  console.log(
    `  ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, node ${host.node}, ${host.workerd}, ` +
      `commit ${host.commit}${host.uncommittedFiles ? ` + ${host.uncommittedFiles} uncommitted file(s)` : ""}`,
  );
  const result = { machine: host, ...(await runBench()) };
  printReport(result);
  result.budget = budget(result);
  console.log(SMOKE ? "Budget (smoke sizes: not meaningful)" : "Budget");
  console.table(result.budget);
  const errors =
    result.load.reduce(
      (n, r) => n + r.scimCreate.errors + r.scimGet.errors + r.ceilingCreate.errors + r.ceilingRead.errors,
      0,
    ) +
    result.lookups.reduce(
      (n, r) =>
        n +
        r.byUserName.errors +
        r.byExternalId.errors +
        r.byId.errors +
        r.importPage.errors +
        r.create.errors,
      0,
    ) +
    result.groups.reduce((n, r) => n + r.add.errors + (r.membersAfter === r.members ? 0 : 1), 0);
  mkdirSync("bench-results", { recursive: true });
  const file = join(
    "bench-results",
    `bench-${SMOKE ? "smoke-" : FULL ? "full-" : ""}${result.started.replaceAll(":", "-")}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${file} in ${Math.round((performance.now() - t0) / 1000)} s.`);
  if (errors > 0) {
    console.error(`${errors} request(s) failed: the figures above are not valid.`);
    process.exit(1);
  }
}
