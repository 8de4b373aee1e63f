// Custom hostnames (e.g. scim.acme.com) of an organisation; each belongs to exactly one (its primary key).
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { customHostnames } from "../schema";
import { type AdminResult, notFound, ok } from "./outcome";
import { insertIntoOrganisation, listInOrganisation } from "./scoped";
import { findOrganisation } from "./statements";

export type CustomHostnameRow = typeof customHostnames.$inferSelect;

/** Where an organisation's SCIM endpoint answers: its slug (for the subdomain) and its custom hostnames. */
export interface OrganisationHosts {
  slug: string;
  hostnames: string[];
}

const hostnamesOf = (db: Database, orgId: string) =>
  db
    .select()
    .from(customHostnames)
    .where(eq(customHostnames.orgId, orgId))
    .orderBy(asc(customHostnames.hostname));

export const listHostnames = (db: Database, orgId: string) =>
  listInOrganisation(db, orgId, hostnamesOf(db, orgId));

export async function organisationHosts(
  db: Database,
  orgId: string,
): Promise<AdminResult<OrganisationHosts>> {
  const [[org], rows] = await db.batch([findOrganisation(db, orgId), hostnamesOf(db, orgId)]);
  return org
    ? ok({ slug: org.slug, hostnames: rows.map((row) => row.hostname) })
    : notFound("organisation", orgId);
}

export const addHostname = (db: Database, orgId: string, hostname: string, now: Date) =>
  insertIntoOrganisation(
    db,
    customHostnames,
    { hostname, orgId, createdAt: now.toISOString() },
    { field: "hostname", value: hostname },
  );

export async function removeHostname(
  db: Database,
  orgId: string,
  hostname: string,
): Promise<AdminResult<null>> {
  const [removed] = await db
    .delete(customHostnames)
    .where(and(eq(customHostnames.orgId, orgId), eq(customHostnames.hostname, hostname)))
    .returning({ hostname: customHostnames.hostname });
  return removed ? ok(null) : notFound("hostname", hostname);
}
