// SCIM directories of an organisation and their settings. Every rule that involves other rows (licence and
// transferee of the same organisation, a verified domain before enabling) is a condition of the write itself.
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import { directories, organisations } from "../schema";
import type { Directory } from "../tenancy";
import { type AdminFailure, type AdminResult, fail, notFound, ok } from "./outcome";
import { unlessTaken } from "./scoped";
import {
  adminInOrganisation,
  definedOnly,
  directoryInOrganisation,
  hasVerifiedDomain,
  insertWhere,
  licenceInOrganisation,
  organisationExists,
} from "./statements";

export interface DirectorySettings {
  name: string;
  idp: string;
  enabled: boolean;
  licenceId: string | null;
  transfereeAdminId: string | null;
  userNameIsPrimaryEmail: boolean;
}

const inOrg = (orgId: string, directoryId: string) =>
  and(eq(directories.orgId, orgId), eq(directories.id, directoryId));

/** The conditions a write with these settings needs; settings left out need none. */
function preconditions(db: Database, orgId: string, settings: Partial<DirectorySettings>): SQL | undefined {
  return and(
    settings.licenceId ? licenceInOrganisation(db, orgId, settings.licenceId) : undefined,
    settings.transfereeAdminId ? adminInOrganisation(db, orgId, settings.transfereeAdminId) : undefined,
    settings.enabled === true ? hasVerifiedDomain(db, orgId) : undefined,
  );
}

const fact = (condition: SQL | undefined) => sql<boolean>`${condition ?? sql`1`}`.mapWith(Boolean);

/** After a conditional write wrote nothing: which condition failed, in one query. */
async function explain(
  db: Database,
  orgId: string,
  directoryId: string | undefined,
  settings: Partial<DirectorySettings>,
): Promise<AdminFailure> {
  const [facts] = await db
    .select({
      directory: fact(directoryId ? directoryInOrganisation(db, orgId, directoryId) : undefined),
      licence: fact(settings.licenceId ? licenceInOrganisation(db, orgId, settings.licenceId) : undefined),
      admin: fact(
        settings.transfereeAdminId ? adminInOrganisation(db, orgId, settings.transfereeAdminId) : undefined,
      ),
      domain: fact(settings.enabled === true ? hasVerifiedDomain(db, orgId) : undefined),
    })
    .from(organisations)
    .where(eq(organisations.id, orgId));
  if (!facts) return { reason: "notFound", resource: "organisation", id: orgId };
  if (!facts.directory) return { reason: "notFound", resource: "directory", id: directoryId ?? "" };
  if (!facts.licence)
    return { reason: "unknownReference", resource: "licence", id: settings.licenceId ?? "" };
  if (!facts.admin)
    return { reason: "unknownReference", resource: "admin", id: settings.transfereeAdminId ?? "" };
  if (!facts.domain) return { reason: "verifiedDomainRequired" };
  // Every condition holds now: the row changed in between (deleted, or the domain came or went). Say so.
  return {
    reason: "notFound",
    resource: directoryId ? "directory" : "organisation",
    id: directoryId ?? orgId,
  };
}

export async function listDirectories(db: Database, orgId: string): Promise<Directory[]> {
  return db.select().from(directories).where(eq(directories.orgId, orgId)).orderBy(asc(directories.name));
}

export async function getDirectory(
  db: Database,
  orgId: string,
  directoryId: string,
): Promise<AdminResult<Directory>> {
  const [row] = await db.select().from(directories).where(inOrg(orgId, directoryId)).limit(1);
  return row ? ok(row) : notFound("directory", directoryId);
}

export function createDirectory(
  db: Database,
  orgId: string,
  settings: DirectorySettings,
  now: Date,
): Promise<AdminResult<Directory>> {
  const row = {
    id: crypto.randomUUID(),
    orgId,
    ...settings,
    userCount: 0,
    groupCount: 0,
    createdAt: now.toISOString(),
  };
  const condition = and(organisationExists(db, orgId), preconditions(db, orgId, settings));
  return unlessTaken("directoryName", settings.name, async () => {
    const [created] = await insertWhere(db, directories, row, condition);
    return created ? ok(created) : fail(await explain(db, orgId, undefined, settings));
  });
}

/** Disabling keeps every user, group and token: the SCIM endpoint refuses requests until it is enabled again. */
export function updateDirectory(
  db: Database,
  orgId: string,
  directoryId: string,
  changes: Partial<DirectorySettings>,
): Promise<AdminResult<Directory>> {
  const set = definedOnly({ ...changes });
  if (Object.keys(set).length === 0) return getDirectory(db, orgId, directoryId);
  return unlessTaken("directoryName", changes.name, async () => {
    const [updated] = await db
      .update(directories)
      .set(set)
      .where(and(inOrg(orgId, directoryId), preconditions(db, orgId, set)))
      .returning();
    return updated ? ok(updated) : fail(await explain(db, orgId, directoryId, set));
  });
}

/** Deletes the directory with its tokens, OAuth clients, users and groups (foreign keys cascade). */
export async function deleteDirectory(
  db: Database,
  orgId: string,
  directoryId: string,
): Promise<AdminResult<null>> {
  const [deleted] = await db
    .delete(directories)
    .where(inOrg(orgId, directoryId))
    .returning({ id: directories.id });
  return deleted ? ok(null) : notFound("directory", directoryId);
}
