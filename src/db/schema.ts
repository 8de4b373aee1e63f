// The D1 schema. Every tenant-owned table carries org_id in its unique indexes, so that an organisation's rows
// can be found, moved to another database or deleted without touching anyone else's.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  /** The subdomain label: <slug>.<SCIM_DOMAIN>. */
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** Custom domains (e.g. scim.acme.com); each belongs to exactly one organisation. Stored lower-case. */
export const customHostnames = sqliteTable(
  "custom_hostnames",
  {
    hostname: text("hostname").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("custom_hostnames_org").on(t.orgId)],
);

/** A SCIM directory: one IdP connection of an organisation, with its own tokens, users and groups. */
export const directories = sqliteTable(
  "directories",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    idp: text("idp").notNull().default("generic"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("directories_org_name").on(t.orgId, t.name)],
);

/**
 * Bearer tokens. The token reads `scim_<id>_<secret>`: the id finds the row, and only SHA-256(secret) is kept,
 * compared in constant time.
 */
export const scimTokens = sqliteTable(
  "scim_tokens",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    directoryId: text("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    /** What an admin may see again: the token's last four characters. */
    lastFour: text("last_four").notNull(),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("scim_tokens_directory").on(t.orgId, t.directoryId)],
);

/**
 * SCIM users. `resource` is the stored SCIM representation (without id, meta, groups and password); `search`
 * is the same document with every case-insensitive string NFC-normalised and lower-cased, so that filters
 * compare Unicode case-insensitively in SQL. `seq` gives a stable creation order for paging and cursors.
 */
export const users = sqliteTable(
  "users",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    directoryId: text("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    userName: text("user_name").notNull(),
    userNameKey: text("user_name_key").notNull(),
    externalId: text("external_id"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    resource: text("resource", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    search: text("search", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_user_name").on(t.orgId, t.directoryId, t.userNameKey),
    index("users_external_id").on(t.orgId, t.directoryId, t.externalId),
    index("users_directory").on(t.orgId, t.directoryId, t.seq),
  ],
);
