// Verified email domains of an organisation. A domain belongs to one organisation at most (its primary key).
import { and, asc, eq, exists, ne, not, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { verifiedDomains } from "../schema";
import { type AdminResult, fail, notFound, ok } from "./outcome";
import { insertIntoOrganisation, listInOrganisation } from "./scoped";
import { hasEnabledDirectory } from "./statements";

export type VerifiedDomainRow = typeof verifiedDomains.$inferSelect;

export const listDomains = (db: Database, orgId: string) =>
  listInOrganisation(
    db,
    orgId,
    db
      .select()
      .from(verifiedDomains)
      .where(eq(verifiedDomains.orgId, orgId))
      .orderBy(asc(verifiedDomains.domain)),
  );

export const addDomain = (db: Database, orgId: string, domain: string, now: Date) =>
  insertIntoOrganisation(
    db,
    verifiedDomains,
    { domain, orgId, createdAt: now.toISOString() },
    { field: "domain", value: domain },
  );

/**
 * Removes a domain unless it is the organisation's last one while a directory is enabled: SCIM is never left
 * enabled without a verified domain. The condition is part of the DELETE, so a concurrent enable cannot slip in.
 */
export async function removeDomain(db: Database, orgId: string, domain: string): Promise<AdminResult<null>> {
  const another = db
    .select({ one: sql`1` })
    .from(verifiedDomains)
    .where(and(eq(verifiedDomains.orgId, orgId), ne(verifiedDomains.domain, domain)));
  const [removed] = await db
    .delete(verifiedDomains)
    .where(
      and(
        eq(verifiedDomains.orgId, orgId),
        eq(verifiedDomains.domain, domain),
        or(exists(another), not(hasEnabledDirectory(db, orgId))),
      ),
    )
    .returning({ domain: verifiedDomains.domain });
  if (removed) return ok(null);
  const [still] = await db
    .select({ domain: verifiedDomains.domain })
    .from(verifiedDomains)
    .where(and(eq(verifiedDomains.orgId, orgId), eq(verifiedDomains.domain, domain)));
  return still ? fail({ reason: "lastVerifiedDomain", domain }) : notFound("domain", domain);
}
