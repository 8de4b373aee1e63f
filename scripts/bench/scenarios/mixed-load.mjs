// A mixed load like Entra's provisioning job: several organisations at once, each at a fixed arrival rate (open
// loop: requests leave on schedule whether or not earlier ones have answered), mostly filtered GETs, some
// creates and user PATCHes, some group PATCHes, in the shapes Entra sends (test/fixtures/entra/).
import { createUser, filterQuery, lookUpUserName, PATCH_SCHEMA, scim, userName } from "../client.mjs";
import { growDirectory, idOf, seedGroup, seedTenant } from "../seed.mjs";
import { openLoop, round, summariseSamples } from "../stats.mjs";
import { cpuMs, workerdPids } from "../workerd-process.mjs";

/**
 * Half a cycle: 6 user lookups, a group lookup, a create, a user PATCH and a group PATCH. A cycle of 20 requests is
 * two halves: 60% user lookups, 10% group lookups, 10% creates, 10% user PATCHes, 10% group PATCHes (an add, then,
 * half a cycle later, the remove of the same member, so that groups keep their sizes).
 */
const half = (groupChange) => [
  "getUser",
  "getUser",
  "createUser",
  "getUser",
  "patchUser",
  "getUser",
  "getGroup",
  "getUser",
  groupChange,
  "getUser",
];
const CYCLE = [...half("addMember"), ...half("removeMember")];

const entraPatch = (op, path, value) => ({ schemas: [PATCH_SCHEMA], Operations: [{ op, path, value }] });

/** An organisation of the mixed load: `users` users, `groups` groups of `members` members, and outsiders. */
async function seedOrganisation(mf, db, i, { users, groups, members }) {
  const tenant = await seedTenant(db, {
    id: `org-mixed${i}`,
    slug: `mixed${i}`,
    domain: `mixed${i}.example`,
  });
  await growDirectory(mf, db, tenant, users);
  tenant.groups = [];
  for (let g = 0; g < groups; g++) tenant.groups.push(await seedGroup(mf, db, tenant, `mixed-${g}`, members));
  // Users that are in no group: the group PATCHes add and remove them.
  tenant.outsiders = [];
  for (let n = members; n < Math.min(users, members + 50); n++)
    tenant.outsiders.push(await idOf(db, tenant, n));
  tenant.patched = [];
  for (let n = 1; n < users; n += Math.max(1, Math.floor(users / 50)))
    tenant.patched.push(await idOf(db, tenant, n));
  return tenant;
}

/** The k-th request of one organisation's stream: `[label, send]`. */
function requestOf(mf, tenant, k) {
  const kind = CYCLE[k % CYCLE.length];
  const cycle = Math.floor(k / CYCLE.length);
  const pick = (list) => list[(cycle * 7 + k) % list.length];
  const group = tenant.groups[cycle % tenant.groups.length];
  const outsider = tenant.outsiders[cycle % tenant.outsiders.length];
  const send = {
    getUser: () => lookUpUserName(mf, tenant, userName(tenant, (k * 37) % tenant.size)),
    getGroup: () =>
      scim(
        mf,
        tenant,
        "GET",
        `/Groups?${filterQuery(`displayName eq "${group.displayName}"`)}&excludedAttributes=members`,
      ),
    createUser: () => createUser(mf, tenant, 80_000_000),
    patchUser: () =>
      scim(
        mf,
        tenant,
        "PATCH",
        `/Users/${pick(tenant.patched)}`,
        entraPatch("Replace", "displayName", `U ${k}`),
      ),
    addMember: () =>
      scim(mf, tenant, "PATCH", `/Groups/${group.id}`, entraPatch("Add", "members", [{ value: outsider }])),
    removeMember: () =>
      scim(
        mf,
        tenant,
        "PATCH",
        `/Groups/${group.id}`,
        entraPatch("Remove", "members", [{ value: outsider }]),
      ),
  }[kind];
  return [kind, send];
}

export async function mixedLoad({ mf, db, plan }) {
  const { organisations, rate, durationMs } = plan;
  const tenants = [];
  for (let i = 0; i < organisations; i++) tenants.push(await seedOrganisation(mf, db, i, plan));
  // Untimed: one request of each kind per organisation, so that no organisation's first request pays a cold start.
  for (const tenant of tenants) {
    for (let k = 0; k < CYCLE.length; k++) await (await requestOf(mf, tenant, k)[1]()).arrayBuffer();
  }
  // CPU used while the load runs, in cores: what the machine had to give workerd and the load generator.
  const pids = workerdPids();
  const workerd0 = cpuMs(pids);
  const node0 = process.cpuUsage();
  // The organisations' schedules are staggered within one period, as independent IdPs' would be.
  const startAt = performance.now() + 100;
  const runs = await Promise.all(
    tenants.map((tenant, i) =>
      openLoop({
        rate,
        durationMs,
        startAt: startAt + (i * 1000) / rate / organisations,
        next: (k) => requestOf(mf, tenant, CYCLE.length + k),
      }),
    ),
  );
  const all = runs.flatMap((r) => r.samples);
  const elapsedMs = Math.max(...runs.map((r) => r.elapsedMs));
  const node = process.cpuUsage(node0);
  const cores = {
    workerd: round((cpuMs(pids) - workerd0) / elapsedMs),
    node: round((node.user + node.system) / 1000 / elapsedMs),
  };
  const byKind = Object.fromEntries(
    [...new Set(CYCLE)].map((kind) => [
      kind,
      summariseSamples(
        all.filter((s) => s.label === kind),
        elapsedMs,
      ),
    ]),
  );
  return {
    organisations,
    ratePerOrganisation: rate,
    durationMs,
    users: plan.users,
    perOrganisation: runs.map((r, i) => ({
      slug: tenants[i].slug,
      ...summariseSamples(r.samples, r.elapsedMs),
      generatorLateMs: r.lateMs,
    })),
    overall: summariseSamples(all, elapsedMs),
    byKind,
    cpuCores: cores,
  };
}
