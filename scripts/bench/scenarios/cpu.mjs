// CPU time per request: what workerd (the Worker, the Durable Objects and local D1's SQLite, all in one process)
// and this Node process (the load generator and Miniflare's dispatch) spend on one request of each kind, sent
// sequentially. CPU time, unlike latency, barely moves with other processes on the machine, and it is what runs
// out first under an open-loop load on a small machine.
import { round, settleLog } from "../stats.mjs";
import { cpuMs, workerdPids } from "../workerd-process.mjs";
import { requestKinds } from "./request-kinds.mjs";

export async function cpuPerRequest({ mf, db, tenant, samples, warmup }) {
  const pids = workerdPids();
  const kinds = await requestKinds({ mf, db, tenant, label: "cpu" });
  const rows = [];
  for (const [kind, { send, shape }] of Object.entries(kinds)) {
    for (let i = 0; i < warmup; i++) await (await send()).arrayBuffer();
    let errors = 0;
    const workerd0 = cpuMs(pids);
    const node0 = process.cpuUsage();
    for (let i = 0; i < samples; i++) {
      const response = await send();
      await response.arrayBuffer();
      if (response.status >= 300) errors++;
    }
    // The kind's last log entries are written after their responses: counted here, not in the next kind.
    await settleLog();
    const node = process.cpuUsage(node0);
    const per = shape * samples;
    rows.push({
      kind,
      workerdMs: round((cpuMs(pids) - workerd0) / per),
      nodeMs: round((node.user + node.system) / 1000 / per),
      errors,
    });
  }
  const of = (kind) => rows.find((r) => r.kind === kind).workerdMs;
  for (const row of rows) {
    const writes = row.kind.includes("POST") || row.kind.endsWith("create");
    row.workerdOverCeiling = round(row.workerdMs / of(writes ? "ceiling create" : "ceiling read"));
  }
  return rows;
}
