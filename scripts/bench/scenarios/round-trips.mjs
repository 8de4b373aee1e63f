// D1 round trips per request (Worker and Durable Objects together), counted by the probe of
// scripts/bench/worker.ts while nothing is timed: `repeat` sequential requests of each kind, apart, averaged.
import { HOST } from "../client.mjs";
import { round, settleLog } from "../stats.mjs";
import { requestKinds } from "./request-kinds.mjs";

export async function roundTrips({ mf, db, tenant, repeat = 5 }) {
  const probe = (on) => mf.dispatchFetch(`http://${HOST}/__bench/probe?on=${on}`, { method: "POST" });
  const kinds = await requestKinds({ mf, db, tenant, label: "probe" });
  const rows = [];
  for (const [kind, { send, shape }] of Object.entries(kinds)) {
    await (await probe(1)).arrayBuffer();
    const counted = [];
    for (let i = 0; i < repeat; i++) {
      const response = await send();
      await response.arrayBuffer();
      counted.push(response.status);
      // Its log entry written alone, within its kind's count, as for a request that no other follows closely.
      await settleLog();
    }
    const counts = await (await probe(0)).json();
    const per = shape * repeat;
    rows.push({
      kind,
      roundTrips: round(counts.roundTrips / per),
      statements: round(counts.statements / per),
      batches: round(counts.batches / per),
      // D1's own meta: rows the statements read and wrote (selects run with first() or raw() are run again
      // with all() for theirs; writes run with them, if any, are not counted).
      rowsRead: round(counts.rowsRead / per),
      rowsWritten: round(counts.rowsWritten / per),
      status: [...new Set(counted)].join(","),
      queries: Object.fromEntries(Object.entries(counts.queries).map(([q, n]) => [q, round(n / per)])),
    });
  }
  return rows;
}
