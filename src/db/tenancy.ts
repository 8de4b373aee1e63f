// The catalog: which organisation a host belongs to, its directories, and the tokens that open them.
import { and, eq } from "drizzle-orm";
import { generateToken, hashSecret, parseToken, secretMatches } from "../auth/token";
import type { Database } from "./client";
import { customHostnames, directories, organisations, scimTokens } from "./schema";

export type Organisation = typeof organisations.$inferSelect;
export type Directory = typeof directories.$inferSelect;

/** Resolves `<slug>.<scimDomain>` or a registered custom hostname; the port, if any, is ignored. */
export async function findOrganisationByHost(
  db: Database,
  host: string,
  scimDomain: string,
): Promise<Organisation | undefined> {
  const hostname = host.toLowerCase().replace(/:\d+$/, "");
  const suffix = `.${scimDomain.toLowerCase()}`;
  if (hostname.endsWith(suffix)) {
    const slug = hostname.slice(0, -suffix.length);
    if (slug.includes(".") || slug === "") return undefined;
    return db.query.organisations.findFirst({ where: eq(organisations.slug, slug) });
  }
  const [row] = await db
    .select({ org: organisations })
    .from(customHostnames)
    .innerJoin(organisations, eq(organisations.id, customHostnames.orgId))
    .where(eq(customHostnames.hostname, hostname))
    .limit(1);
  return row?.org;
}

export type TokenRejection = "malformed" | "unknown" | "expired" | "revoked";

export type Authentication =
  | { ok: true; directory: Directory; tokenId: string }
  | { ok: false; reason: TokenRejection };

/**
 * Checks a bearer token against one organisation. A token of another organisation is "unknown": its
 * existence is never confirmed across tenants.
 */
export async function authenticate(
  db: Database,
  orgId: string,
  presented: string,
  now: Date,
): Promise<Authentication> {
  const parsed = parseToken(presented);
  if (!parsed) return { ok: false, reason: "malformed" };
  const [row] = await db
    .select({ token: scimTokens, directory: directories })
    .from(scimTokens)
    .innerJoin(directories, eq(directories.id, scimTokens.directoryId))
    .where(and(eq(scimTokens.id, parsed.id), eq(scimTokens.orgId, orgId)))
    .limit(1);
  if (!row || !(await secretMatches(parsed.secret, row.token.secretHash)))
    return { ok: false, reason: "unknown" };
  if (row.token.revokedAt !== null) return { ok: false, reason: "revoked" };
  if (row.token.expiresAt <= now.toISOString()) return { ok: false, reason: "expired" };
  return { ok: true, directory: row.directory, tokenId: row.token.id };
}

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

/** Issues a token valid for `validitySeconds`; the plaintext is returned once and never stored. */
export async function issueToken(
  db: Database,
  scope: { orgId: string; directoryId: string },
  validitySeconds: number,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const { id, secret, token } = generateToken();
  const expiresAt = new Date(now.getTime() + validitySeconds * 1000).toISOString();
  await db.insert(scimTokens).values({
    id,
    orgId: scope.orgId,
    directoryId: scope.directoryId,
    secretHash: await hashSecret(secret),
    lastFour: token.slice(-4),
    expiresAt,
  });
  return { token, expiresAt };
}
