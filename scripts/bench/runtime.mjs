// The bench's runtime: scripts/bench/worker.ts bundled as `wrangler deploy` would bundle it, started in workerd
// through Miniflare directly (not `wrangler dev`, whose proxy would hide what the Worker costs) with the bindings
// of wrangler.toml and the migrations applied, in a fresh temporary state directory; and the machine it ran on.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { generateToken } from "../../src/auth/token.ts";

/**
 * Bundles scripts/bench/worker.ts as `wrangler deploy` would, and starts it in Miniflare with wrangler.toml's
 * bindings; with `inspectorPort`, workerd's V8 inspector listens there (scripts/bench/profile.mjs). `bundle` is
 * the bundled source, for naming the module a profiled line belongs to.
 */
export async function startWorker({ inspectorPort } = {}) {
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
    ...(inspectorPort ? { inspectorPort } : {}),
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
    return { mf, db, stop, bundle: readFileSync(join(outdir, "worker.js"), "utf8") };
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

const run = (command, ...args) => {
  try {
    return execFileSync(command, args, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};

export function machine() {
  return {
    commit: run("git", "rev-parse", "--short", "HEAD"),
    // Uncommitted changes under the measured code: the figures are of the working tree, not of the commit.
    uncommittedFiles: run("git", "status", "--porcelain", "--", "src", "migrations", "wrangler.toml")
      .split("\n")
      .filter(Boolean).length,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    workerd: run("workerd", "--version"),
  };
}
