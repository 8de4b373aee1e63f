// Requests the bench sends: SCIM requests of a seeded tenant, the ceiling's and the floor's routes
// (scripts/bench/worker.ts, scripts/bench/floor.ts), and the users' names, all dispatched straight into workerd
// through Miniflare.

export const HOST = "bench.localhost";
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** The n-th user's names: seeded users are 0 … size - 1, users created by the measurements far above. */
export const userName = (tenant, n) => `u${String(n).padStart(8, "0")}@${tenant.domain}`;
export const externalId = (n) => `ext-${String(n).padStart(8, "0")}`;

export const newUser = (name, ext) => ({
  schemas: [USER_SCHEMA],
  userName: name,
  externalId: ext,
  name: { givenName: "Bench", familyName: "User" },
  emails: [{ value: name, type: "work", primary: true }],
  active: true,
});

/** A new user of the tenant, numbered from `base` up so that no two measurements collide. */
const nextUser = (tenant, base) => {
  const n = base + tenant.created++;
  return newUser(userName(tenant, n), externalId(n));
};

export const createUser = (mf, tenant, base) => scim(mf, tenant, "POST", "/Users", nextUser(tenant, base));

export const filterQuery = (filter) => `filter=${encodeURIComponent(filter)}`;

export const memberPatch = (op, userId) => ({
  schemas: [PATCH_SCHEMA],
  Operations:
    op === "add"
      ? [{ op: "add", path: "members", value: [{ value: userId }] }]
      : [{ op: "remove", path: `members[value eq "${userId}"]` }],
});

/** A request on the tenant's host with its token. */
function asTenant(mf, tenant, method, path, body) {
  return mf.dispatchFetch(`http://${tenant.host}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tenant.token}`,
      ...(body ? { "content-type": "application/scim+json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

export const scim = (mf, tenant, method, path, body) => asTenant(mf, tenant, method, `/scim/v2${path}`, body);

/** An IdP's lookup: `GET /Users?filter=userName eq "…"`. */
export const lookUpUserName = (mf, tenant, name) =>
  scim(mf, tenant, "GET", `/Users?${filterQuery(`userName eq "${name}"`)}`);

/** The floor's filtered GET and create (scripts/bench/floor.ts), on the tenant's host with its token. */
export const floorRead = (mf, tenant, name) =>
  asTenant(mf, tenant, "GET", `/__bench/floor/read?userName=${encodeURIComponent(name)}`);
export const floorCreate = (mf, tenant, base) =>
  asTenant(mf, tenant, "POST", "/__bench/floor/create", nextUser(tenant, base));

/** The floor must answer what SCIM answers, or its rate says nothing: the same user for a lookup, a 201 for a create. */
export async function checkFloor(mf, tenant, name) {
  const floor = await expectOk(await floorRead(mf, tenant, name), "floor read");
  const real = await expectOk(await lookUpUserName(mf, tenant, name), "GET");
  const ids = (list) => list.Resources.map((r) => r.id).join();
  if (floor.Resources.length !== 1 || ids(floor) !== ids(real)) {
    throw new Error(
      `the floor read found ${ids(floor) || "nothing"} for ${name}, SCIM ${ids(real) || "nothing"}`,
    );
  }
  await expectOk(await floorCreate(mf, tenant, 40_000_000), "floor create");
}

export const ceilingCreate = (mf) =>
  mf.dispatchFetch(`http://${HOST}/__bench/create?id=${crypto.randomUUID()}`, { method: "POST" });

export const ceilingRead = (mf, id) => mf.dispatchFetch(`http://${HOST}/__bench/read?id=${id}`);

export async function expectOk(response, what) {
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}
