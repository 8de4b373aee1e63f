// Lookups, creates and the first pages of an import walk, in organisations of each directory size, all in the
// same database, the sizes interleaved request by request.
import { createUser, externalId, filterQuery, lookUpUserName, scim, userName } from "../client.mjs";
import { idOf } from "../seed.mjs";
import { interleaved } from "../stats.mjs";

export async function lookups({ mf, db, tenants, plan }) {
  const spread = Math.min(plan.samples, 50);
  const picks = [];
  const ids = [];
  for (const tenant of tenants) {
    // Users spread over the whole directory, so that no lookup is favoured by being near the start.
    const p = Array.from({ length: spread }, (_, i) =>
      Math.max(1, Math.floor(((i + 0.5) / spread) * (tenant.size - 1))),
    );
    picks.push(p);
    const tenantIds = [];
    for (const n of p) tenantIds.push(await idOf(db, tenant, n));
    ids.push(tenantIds);
  }
  const common = { variants: tenants.length, samples: plan.samples, warmup: plan.warmup };
  const pick = (v, i) => picks[v][i % spread];
  const byUserName = await interleaved({
    ...common,
    request: (v, i) => lookUpUserName(mf, tenants[v], userName(tenants[v], pick(v, i))),
  });
  const byExternalId = await interleaved({
    ...common,
    request: (v, i) =>
      scim(mf, tenants[v], "GET", `/Users?${filterQuery(`externalId eq "${externalId(pick(v, i))}"`)}`),
  });
  const byId = await interleaved({
    ...common,
    request: (v, i) => scim(mf, tenants[v], "GET", `/Users/${ids[v][i % spread]}`),
  });
  // A create whose cost may grow with the directory (indexes, the licence).
  const create = await interleaved({ ...common, request: (v) => createUser(mf, tenants[v], 60_000_000) });
  // Okta's import: GET /Users?startIndex=1&count=100, then 101, 201, …; the first few pages.
  const importPage = await interleaved({
    ...common,
    samples: Math.max(plan.pages, Math.round(plan.samples / 5)),
    warmup: 1,
    request: (v, i) =>
      scim(mf, tenants[v], "GET", `/Users?startIndex=${(i % plan.pages) * 100 + 1}&count=100`),
  });
  return tenants.map((t, v) => ({
    size: t.size,
    byUserName: byUserName[v],
    byExternalId: byExternalId[v],
    byId: byId[v],
    create: create[v],
    importPage: importPage[v],
  }));
}
