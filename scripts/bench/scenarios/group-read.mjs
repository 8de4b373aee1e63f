// Reading a whole large group (GET /Groups/{id}, members streamed in pages by the Worker), against a 10-member
// group read the same way: time, bytes, and the peak resident memory of the workerd process during the read.
//
// What the memory figure is: workerd's resident set (Linux VmRSS / VmHWM), the whole process: every isolate,
// the Durable Objects, and local D1's SQLite with its page cache. Its growth during a read bounds what the read
// held at once from above (it includes SQLite's cache of the pages read); it is not the isolate's heap, and on
// Cloudflare D1 runs outside the Worker's process, so only the Worker's share counts against the 128 MB limit.
import { writeFileSync } from "node:fs";
import { scim } from "../client.mjs";
import { seedGroup } from "../seed.mjs";
import { round, summariseSequential } from "../stats.mjs";
import { statusKiB, workerdPids } from "../workerd-process.mjs";

/**
 * Peak resident memory of the workerd processes while `read` runs: VmHWM after resetting it (writing 5 to
 * clear_refs, Linux 4.0+), which is exact; if the reset is refused, VmRSS sampled every millisecond or so.
 */
async function peakResident(pids, read) {
  const rss = () => pids.reduce((kib, pid) => kib + statusKiB(pid, "VmRSS"), 0);
  const before = rss();
  let exact = true;
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    exact = false;
  }
  let sampled = before;
  const timer = exact ? undefined : setInterval(() => (sampled = Math.max(sampled, rss())), 1);
  try {
    const outcome = await read();
    const peak = exact
      ? pids.reduce((kib, pid) => kib + statusKiB(pid, "VmHWM"), 0)
      : Math.max(sampled, rss());
    return { ...outcome, beforeMiB: round(before / 1024), peakMiB: round(peak / 1024), exact };
  } finally {
    clearInterval(timer);
  }
}

export async function groupRead({ mf, db, tenant, plan }) {
  const pids = workerdPids();
  const groups = [await seedGroup(mf, db, tenant, "bench-read-10", 10)];
  groups.push(await seedGroup(mf, db, tenant, `bench-read-${plan.members}`, plan.members));
  const rows = [];
  for (const group of groups) {
    const latencies = [];
    const memory = [];
    let errors = 0;
    for (let i = 0; i < plan.repeat; i++) {
      const measured = await peakResident(pids, async () => {
        const t0 = performance.now();
        const response = await scim(mf, tenant, "GET", `/Groups/${group.id}`);
        const body = await response.text();
        const ms = performance.now() - t0;
        const members = response.ok ? (JSON.parse(body).members?.length ?? 0) : -1;
        return { ms, status: response.status, bytes: body.length, members };
      });
      latencies.push(measured.ms);
      if (measured.status >= 300 || measured.members !== group.members) errors++;
      memory.push(measured);
    }
    const last = memory.at(-1);
    rows.push({
      members: group.members,
      ...summariseSequential(latencies, errors),
      responseMiB: round(last.bytes / 2 ** 20),
      workerdBeforeMiB: last.beforeMiB,
      // The largest growth over the repeats: the first read also warms SQLite's cache.
      workerdPeakGrowthMiB: Math.max(...memory.map((m) => round(m.peakMiB - m.beforeMiB))),
      workerdPeakMiB: Math.max(...memory.map((m) => m.peakMiB)),
      peakIsExact: memory.every((m) => m.exact),
      workerdProcesses: pids.length,
    });
  }
  return rows;
}
