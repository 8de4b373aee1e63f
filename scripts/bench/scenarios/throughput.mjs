// The ceiling, the floor and SCIM create and filtered GET, closed loop at each concurrency, each load in slices
// alternated with the others of its kind, in one run.
import {
  ceilingCreate,
  ceilingRead,
  checkFloor,
  createUser,
  floorCreate,
  floorRead,
  lookUpUserName,
  userName,
} from "../client.mjs";
import { idOf } from "../seed.mjs";
import { alternatedLoad, range, ratio } from "../stats.mjs";

/** Ratios to the ceiling (the first kind) of the floor and of SCIM, and of SCIM to the floor. */
const compared = ([ceiling, floor, measured]) => ({
  ceiling,
  floor,
  scim: measured,
  scimToFloor: ratio(measured.requests, floor.requests),
  scimToFloorSlices: range(measured.sliceRates.map((rate, slice) => rate / floor.sliceRates[slice])),
});

export async function throughput({ mf, db, tenant, plan, known }) {
  const rows = [];
  const nameOf = (i) => userName(tenant, known[i % known.length]);
  await checkFloor(mf, tenant, nameOf(0));
  const readIds = [];
  for (const n of known.slice(0, 50)) readIds.push(await idOf(db, tenant, n));
  for (const concurrency of plan.concurrency) {
    const common = { concurrency, durationMs: plan.durationMs, slices: plan.slices, warmup: plan.warmup };
    const create = await alternatedLoad({
      ...common,
      kinds: [
        () => ceilingCreate(mf),
        () => floorCreate(mf, tenant, 40_000_000),
        () => createUser(mf, tenant, 50_000_000),
      ],
    });
    const read = await alternatedLoad({
      ...common,
      kinds: [
        (i) => ceilingRead(mf, readIds[i % readIds.length]),
        (i) => floorRead(mf, tenant, nameOf(i)),
        (i) => lookUpUserName(mf, tenant, nameOf(i)),
      ],
    });
    rows.push({ concurrency, create: compared(create), read: compared(read) });
  }
  return rows;
}
