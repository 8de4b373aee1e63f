// One member added and removed in groups of each size (members seeded directly from the directory's users), the
// groups interleaved request by request. Each sample adds a user from outside every group and removes it again,
// so that the groups keep their sizes.
import { memberPatch, scim } from "../client.mjs";
import { seedGroup } from "../seed.mjs";
import { summariseSequential } from "../stats.mjs";

export async function groupChanges({ mf, db, tenant, plan, sizes }) {
  const groups = [];
  for (const members of sizes) groups.push(await seedGroup(mf, db, tenant, `bench-${members}`, members));
  const wanted = plan.samples + plan.warmup;
  const largest = Math.max(...sizes);
  const outsiders = (
    await db
      .prepare("SELECT id FROM users WHERE org_id = ?1 AND directory_id = ?2 ORDER BY seq LIMIT ?3 OFFSET ?4")
      .bind(tenant.id, tenant.directoryId, wanted, largest)
      .all()
  ).results.map((r) => r.id);
  if (outsiders.length < wanted) throw new Error(`directory too small for a group of ${largest}`);
  const adds = Array.from({ length: groups.length }, () => []);
  const removes = Array.from({ length: groups.length }, () => []);
  const errors = Array.from({ length: groups.length }, () => 0);
  const timed = async (v, op, userId, into) => {
    const t0 = performance.now();
    const response = await scim(mf, tenant, "PATCH", `/Groups/${groups[v].id}`, memberPatch(op, userId));
    await response.arrayBuffer();
    if (into) into.push(performance.now() - t0);
    if (response.status >= 300) errors[v]++;
  };
  for (let i = 0; i < wanted; i++) {
    for (let v = 0; v < groups.length; v++) {
      await timed(v, "add", outsiders[i], i >= plan.warmup ? adds[v] : undefined);
      await timed(v, "remove", outsiders[i], i >= plan.warmup ? removes[v] : undefined);
    }
  }
  const rows = [];
  for (const [v, group] of groups.entries()) {
    const count = await db
      .prepare("SELECT count(*) AS n FROM group_members WHERE group_id = ?")
      .bind(group.id)
      .first();
    rows.push({
      members: group.members,
      membersAfter: count.n,
      add: summariseSequential(adds[v], errors[v]),
      remove: summariseSequential(removes[v], 0),
    });
  }
  return rows;
}
