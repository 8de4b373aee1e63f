// The catalog: which organisation a host belongs to, its directories, and the tokens that open them.
import { and, eq, getTableColumns, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/sqlite-core";
import { generateToken, hashMatches, hashSecret } from "../auth/token";
import { lastUseThreshold, tokenStatus } from "../domain/tokens";
import type { Database } from "./client";
import { compiled, rowDecoder } from "./compiled";
import { customHostnames, directories, organisations, scimTokens } from "./schema";

export type Organisation = typeof organisations.$inferSelect;
export type Directory = typeof directories.$inferSelect;

/** What a host names: an organisation's slug under the SCIM domain, or a custom hostname to look up. */
function hostKey(host: string, scimDomain: string): { slug: string } | { hostname: string } | undefined {
  const hostname = host.toLowerCase().replace(/:\d+$/, "");
  const suffix = `.${scimDomain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return { hostname };
  const slug = hostname.slice(0, -suffix.length);
  return slug.includes(".") || slug === "" ? undefined : { slug };
}

export type TokenRow = typeof scimTokens.$inferSelect;

/** A presented token's row with its directory, as found within the host's organisation (not yet verified). */
export type Credential = { token: TokenRow; directory: Directory };

/** The host's organisation and the credential the token id found in it (tenantStatement). */
export type Tenant = { org: Organisation; credential: Credential | undefined };

type CatalogTable = typeof organisations | typeof scimTokens | typeof directories;

/**
 * Every column of a table under `<prefix>_<column>`: in a batch, D1 returns rows as objects, where the three
 * tables' alike names (id, org_id, name, created_at) would overwrite one another.
 */
const aliased = (table: CatalogTable, prefix: string) =>
  Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => [
      key,
      sql`${column}`.as(`${prefix}_${column.name}`),
    ]),
  );

/** The catalogue row's three tables, decoded from their prefixed columns; undefined where a join found nothing. */
const decoders = {
  o: rowDecoder(getTableColumns(organisations), "o"),
  t: rowDecoder(getTableColumns(scimTokens), "t"),
  d: rowDecoder(getTableColumns(directories), "d"),
};
const rowOf = <K extends keyof typeof decoders>(prefix: K, record: Record<string, unknown>) =>
  record[`${prefix}_id`] === null || record[`${prefix}_id`] === undefined
    ? undefined
    : (decoders[prefix](record) as ReturnType<(typeof decoders)[K]>);

const catalog = new QueryBuilder();
const selection = {
  o: aliased(organisations, "o"),
  t: aliased(scimTokens, "t"),
  d: aliased(directories, "d"),
};

/** The statement for one kind of host, with placeholders: compiled once per isolate, not per request. */
const compile = (by: "slug" | "hostname") =>
  catalog
    .select(selection)
    .from(organisations)
    .leftJoin(
      scimTokens,
      and(eq(scimTokens.id, sql.placeholder("tokenId")), eq(scimTokens.orgId, organisations.id)),
    )
    .leftJoin(directories, eq(directories.id, scimTokens.directoryId))
    .where(
      by === "slug"
        ? eq(organisations.slug, sql.placeholder("key"))
        : inArray(
            organisations.id,
            catalog
              .select({ id: customHostnames.orgId })
              .from(customHostnames)
              .where(eq(customHostnames.hostname, sql.placeholder("key"))),
          ),
    )
    .limit(1)
    .toSQL();

const COMPILED = { slug: compiled(compile("slug")), hostname: compiled(compile("hostname")) };

/**
 * Resolves `<slug>.<scimDomain>` or a registered custom hostname (the port, if any, is ignored) and, in the same
 * statement, the token with id `tokenId` if it belongs to that organisation: one round trip before any SCIM
 * work instead of two. The token is joined on the host's organisation, so a token of another organisation is
 * simply not found. Undefined for a host that cannot name an organisation.
 */
export function tenantSql(host: string, scimDomain: string, tokenId: string | undefined) {
  const key = hostKey(host, scimDomain);
  if (!key) return undefined;
  const statement = "slug" in key ? COMPILED.slug : COMPILED.hostname;
  const values = { tokenId: tokenId ?? "", key: "slug" in key ? key.slug : key.hostname };
  return { sql: statement.sql, params: statement.params(values) };
}

/**
 * The tenant statement as D1 runs it: alone, or at the head of a request's first batch
 * (src/db/first-round-trip.ts). Undefined for a host that cannot name an organisation.
 */
export function tenantQuery(
  binding: D1Database,
  host: string,
  scimDomain: string,
  tokenId: string | undefined,
): D1PreparedStatement | undefined {
  const statement = tenantSql(host, scimDomain, tokenId);
  return statement && binding.prepare(statement.sql).bind(...statement.params);
}

/** What a tenant statement found: undefined if the host names no organisation. */
export function tenantOf(result: D1Result<Record<string, unknown>>): Tenant | undefined {
  const [record] = result.results;
  const org = record && rowOf("o", record);
  if (!record || !org) return undefined;
  const token = rowOf("t", record);
  const directory = rowOf("d", record);
  return { org, credential: token && directory ? { token, directory } : undefined };
}

/** The host's organisation and the credential the token id found in it, in one round trip. */
export async function findTenant(
  binding: D1Database,
  host: string,
  scimDomain: string,
  tokenId: string | undefined,
): Promise<Tenant | undefined> {
  const query = tenantQuery(binding, host, scimDomain, tokenId);
  return query && tenantOf(await query.all());
}

/** The organisation a host names, without a token (the OAuth token endpoint). */
export const findOrganisationByHost = async (
  binding: D1Database,
  host: string,
  scimDomain: string,
): Promise<Organisation | undefined> => (await findTenant(binding, host, scimDomain, undefined))?.org;

export type TokenRejection = "malformed" | "unknown" | "expired" | "revoked";

/** "bearer": generated by an admin; "oauth": issued by the client-credentials token endpoint. */
export type TokenKind = "bearer" | "oauth";

export type Authentication =
  | { ok: true; directory: Directory; tokenId: string; kind: TokenKind; lastUsedAt: string | null }
  | { ok: false; reason: TokenRejection; kind?: TokenKind };

const tokenKind = (kind: string): TokenKind => (kind === "oauth" ? "oauth" : "bearer");

/**
 * Checks a presented secret against the credential its token id found in the host's organisation (findTenant).
 * A token of another organisation was not found: it is "unknown", its existence never confirmed across tenants.
 * A revocation time in the future is a rotation's overlap window.
 */
export function authenticate(
  credential: Credential | undefined,
  secretHash: string,
  now: Date,
): Authentication {
  if (!credential || !hashMatches(secretHash, credential.token.secretHash))
    return { ok: false, reason: "unknown" };
  const { token, directory } = credential;
  const kind = tokenKind(token.kind);
  const status = tokenStatus(token, now);
  if (status !== "active") return { ok: false, reason: status, kind };
  return { ok: true, directory, tokenId: token.id, kind, lastUsedAt: token.lastUsedAt };
}

/**
 * Stamps a token's last use, at most once per LAST_USE_RESOLUTION_SECONDS: the condition is in the statement, so
 * that parallel requests write once between them.
 */
export const recordTokenUse = (db: Database, orgId: string, tokenId: string, now: Date) =>
  db
    .update(scimTokens)
    .set({ lastUsedAt: now.toISOString() })
    .where(
      and(
        eq(scimTokens.id, tokenId),
        eq(scimTokens.orgId, orgId),
        or(isNull(scimTokens.lastUsedAt), lte(scimTokens.lastUsedAt, lastUseThreshold(now))),
      ),
    );

export async function createOrganisation(
  db: Database,
  input: { slug: string; name: string },
): Promise<Organisation> {
  const [org] = await db
    .insert(organisations)
    .values({ id: crypto.randomUUID(), slug: input.slug.toLowerCase(), name: input.name })
    .returning();
  if (!org) throw new Error("insert returned no organisation");
  return org;
}

export async function createDirectory(db: Database, orgId: string, name: string): Promise<Directory> {
  const [directory] = await db
    .insert(directories)
    .values({ id: crypto.randomUUID(), orgId, name })
    .returning();
  if (!directory) throw new Error("insert returned no directory");
  return directory;
}

export async function addCustomHostname(db: Database, orgId: string, hostname: string): Promise<void> {
  await db.insert(customHostnames).values({ hostname: hostname.toLowerCase(), orgId });
}

/** A new token and the row that stores it (the secret's hash only); the caller inserts or batches the row. */
export async function newToken(
  scope: { orgId: string; directoryId: string },
  kind: TokenKind,
  expiresAt: string,
  now: Date,
): Promise<{ token: string; row: TokenRow }> {
  const { id, secret, token } = generateToken();
  const row: TokenRow = {
    id,
    orgId: scope.orgId,
    directoryId: scope.directoryId,
    kind,
    clientId: null,
    secretHash: await hashSecret(secret),
    lastFour: token.slice(-4),
    expiresAt,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: now.toISOString(),
  };
  return { token, row };
}

/** Issues a token valid for `validitySeconds`; the plaintext is returned once and never stored. */
export async function issueToken(
  db: Database,
  scope: { orgId: string; directoryId: string },
  validitySeconds: number,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const expiresAt = new Date(now.getTime() + validitySeconds * 1000).toISOString();
  const { token, row } = await newToken(scope, "bearer", expiresAt, now);
  await db.insert(scimTokens).values(row);
  return { token, expiresAt };
}
