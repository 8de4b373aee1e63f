// The client-credentials grant's storage (RFC 6749 §4.4): find a client within one organisation, and issue an
// access token, stored as bearer tokens are (kind "oauth"), for that client's directory only.
import { and, eq, lt } from "drizzle-orm";
import { accessTokenCutoff } from "../domain/tokens";
import type { Database } from "./client";
import { directories, oauthClients, scimTokens } from "./schema";
import { type Directory, newToken } from "./tenancy";
import type { DirectoryScope } from "./users";

export type OAuthClientRow = typeof oauthClients.$inferSelect;

/** A client of another organisation is not found: its existence is never confirmed across tenants. */
export async function findClient(
  db: Database,
  orgId: string,
  clientId: string,
): Promise<{ client: OAuthClientRow; directory: Directory } | undefined> {
  const [row] = await db
    .select({ client: oauthClients, directory: directories })
    .from(oauthClients)
    .innerJoin(directories, eq(directories.id, oauthClients.directoryId))
    .where(and(eq(oauthClients.id, clientId), eq(oauthClients.orgId, orgId)))
    .limit(1);
  return row;
}

/** Issues an access token to a client and, in the same batch, deletes the directory's long-expired ones. */
export async function issueAccessToken(
  db: Database,
  scope: DirectoryScope,
  clientId: string,
  expiresAt: string,
  now: Date,
): Promise<string> {
  const { token, row } = await newToken(scope, "oauth", expiresAt, now);
  await db.batch([
    db
      .delete(scimTokens)
      .where(
        and(
          eq(scimTokens.orgId, scope.orgId),
          eq(scimTokens.directoryId, scope.directoryId),
          eq(scimTokens.kind, "oauth"),
          lt(scimTokens.expiresAt, accessTokenCutoff(now)),
        ),
      ),
    db.insert(scimTokens).values({ ...row, clientId }),
  ]);
  return token;
}
