// The D1 schema. Every tenant-owned table carries org_id in its unique indexes, so that an organisation's rows
// can be found, moved to another database or deleted without touching anyone else's.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

/** The owning organisation: every tenant-owned row goes when its organisation does. */
const organisationId = () =>
  text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });

/** The owning SCIM directory, likewise. */
const directoryId = () =>
  text("directory_id")
    .notNull()
    .references(() => directories.id, { onDelete: "cascade" });

/**
 * What every stored SCIM resource has: creation order (`seq`, for stable paging), the SCIM id, its directory,
 * the client's externalId, the resource and its folded search copy, the version behind its ETag, and times.
 */
const scimResourceColumns = () => ({
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  id: text("id").notNull().unique(),
  orgId: organisationId(),
  directoryId: directoryId(),
  externalId: text("external_id"),
  resource: text("resource", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  search: text("search", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  version: integer("version").notNull().default(1),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

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
    orgId: organisationId(),
    createdAt: createdAt(),
  },
  (t) => [index("custom_hostnames_org").on(t.orgId)],
);

/** A SCIM directory: one IdP connection of an organisation, with its own tokens, users and groups. */
export const directories = sqliteTable(
  "directories",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    name: text("name").notNull(),
    idp: text("idp").notNull().default("generic"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** The licence that provisioned users' workspaces are allocated from. */
    licenceId: text("licence_id").references(() => licences.id, { onDelete: "set null" }),
    /** Accept a user only if userName is an email equal to its primary email (some products require it). */
    userNameIsPrimaryEmail: integer("user_name_is_primary_email", { mode: "boolean" })
      .notNull()
      .default(false),
    /** The organisation admin who receives deprovisioned users' workspaces. */
    transfereeAdminId: text("transferee_admin_id").references(() => orgAdmins.id, { onDelete: "set null" }),
    /**
     * How many users and groups the directory holds: the `totalResults` of an unfiltered list, so that an import
     * walk does not count the whole directory on every page. Kept by triggers on users and groups
     * (migrations/0001_events_webhooks_directory_counts.sql), so that no write path (SCIM, admin, cascades) can forget them.
     */
    userCount: integer("user_count").notNull().default(0),
    groupCount: integer("group_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("directories_org_name").on(t.orgId, t.name)],
);

/** Email domains the organisation has verified; only addresses in them may be provisioned. Stored lower-case. */
export const verifiedDomains = sqliteTable(
  "verified_domains",
  {
    domain: text("domain").primaryKey(),
    orgId: organisationId(),
    createdAt: createdAt(),
  },
  (t) => [index("verified_domains_org").on(t.orgId)],
);

/** A licence: a number of workspace seats. Seats used are counted from workspaces, never stored twice. */
export const licences = sqliteTable(
  "licences",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    name: text("name").notNull(),
    seats: integer("seats").notNull(),
    /**
     * Workspaces of this licence that a provisioned user owns. Kept in the same batch as every allocation and
     * transfer (a conditional UPDATE takes the seat), so a create costs the same for any licence size.
     */
    seatsUsed: integer("seats_used").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("licences_org_name").on(t.orgId, t.name)],
);

/** The organisation's admins: the people who can be chosen as transferee of deprovisioned users' workspaces. */
export const orgAdmins = sqliteTable(
  "org_admins",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("org_admins_org_email").on(t.orgId, t.email)],
);

/**
 * Bearer tokens. The token reads `scim_<id>_<secret>`: the id finds the row, and only SHA-256(secret) is kept,
 * compared in constant time.
 */
export const scimTokens = sqliteTable(
  "scim_tokens",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    directoryId: directoryId(),
    /** "bearer" for tokens an admin generates, "oauth" for access tokens from the client-credentials endpoint. */
    kind: text("kind").notNull().default("bearer"),
    /**
     * The OAuth client an access token was issued to, so that revoking one client stops its tokens only. Not a
     * foreign key: clients are revoked, never deleted. Null for bearer tokens.
     */
    clientId: text("client_id"),
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
    ...scimResourceColumns(),
    userName: text("user_name").notNull(),
    userNameKey: text("user_name_key").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    uniqueIndex("users_user_name").on(t.orgId, t.directoryId, t.userNameKey),
    index("users_external_id").on(t.orgId, t.directoryId, t.externalId),
    index("users_directory").on(t.orgId, t.directoryId, t.seq),
  ],
);

/** OAuth 2.0 client credentials (RFC 6749 §4.4) of a directory, for IdPs that will not hold a long-lived token. */
export const oauthClients = sqliteTable(
  "oauth_clients",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    directoryId: directoryId(),
    secretHash: text("secret_hash").notNull(),
    revokedAt: text("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("oauth_clients_directory").on(t.orgId, t.directoryId)],
);

/** SCIM groups, stored as users are: the resource without members, a folded search copy, indexed keys. */
export const groups = sqliteTable(
  "groups",
  {
    ...scimResourceColumns(),
    displayName: text("display_name").notNull(),
    /** displayName folded: unique per directory regardless of case, as Entra expects. */
    displayNameKey: text("display_name_key").notNull(),
  },
  (t) => [
    uniqueIndex("groups_display_name").on(t.orgId, t.directoryId, t.displayNameKey),
    index("groups_external_id").on(t.orgId, t.directoryId, t.externalId),
    index("groups_directory").on(t.orgId, t.directoryId, t.seq),
  ],
);

/**
 * Group membership, one row per member, so that adding or removing one member is one indexed statement
 * whatever the group's size, and parallel single-member changes cannot overwrite each other.
 */
export const groupMembers = sqliteTable(
  "group_members",
  {
    orgId: organisationId(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index("group_members_user").on(t.userId),
    // Entries of an index on group_id alone end in the rowid: a group's members list in insertion order.
    index("group_members_group").on(t.groupId),
  ],
);

/**
 * Workspaces: each provisioned user gets one, allocated from the directory's licence. A workspace is owned by a
 * user or, once transferred, by an organisation admin; it is never deleted by provisioning. Seats used by a
 * licence are the workspaces allocated from it.
 */
export const workspaces = sqliteTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    licenceId: text("licence_id")
      .notNull()
      .references(() => licences.id),
    /** The user it was allocated to, while that user owns it. Not a foreign key: ownership outlives the user row. */
    ownerUserId: text("owner_user_id"),
    ownerAdminId: text("owner_admin_id").references(() => orgAdmins.id),
    createdAt: text("created_at").notNull(),
    transferredAt: text("transferred_at"),
  },
  (t) => [
    index("workspaces_licence").on(t.licenceId),
    index("workspaces_owner_user").on(t.orgId, t.ownerUserId),
  ],
);

/**
 * Workspace transfers of deprovisioned users. The row is written in the same batch as the deactivation and
 * records the workspaces to move then; its id is the queue message's idempotency key.
 */
export const transfers = sqliteTable(
  "transfers",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    directoryId: directoryId(),
    /** Not a foreign key: the transfer must survive the user's deletion. */
    userId: text("user_id").notNull(),
    userName: text("user_name").notNull(),
    /** JSON array of workspace ids, as recorded at deactivation. */
    workspaceIds: text("workspace_ids", { mode: "json" }).notNull().$type<string[]>(),
    /** pending → done, or failed with a reason (and back to pending when retried). */
    state: text("state", { enum: ["pending", "done", "failed"] }).notNull(),
    reason: text("reason"),
    transfereeAdminId: text("transferee_admin_id"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("transfers_directory_state").on(t.orgId, t.directoryId, t.state),
    index("transfers_state_updated").on(t.state, t.updatedAt),
  ],
);

/**
 * The system log: one row per SCIM request, written after the response (src/http/middleware/system-log.ts).
 * Bodies are kept for failed requests only, redacted and capped. Rows older than LOG_RETENTION_DAYS are deleted
 * by the scheduled job.
 */
export const systemLog = sqliteTable(
  "system_log",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    /** Null when the request never authenticated. Not a foreign key: the log outlives a deleted directory. */
    directoryId: text("directory_id"),
    /** When the request arrived, ISO 8601 with milliseconds. */
    at: text("at").notNull(),
    idp: text("idp"),
    method: text("method").notNull(),
    path: text("path").notNull(),
    status: integer("status").notNull(),
    durationMs: integer("duration_ms").notNull(),
    resourceType: text("resource_type"),
    resourceId: text("resource_id"),
    userName: text("user_name"),
    /** userName folded (NFC, lower case) for the case-insensitive user filter. */
    userNameKey: text("user_name_key"),
    /** createUser, updateUser, deactivateUser, …: see src/log/operation.ts. */
    operation: text("operation").notNull(),
    scimType: text("scim_type"),
    detail: text("detail"),
    /** JSON text, failed requests only, secrets redacted, capped at LOG_BODY_MAX_BYTES. */
    requestBody: text("request_body"),
    responseBody: text("response_body"),
    /** The normalisation rules that fired, as a JSON array; filled by the normalisation layer once it exists. */
    normalisation: text("normalisation"),
  },
  (t) => [
    index("system_log_org_at").on(t.orgId, t.at),
    index("system_log_org_directory_at").on(t.orgId, t.directoryId, t.at),
    // The retention delete finds the oldest entries of every organisation.
    index("system_log_at").on(t.at),
  ],
);

