// One request of each kind the per-request sections count (D1 round trips, CPU time): the ceiling's two, the
// floor's two (scripts/bench/floor.ts), and the SCIM requests an IdP sends most. A group change is followed by its
// opposite, so that the group keeps its size; `shape` says how many requests of the same shape one `send` made.
import {
  ceilingCreate,
  ceilingRead,
  createUser,
  expectOk,
  floorCreate,
  floorRead,
  GROUP_SCHEMA,
  lookUpUserName,
  memberPatch,
  scim,
  userName,
} from "../client.mjs";
import { idOf } from "../seed.mjs";

export async function requestKinds({ mf, db, tenant, label }) {
  const id = await idOf(db, tenant, 1);
  const group = await expectOk(
    await scim(mf, tenant, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: `bench-${label}` }),
    `${label} group`,
  );
  const member = await idOf(db, tenant, 2);
  const change = (op) => scim(mf, tenant, "PATCH", `/Groups/${group.id}`, memberPatch(op, member));
  const paired = (first, then) => async () => {
    const response = await change(first);
    await response.arrayBuffer();
    await (await change(then)).arrayBuffer();
    return response;
  };
  const one = (request) => ({ send: request, shape: 1 });
  return {
    "ceiling create": one(() => ceilingCreate(mf)),
    "floor create": one(() => floorCreate(mf, tenant, 80_000_000)),
    "POST /Users": one(() => createUser(mf, tenant, 70_000_000)),
    "ceiling read": one(() => ceilingRead(mf, id)),
    "floor read": one(() => floorRead(mf, tenant, userName(tenant, 1))),
    "GET filter userName": one(() => lookUpUserName(mf, tenant, userName(tenant, 1))),
    "GET /Users/{id}": one(() => scim(mf, tenant, "GET", `/Users/${id}`)),
    "import page (100)": one(() => scim(mf, tenant, "GET", "/Users?startIndex=1&count=100")),
    "group add one": { send: paired("add", "remove"), shape: 2 },
    "group remove one": { send: paired("remove", "add"), shape: 2 },
  };
}
