// The ceiling, the floor and SCIM create and filtered GET, closed loop at each concurrency, each load in slices
// alternated with the others of its kind, in one run.
import {
  ceilingCreate,
  ceilingRead,
  createUser,
  expectOk,
  filterQuery,
  floorCreate,
  floorRead,
  scim,
  userName,
} from "../client.mjs";
import { idOf } from "../seed.mjs";
import { alternatedLoad, range, ratio } from "../stats.mjs";

/** The floor must answer what SCIM answers, or its rate says nothing: the same user for a lookup, a 201 for a create. */
async function checkFloor(mf, tenant, name) {
  const floor = await expectOk(await floorRead(mf, tenant, name), "floor read");
  const real = await expectOk(
    await scim(mf, tenant, "GET", `/Users?${filterQuery(`userName eq "${name}"`)}`),
    "GET",
  );
  const ids = (list) => list.Resources.map((r) => r.id).join();
  if (floor.Resources.length !== 1 || ids(floor) !== ids(real)) {
    throw new Error(
      `the floor read found ${ids(floor) || "nothing"} for ${name}, SCIM ${ids(real) || "nothing"}`,
    );
  }
  await expectOk(await floorCreate(mf, tenant, 40_000_000), "floor create");
}

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
        (i) => scim(mf, tenant, "GET", `/Users?${filterQuery(`userName eq "${nameOf(i)}"`)}`),
      ],
    });
    rows.push({ concurrency, create: compared(create), read: compared(read) });
  }
  return rows;
}