/**
 * Events for the host application: one row per change (user created, deactivated, member added, workspace
 * transferred, …), written in the same D1 batch as the change itself, so an event exists exactly when its change
 * does. `seq` numbers an organisation's events from 1 in commit order: the events API's cursor and the webhook's
 * delivery position, and it reveals nothing about other organisations.
 */
export const events = sqliteTable(
  "events",
  {
    orgId: organisationId(),
    seq: integer("seq").notNull(),
    /** `evt_` and 32 hex digits: the receiver's idempotency key. */
    id: text("id").notNull().unique(),
    type: text("type").notNull(),
    /** Not a foreign key: events outlive a deleted directory. */
    directoryId: text("directory_id"),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    data: text("data", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.seq] }),
    // One resource's events in order (a user's history), without reading the organisation's.
    index("events_org_resource").on(t.orgId, t.resourceId, t.seq),
    index("events_occurred_at").on(t.occurredAt),
  ],
);

/**
 * An organisation's webhook: where its events are POSTed, signed with `secret` (HMAC-SHA256; kept because
 * signing needs it). `deliveredSeq` is the last event the receiver acknowledged: it only moves forward on a 2xx,
 * so a receiver that is down misses nothing. `leaseUntil` lets one consumer deliver at a time.
 */
export const webhooks = sqliteTable("webhooks", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  deliveredSeq: integer("delivered_seq").notNull().default(0),
  /**
   * A wake-up message is on its way or a delivery is running: changes in between send none (a bulk sync would
   * otherwise send one per change). Cleared by the delivery that finds nothing left, in the same statement that
   * lets go of the lease, so a change committed after it sends the next wake-up.
   */
  wakePending: integer("wake_pending", { mode: "boolean" }).notNull().default(false),
  /** Consecutive failed attempts; 0 once a delivery succeeds. */
  failures: integer("failures").notNull().default(0),
  nextAttemptAt: text("next_attempt_at"),
  leaseUntil: text("lease_until"),
  lastError: text("last_error"),
  createdAt: createdAt(),
  updatedAt: text("updated_at").notNull(),
});

/** The delivery log: one row per POST to a webhook, whatever its outcome. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    orgId: organisationId(),
    at: text("at").notNull(),
    url: text("url").notNull(),
    firstSeq: integer("first_seq").notNull(),
    lastSeq: integer("last_seq").notNull(),
    eventCount: integer("event_count").notNull(),
    /** The receiver's HTTP status; null when no response came (network error, timeout). */
    status: integer("status"),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    /** 1 for a first attempt, n for the n-th consecutive attempt after failures. */
    attempt: integer("attempt").notNull(),
  },
  (t) => [index("webhook_deliveries_org_at").on(t.orgId, t.at), index("webhook_deliveries_at").on(t.at)],
);
