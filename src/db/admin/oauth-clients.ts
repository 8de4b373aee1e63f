// OAuth 2.0 client credentials of a directory (RFC 6749 §4.4). Creating a client supersedes the previous ones,
// at once or after an overlap window, as bearer tokens do; the access tokens they obtained stop with them.
import { and, desc, eq, exists, gt, isNull, or, sql } from "drizzle-orm";
import { generateClientCredentials, hashSecret } from "../../auth/token";
import { supersededAt } from "../../domain/tokens";
import type { Database } from "../client";
import { oauthClients, scimTokens } from "../schema";
import type { DirectoryScope } from "../users";
import { type AdminResult, notFound, ok } from "./outcome";
import { listInDirectory } from "./scoped";
import { directoryInOrganisation, insertWhere, rowid } from "./statements";
import { supersede } from "./tokens";

/** Clients are few (one per rotation); the list is capped all the same. */
export const MAX_CLIENTS_LISTED = 100;

const clientView = {
  clientId: oauthClients.id,
  createdAt: oauthClients.createdAt,
  revokedAt: oauthClients.revokedAt,
};

export interface OAuthClientView {
  clientId: string;
  createdAt: string;
  revokedAt: string | null;
}

const ofDirectory = (scope: DirectoryScope) =>
  and(eq(oauthClients.orgId, scope.orgId), eq(oauthClients.directoryId, scope.directoryId));

export const listOAuthClients = (db: Database, scope: DirectoryScope) =>
  listInDirectory(
    db,
    scope,
    db
      .select(clientView)
      .from(oauthClients)
      .where(ofDirectory(scope))
      .orderBy(desc(oauthClients.createdAt), desc(rowid(oauthClients)))
      .limit(MAX_CLIENTS_LISTED),
  );

export interface CreatedClient {
  clientSecret: string;
  view: OAuthClientView;
  superseded: { count: number; at: string };
}

export async function createOAuthClient(
  db: Database,
  scope: DirectoryScope,
  options: { overlapHours: number },
  now: Date,
): Promise<AdminResult<CreatedClient>> {
  const { clientId, clientSecret } = generateClientCredentials();
  const at = supersededAt(now, options.overlapHours);
  const row = {
    id: clientId,
    orgId: scope.orgId,
    directoryId: scope.directoryId,
    secretHash: await hashSecret(clientSecret),
    revokedAt: null,
    createdAt: now.toISOString(),
  };
  const [superseded, , inserted] = await db.batch([
    db
      .update(oauthClients)
      .set({ revokedAt: at })
      .where(and(ofDirectory(scope), or(isNull(oauthClients.revokedAt), gt(oauthClients.revokedAt, at))))
      .returning({ id: oauthClients.id }),
    // Every OAuth access token of the directory came from a client superseded here.
    supersede(db, scope, "oauth", at),
    insertWhere(db, oauthClients, row, directoryInOrganisation(db, scope.orgId, scope.directoryId)),
  ]);
  const [created] = inserted;
  if (!created) return notFound("directory", scope.directoryId);
  const view = { clientId: created.id, createdAt: created.createdAt, revokedAt: created.revokedAt };
  return ok({ clientSecret, view, superseded: { count: superseded.length, at } });
}

/**
 * Revokes a client and, at the same moment, the access tokens issued to it. Other clients' tokens keep working
 * (during a rotation's overlap both clients do).
 */
export async function revokeOAuthClient(
  db: Database,
  scope: DirectoryScope,
  clientId: string,
  now: Date,
): Promise<AdminResult<OAuthClientView>> {
  const at = now.toISOString();
  const client = and(ofDirectory(scope), eq(oauthClients.id, clientId));
  const [revoked] = await db.batch([
    db
      .update(oauthClients)
      .set({ revokedAt: sql`min(coalesce(${oauthClients.revokedAt}, ${at}), ${at})` })
      .where(client)
      .returning(clientView),
    supersede(
      db,
      scope,
      "oauth",
      at,
      and(
        // Tokens issued before clients were recorded on them (client_id null) go too: they may be this client's.
        or(eq(scimTokens.clientId, clientId), isNull(scimTokens.clientId)),
        exists(db.select({ one: sql`1` }).from(oauthClients).where(client)),
      ),
    ),
  ]);
  const [view] = revoked;
  return view ? ok(view) : notFound("oauthClient", clientId);
}
