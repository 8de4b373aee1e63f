// The bench's output: tables on the console, the issue's budget checked against a run, and the count of failed
// requests that makes a run invalid.
import { ratio } from "./stats.mjs";

const f = (s) => `${s.rps}/s p50 ${s.p50} p99 ${s.p99}${s.errors ? ` ERR ${s.errors}` : ""}`;
const l = (s, b) =>
  `p50 ${s.p50} p99 ${s.p99} (${ratio(s.p50, b.p50)}×)${s.errors ? ` ERR ${s.errors}` : ""}`;
const o = (s) =>
  `p50 ${s.p50} p99 ${s.p99} (${s.requests} req, served ${s.rps}/s${s.errors ? `, ERR ${s.errors} [${s.statuses}]` : ""})`;

const times = (s) => `${s.ratio} (${s.sliceRatios.join("–")})`;

const table = (title, rows) => {
  console.log(title);
  console.table(rows);
};

export function printReport(result) {
  table(
    "\nThroughput (closed loop, requests per second; latency in ms; ×: the ratio to the ceiling, and its range over " +
      "pairs of slices; SCIM ÷ floor: what scim-edge adds to what its rules require)",
    result.load.flatMap((r) =>
      [
        ["create", r.create],
        ["filtered GET", r.read],
      ].map(([kind, k]) => ({
        conc: r.concurrency,
        kind,
        ceiling: f(k.ceiling),
        floor: f(k.floor),
        "floor ×": times(k.floor),
        SCIM: f(k.scim),
        "SCIM ×": times(k.scim),
        "SCIM ÷ floor": `${k.scimToFloor} (${k.scimToFloorSlices.join("–")})`,
      })),
    ),
  );
  table(
    "D1 round trips per request (Worker and Durable Objects; counted untimed)",
    result.roundTrips.map(({ queries: _queries, ...row }) => row),
  );
  table(
    "CPU time per request, sequential (ms; workerd holds the Worker, the objects and local D1)",
    result.cpu,
  );
  const base = result.lookups[0];
  table(
    "Lookups and creates, sequential, directory sizes interleaved (ms; × = p50 relative to the smallest directory)",
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
  table(
    "One-member group change, sequential, group sizes interleaved (ms; × = p50 relative to the smallest group)",
    result.groups.map((r) => ({
      members: r.members,
      add: l(r.add, g.add),
      remove: l(r.remove, g.remove),
      "members after": r.membersAfter,
    })),
  );
  table(
    "Whole group read, GET /Groups/{id}, sequential (ms; memory: workerd's resident set, MiB)",
    result.groupRead.map((r) => ({
      members: r.members,
      latency: `p50 ${r.p50} p99 ${r.p99}${r.errors ? ` ERR ${r.errors}` : ""}`,
      "response MiB": r.responseMiB,
      "workerd before": r.workerdBeforeMiB,
      "peak growth": r.workerdPeakGrowthMiB,
      exact: r.peakIsExact,
    })),
  );
  const m = result.mixed;
  table(
    `Mixed load: ${m.organisations} organisations × ${m.ratePerOrganisation} requests/s, open loop, ` +
      `${m.durationMs / 1000} s, ${m.users} users each (ms, from each request's due time); CPU cores used: ` +
      `workerd ${m.cpuCores.workerd}, load generator ${m.cpuCores.node}`,
    {
      ...Object.fromEntries(
        m.perOrganisation.map((r) => [r.slug, { latency: o(r), "generator late (ms)": r.generatorLateMs }]),
      ),
      overall: { latency: o(m.overall) },
      ...Object.fromEntries(Object.entries(m.byKind).map(([kind, s]) => [kind, { latency: o(s) }])),
    },
  );
}

export function budget(result) {
  const worst = (kind) => Math.min(...result.load.map((r) => r[kind].scim.ratio));
  const first = result.lookups[0];
  const last = result.lookups.at(-1);
  const g0 = result.groups[0];
  const gN = result.groups.at(-1);
  /** p50 at the largest size within 1.2× of p50 at the smallest. */
  const grows = (what, [small, large], key, note = "") => [
    `${what} at ${large.size ?? large.members} ≤ 1.2× at ${small.size ?? small.members}${note}`,
    ratio(large[key].p50, small[key].p50),
    (v) => v <= 1.2,
  ];
  const sizes = [first, last];
  const groups = [g0, gN];
  const checks = [
    ["create ≥ 0.8× ceiling (worst concurrency)", worst("create"), (v) => v >= 0.8],
    ["filtered GET ≥ 0.8× point-read ceiling (worst concurrency)", worst("read"), (v) => v >= 0.8],
    grows("userName lookup", sizes, "byUserName"),
    grows("externalId lookup", sizes, "byExternalId"),
    grows("id lookup", sizes, "byId"),
    grows("create", sizes, "create", " (not in the issue's budget)"),
    grows("import page", sizes, "importPage"),
    grows("group add", groups, "add"),
    grows("group remove", groups, "remove"),
    ["mixed load p99 < 500 ms (all organisations)", result.mixed.overall.p99, (v) => v < 500],
    ["mixed load without errors", result.mixed.overall.errors, (v) => v === 0],
  ];
  return checks.map(([check, value, ok]) => ({ check, value, met: ok(value) }));
}

/** Failed requests (and groups whose size a measurement changed): any makes the run's figures invalid. */
export function failures(result) {
  const sum = (rows, of) => rows.reduce((n, r) => n + of(r), 0);
  return (
    sum(result.load, (r) =>
      sum([r.create, r.read], (k) => k.ceiling.errors + k.floor.errors + k.scim.errors),
    ) +
    sum(
      result.lookups,
      (r) =>
        r.byUserName.errors + r.byExternalId.errors + r.byId.errors + r.importPage.errors + r.create.errors,
    ) +
    sum(result.groups, (r) => r.add.errors + r.remove.errors + (r.membersAfter === r.members ? 0 : 1)) +
    sum(result.groupRead, (r) => r.errors) +
    sum(result.cpu, (r) => r.errors) +
    result.mixed.overall.errors
  );
}
