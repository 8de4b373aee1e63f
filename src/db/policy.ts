// The organisation's provisioning rules for one directory, read in the same round trip as the rows a change needs.
// Both statements are compiled once (src/db/compiled.ts): every create and every change of a user reads them.
import { and, eq } from "drizzle-orm";
import type { DomainPolicy } from "../domain/domain-restrictions";
import type { Database } from "./client";
import { compileOnce, prepared, type Read, rowDecoder, SCOPE, statementOf } from "./compiled";
import { directories, verifiedDomains } from "./schema";
import type { DirectoryScope } from "./users";

export interface ProvisioningPolicy extends DomainPolicy {
  /** The licence workspaces are allocated from; null until an admin chooses one. */
  licenceId: string | null;
}

const SETTINGS = {
  licenceId: directories.licenceId,
  userNameIsPrimaryEmail: directories.userNameIsPrimaryEmail,
};
const settingsStatement = compileOnce((db: Database) =>
  db
    .select(SETTINGS)
    .from(directories)
    .where(and(eq(directories.orgId, SCOPE.orgId), eq(directories.id, SCOPE.directoryId)))
    .limit(1),
);
const decodeSettings = rowDecoder(SETTINGS);

const domainsStatement = compileOnce((db: Database) =>
  db
    .select({ domain: verifiedDomains.domain })
    .from(verifiedDomains)
    .where(eq(verifiedDomains.orgId, SCOPE.orgId)),
);

/** Runs `query` and reads the directory's policy, in one batch. */
export async function withPolicy<R>(
  db: Database,
  scope: DirectoryScope,
  query: Read<R>,
): Promise<{ rows: R[]; policy: ProvisioningPolicy }> {
  const values = { orgId: scope.orgId, directoryId: scope.directoryId };
  const [rows, settings, domains] = await db.$client.batch<Record<string, unknown>>([
    statementOf(db.$client, query),
    prepared(db.$client, settingsStatement(db), values),
    prepared(db.$client, domainsStatement(db), values),
  ]);
  const directory = settings?.results[0] && decodeSettings(settings.results[0]);
  return {
    rows: (rows?.results ?? []).map((record) => query.decode(record)),
    policy: {
      licenceId: directory?.licenceId ?? null,
      userNameMustBePrimaryEmail: directory?.userNameIsPrimaryEmail ?? false,
      verifiedDomains: (domains?.results ?? []).map((row) => String(row.domain)),
    },
  };
}
