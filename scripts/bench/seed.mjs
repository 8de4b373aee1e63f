// Seeding straight into D1: organisations with a directory and a token, directories grown to a size by cloning
// a user the Worker created, and groups filled with members.
import { generateToken, hashSecret } from "../../src/auth/token.ts";
import { expectOk, externalId, GROUP_SCHEMA, newUser, scim, userName } from "./client.mjs";

/** An organisation with a verified domain, a large licence, an admin, a directory and a SCIM token. */
export async function seedTenant(db, org) {
  const { id, secret, token } = generateToken();
  const expires = new Date(Date.now() + 86_400_000).toISOString();
  const dir = `dir-${org.slug}`;
  await db.batch([
    db
      .prepare("INSERT INTO organisations (id, slug, name) VALUES (?, ?, ?)")
      .bind(org.id, org.slug, org.slug),
    db.prepare("INSERT INTO verified_domains (domain, org_id) VALUES (?, ?)").bind(org.domain, org.id),
    db
      .prepare("INSERT INTO licences (id, org_id, name, seats) VALUES (?, ?, 'Bench', 100000000)")
      .bind(`lic-${org.slug}`, org.id),
    db
      .prepare("INSERT INTO org_admins (id, org_id, email, name) VALUES (?, ?, ?, 'IT')")
      .bind(`adm-${org.slug}`, org.id, `it@${org.domain}`),
    db
      .prepare(
        `INSERT INTO directories (id, org_id, name, idp, enabled, licence_id, transferee_admin_id)
         VALUES (?, ?, 'Default', 'generic', 1, ?, ?)`,
      )
      .bind(dir, org.id, `lic-${org.slug}`, `adm-${org.slug}`),
    db
      .prepare(
        `INSERT INTO scim_tokens (id, org_id, directory_id, secret_hash, last_four, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(id, org.id, dir, await hashSecret(secret), token.slice(-4), expires),
  ]);
  return { ...org, directoryId: dir, token, host: `${org.slug}.localhost`, created: 0 };
}

/** The ceiling's own scope (scripts/bench/worker.ts), so that its rows never grow the measured directory. */
export async function seedCeilingScope(db) {
  await db.batch([
    db.prepare("INSERT INTO organisations (id, slug, name) VALUES ('org-ceiling', 'ceiling', 'ceiling')"),
    db.prepare(
      "INSERT INTO licences (id, org_id, name, seats) VALUES ('lic-ceiling', 'org-ceiling', 'C', 100000000)",
    ),
    db.prepare("INSERT INTO directories (id, org_id, name) VALUES ('dir-ceiling', 'org-ceiling', 'Default')"),
  ]);
}

/**
 * Grows a tenant's directory to `size` users by cloning a user that the Worker itself created (so that the
 * stored resource and search document have exactly the Worker's shape), in batched INSERT … SELECT statements,
 * each user with its workspace, as a create leaves it.
 */
export async function growDirectory(mf, db, tenant, size) {
  if (!tenant.template) {
    const created = await expectOk(
      await scim(mf, tenant, "POST", "/Users", newUser(userName(tenant, 0), externalId(0))),
      "template user",
    );
    tenant.template = created.id;
    tenant.size = 1;
  }
  const CHUNK = 25_000;
  while (tenant.size < size) {
    const from = tenant.size;
    const to = Math.min(size, from + CHUNK);
    const t0 = userName(tenant, 0);
    const e0 = externalId(0);
    await db.batch([
      db
        .prepare(
          `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2),
           k AS (SELECT i, printf('u%08d@%s', i, ?3) AS name, printf('ext-%08d', i) AS ext,
                   lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
                     || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS uid FROM n)
           INSERT INTO users (id, org_id, directory_id, user_name, user_name_key, external_id, active, resource,
             search, version, created_at, updated_at)
           SELECT k.uid, t.org_id, t.directory_id, k.name, k.name, k.ext, 1,
             replace(replace(replace(t.resource, ?4, k.name), ?5, k.ext), t.id, k.uid),
             replace(replace(replace(t.search, ?4, k.name), ?5, k.ext), t.id, k.uid),
             1, t.created_at, t.updated_at
           FROM k, users t WHERE t.id = ?6`,
        )
        .bind(from, to, tenant.domain, t0, e0, tenant.template),
      db
        .prepare(
          `INSERT INTO workspaces (id, org_id, licence_id, owner_user_id, created_at)
           SELECT lower(hex(randomblob(16))), u.org_id, ?1, u.id, u.created_at FROM users u
           WHERE u.org_id = ?2 AND u.directory_id = ?3 AND u.seq > (SELECT max(seq) FROM users WHERE id = ?4)
             AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.org_id = u.org_id AND w.owner_user_id = u.id)`,
        )
        .bind(`lic-${tenant.slug}`, tenant.id, tenant.directoryId, tenant.lastSeeded ?? tenant.template),
    ]);
    const last = await db
      .prepare("SELECT id FROM users WHERE org_id = ? AND directory_id = ? ORDER BY seq DESC LIMIT 1")
      .bind(tenant.id, tenant.directoryId)
      .first();
    tenant.lastSeeded = last.id;
    tenant.size = to;
  }
}

export const idOf = async (db, tenant, n) =>
  (
    await db
      .prepare("SELECT id FROM users WHERE org_id = ? AND directory_id = ? AND user_name_key = ?")
      .bind(tenant.id, tenant.directoryId, userName(tenant, n))
      .first()
  ).id;

/** A group created through SCIM, its first `members` users (by seq) inserted directly. */
export async function seedGroup(mf, db, tenant, displayName, members) {
  const group = await expectOk(
    await scim(mf, tenant, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName }),
    `group ${displayName}`,
  );
  if (members > 0) {
    await db
      .prepare(
        `INSERT INTO group_members (org_id, group_id, user_id)
         SELECT org_id, ?1, id FROM users WHERE org_id = ?2 AND directory_id = ?3 ORDER BY seq LIMIT ?4`,
      )
      .bind(group.id, tenant.id, tenant.directoryId, members)
      .run();
  }
  return { id: group.id, displayName, members };
}
