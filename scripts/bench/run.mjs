// `npm run bench`: runs the Worker in workerd through Miniflare (scripts/bench/runtime.mjs) and measures, in one
// run so that ratios hold on a noisy machine (scripts/bench/scenarios/):
//   1. the ceiling (one Durable Object call writing one D1 batch of a create's statements, and a point read), the
//      floor (the least scim-edge's rules ask of a create and a filtered GET: scripts/bench/floor.ts), and SCIM
//      POST /Users and GET /Users?filter=userName eq "…", at concurrency 1, 4, 16, as ratios to the ceiling;
//   2. lookups by userName, externalId and id, creates, and an Okta-style import walk, at growing directory sizes;
//   3. adding and removing one member in groups of growing size, and reading a whole large group (time, memory);
//   4. a mixed Entra-like load, open loop, at 25 requests per second for each of four organisations at once;
// and per request: the D1 round trips, statements and rows read (untimed, by the probe of scripts/bench/worker.ts)
// and the CPU time of workerd and of the load generator.
// Flags: --smoke (tiny sizes, one short pass; run by `npm test` so that the bench cannot rot), --full (adds
// 1,000,000 users and a 100,000-member group change). Prints tables and writes JSON to bench-results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { budget, failures, printReport } from "./report.mjs";
import { machine, startWorker } from "./runtime.mjs";
import { cpuPerRequest } from "./scenarios/cpu.mjs";
import { groupChanges } from "./scenarios/group-changes.mjs";
import { groupRead } from "./scenarios/group-read.mjs";
import { lookups } from "./scenarios/lookups.mjs";
import { mixedLoad } from "./scenarios/mixed-load.mjs";
import { roundTrips } from "./scenarios/round-trips.mjs";
import { throughput } from "./scenarios/throughput.mjs";
import { growDirectory, seedCeilingScope, seedTenant } from "./seed.mjs";

process.env.WRANGLER_SEND_METRICS = "false";
const SMOKE = process.argv.includes("--smoke");
const FULL = process.argv.includes("--full");

const PLAN = SMOKE
  ? {
      concurrency: [1, 4],
      durationMs: 300,
      slices: 2,
      warmup: 3,
      samples: 5,
      probes: 1,
      cpuSamples: 3,
      pages: 2,
      sizes: [100, 300],
      groups: [10, 100],
      groupRead: { members: 100, repeat: 1 },
      mixed: { organisations: 4, rate: 25, durationMs: 1_000, users: 60, groups: 2, members: 5 },
    }
  : {
      concurrency: [1, 4, 16],
      durationMs: 4000,
      slices: 4,
      warmup: 50,
      samples: 200,
      probes: 10,
      cpuSamples: 200,
      pages: 5,
      sizes: FULL ? [1_000, 100_000, 1_000_000] : [1_000, 100_000],
      groups: FULL ? [10, 10_000, 100_000] : [10, 10_000],
      groupRead: { members: 100_000, repeat: 3 },
      mixed: {
        organisations: 4,
        rate: 25,
        durationMs: FULL ? 60_000 : 20_000,
        users: 1_000,
        groups: 5,
        members: 100,
      },
    };

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
    const load = await throughput({ mf, db, tenant: smallest, plan, known });
    log("  D1 round trips per request…");
    const trips = await roundTrips({ mf, db, tenant: smallest, repeat: plan.probes });
    log("  CPU time per request…");
    const cpu = await cpuPerRequest({
      mf,
      db,
      tenant: smallest,
      samples: plan.cpuSamples,
      warmup: plan.warmup,
    });
    log("  lookups, interleaved across directory sizes…");
    const lookupRows = await lookups({ mf, db, tenants, plan });
    const largest = tenants.at(-1);
    const within = `in the ${largest.size.toLocaleString("en")}-user directory`;
    log(`  group changes, interleaved across group sizes, ${within}…`);
    const groupRows = await groupChanges({ mf, db, tenant: largest, plan, sizes: plan.groups });
    log(`  reading a ${plan.groupRead.members.toLocaleString("en")}-member group ${within}…`);
    const groupReadRows = await groupRead({ mf, db, tenant: largest, plan: plan.groupRead });
    const { organisations, rate } = plan.mixed;
    log(`  mixed load, ${organisations} organisations × ${rate} requests/s…`);
    const mixed = await mixedLoad({ mf, db, plan: plan.mixed });
    return {
      started: new Date(started).toISOString(),
      plan,
      load,
      roundTrips: trips,
      cpu,
      lookups: lookupRows,
      groups: groupRows,
      groupRead: groupReadRows,
      mixed,
    };
  } finally {
    await stop();
  }
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
  const errors = failures(result);
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
