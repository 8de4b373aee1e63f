// The organisation's provisioning rules for one directory, read in the same round trip as the rows a change needs.
import { and, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { DomainPolicy } from "../domain/domain-restrictions";
import type { BatchRows, Database } from "./client";
import { directories, verifiedDomains } from "./schema";
import type { DirectoryScope } from "./users";

export interface ProvisioningPolicy extends DomainPolicy {
  /** The licence workspaces are allocated from; null until an admin chooses one. */
  licenceId: string | null;
}

/** Runs `query` and reads the directory's policy, in one batch. */
export async function withPolicy<Q extends BatchItem<"sqlite">>(
  db: Database,
  scope: DirectoryScope,
  query: Q,
): Promise<{ rows: BatchRows<Q>; policy: ProvisioningPolicy }> {
  const [rows, directory, domains] = await db.batch([
    query,
    db
      .select({
        licenceId: directories.licenceId,
        userNameIsPrimaryEmail: directories.userNameIsPrimaryEmail,
      })
      .from(directories)
      .where(and(eq(directories.orgId, scope.orgId), eq(directories.id, scope.directoryId)))
      .limit(1),
    db
      .select({ domain: verifiedDomains.domain })
      .from(verifiedDomains)
      .where(eq(verifiedDomains.orgId, scope.orgId)),
  ]);
  return {
    rows: rows as BatchRows<Q>,
    policy: {
      licenceId: directory[0]?.licenceId ?? null,
      userNameMustBePrimaryEmail: directory[0]?.userNameIsPrimaryEmail ?? false,
      verifiedDomains: domains.map((d) => d.domain),
    },
  };
}
