// The ceiling and SCIM create and filtered GET, closed loop at each concurrency, in alternation, in one run.
import { ceilingCreate, ceilingRead, createUser, filterQuery, scim, userName } from "../client.mjs";
import { idOf } from "../seed.mjs";
import { load, ratio } from "../stats.mjs";

export async function throughput({ mf, db, tenant, plan, known }) {
  const rows = [];
  const filterFor = (i) => filterQuery(`userName eq "${userName(tenant, known[i % known.length])}"`);
  const readIds = [];
  for (const n of known.slice(0, 50)) readIds.push(await idOf(db, tenant, n));
  for (const concurrency of plan.concurrency) {
    const common = { concurrency, durationMs: plan.durationMs, warmup: plan.warmup };
    const ceilingCreates = await load({ ...common, request: () => ceilingCreate(mf) });
    const scimCreate = await load({ ...common, request: () => createUser(mf, tenant, 50_000_000) });
    const ceilingReads = await load({
      ...common,
      request: (i) => ceilingRead(mf, readIds[i % readIds.length]),
    });
    const scimGet = await load({
      ...common,
      request: (i) => scim(mf, tenant, "GET", `/Users?${filterFor(i)}`),
    });
    rows.push({
      concurrency,
      ceilingCreate: ceilingCreates,
      scimCreate,
      createRatio: ratio(scimCreate.rps, ceilingCreates.rps),
      ceilingRead: ceilingReads,
      scimGet,
      getRatio: ratio(scimGet.rps, ceilingReads.rps),
    });
  }
  return rows;
}
