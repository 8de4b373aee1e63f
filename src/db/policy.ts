// The organisation's provisioning rules for one directory, read in one round trip.
import { and, eq } from "drizzle-orm";
import type { DomainPolicy } from "../domain/domain-restrictions";
import type { Database } from "./client";
import { directories, verifiedDomains } from "./schema";
import type { DirectoryScope } from "./users";

export interface ProvisioningPolicy extends DomainPolicy {
  /** The licence workspaces are allocated from; null until an admin chooses one. */
  licenceId: string | null;
}

export async function provisioningPolicy(db: Database, scope: DirectoryScope): Promise<ProvisioningPolicy> {
  const [directory, domains] = await db.batch([
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
    licenceId: directory[0]?.licenceId ?? null,
    userNameMustBePrimaryEmail: directory[0]?.userNameIsPrimaryEmail ?? false,
    verifiedDomains: domains.map((d) => d.domain),
  };
}
