// The ceiling and SCIM create and filtered GET, closed loop at each concurrency, each SCIM load in slices alternated
// with its ceiling's, in one run.
import { ceilingCreate, ceilingRead, createUser, filterQuery, scim, userName } from "../client.mjs";
import { idOf } from "../seed.mjs";
import { pairedLoad } from "../stats.mjs";

export async function throughput({ mf, db, tenant, plan, known }) {
  const rows = [];
  const filterFor = (i) => filterQuery(`userName eq "${userName(tenant, known[i % known.length])}"`);
  const readIds = [];
  for (const n of known.slice(0, 50)) readIds.push(await idOf(db, tenant, n));
  for (const concurrency of plan.concurrency) {
    const common = { concurrency, durationMs: plan.durationMs, slices: plan.slices, warmup: plan.warmup };
    const creates = await pairedLoad({
      ...common,
      a: () => ceilingCreate(mf),
      b: () => createUser(mf, tenant, 50_000_000),
    });
    const reads = await pairedLoad({
      ...common,
      a: (i) => ceilingRead(mf, readIds[i % readIds.length]),
      b: (i) => scim(mf, tenant, "GET", `/Users?${filterFor(i)}`),
    });
    rows.push({
      concurrency,
      ceilingCreate: creates.a,
      scimCreate: creates.b,
      createRatio: creates.ratio,
      createSliceRatios: creates.sliceRatios,
      ceilingRead: reads.a,
      scimGet: reads.b,
      getRatio: reads.ratio,
      getSliceRatios: reads.sliceRatios,
    });
  }
  return rows;
}
