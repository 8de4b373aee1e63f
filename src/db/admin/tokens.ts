// Bearer tokens of a directory, as an admin manages them: generate (rotating the previous ones out, at once or
// after an overlap window), list without secrets, revoke. Rotation is one batch: nothing half-done.
import { and, desc, eq, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { historyCutoff, supersededAt, tokenExpiry } from "../../domain/tokens";
import type { Database } from "../client";
import { scimTokens } from "../schema";
import { newToken, type TokenRow } from "../tenancy";
import type { DirectoryScope } from "../users";
import { type AdminResult, notFound, ok } from "./outcome";
import { listInDirectory } from "./scoped";
import { directoryInOrganisation, insertWhere, rowid } from "./statements";

/** Rotation deletes tokens that ended over TOKEN_HISTORY_RETENTION_DAYS ago; the list is capped as well. */
export const MAX_TOKENS_LISTED = 100;

/** What an admin may see of a token: never the secret, nor its hash. */
export const tokenView = {
  id: scimTokens.id,
  kind: scimTokens.kind,
  lastFour: scimTokens.lastFour,
  createdAt: scimTokens.createdAt,
  expiresAt: scimTokens.expiresAt,
  revokedAt: scimTokens.revokedAt,
  lastUsedAt: scimTokens.lastUsedAt,
};

export type TokenView = Omit<TokenRow, "secretHash" | "orgId" | "directoryId" | "clientId">;

const ofDirectory = (scope: DirectoryScope, kind: "bearer" | "oauth") =>
  and(
    eq(scimTokens.orgId, scope.orgId),
    eq(scimTokens.directoryId, scope.directoryId),
    eq(scimTokens.kind, kind),
  );

/** Tokens of `kind` in the directory that still work at `at`, or would after it, stop at `at` (if `also` holds). */
export const supersede = (
  db: Database,
  scope: DirectoryScope,
  kind: "bearer" | "oauth",
  at: string,
  also?: SQL,
) =>
  db
    .update(scimTokens)
    .set({ revokedAt: at })
    .where(
      and(ofDirectory(scope, kind), or(isNull(scimTokens.revokedAt), gt(scimTokens.revokedAt, at)), also),
    )
    .returning({ id: scimTokens.id });

/** Revocation never moves later: a token revoked earlier stays revoked from then. */
const revokeAt = (at: string) => sql`min(coalesce(${scimTokens.revokedAt}, ${at}), ${at})`;

export const listTokens = (db: Database, scope: DirectoryScope) =>
  listInDirectory(
    db,
    scope,
    db
      .select(tokenView)
      .from(scimTokens)
      .where(ofDirectory(scope, "bearer"))
      .orderBy(desc(scimTokens.createdAt), desc(rowid(scimTokens)))
      .limit(MAX_TOKENS_LISTED),
  );

export interface GeneratedToken {
  token: string;
  view: TokenView;
  /** How many earlier tokens this rotation ended, and when they stop (now, or the end of the overlap). */
  superseded: { count: number; at: string };
}

export async function generateBearerToken(
  db: Database,
  scope: DirectoryScope,
  options: { validityDays: number; overlapHours: number },
  now: Date,
): Promise<AdminResult<GeneratedToken>> {
  const { token, row } = await newToken(scope, "bearer", tokenExpiry(now, options.validityDays), now);
  const at = supersededAt(now, options.overlapHours);
  const cutoff = historyCutoff(now);
  const [superseded, , inserted] = await db.batch([
    supersede(db, scope, "bearer", at),
    // TOKEN_HISTORY_RETENTION_DAYS after they ended, tokens leave the list.
    db
      .delete(scimTokens)
      .where(
        and(
          ofDirectory(scope, "bearer"),
          or(lt(scimTokens.revokedAt, cutoff), lt(scimTokens.expiresAt, cutoff)),
        ),
      ),
    insertWhere(db, scimTokens, row, directoryInOrganisation(db, scope.orgId, scope.directoryId)),
  ]);
  const [created] = inserted;
  if (!created) return notFound("directory", scope.directoryId);
  const { secretHash: _hash, orgId: _org, directoryId: _dir, ...view } = created;
  return ok({ token, view, superseded: { count: superseded.length, at } });
}

/** Revokes at once; a token revoked already keeps its time, one in an overlap window stops now. */
export async function revokeToken(
  db: Database,
  scope: DirectoryScope,
  tokenId: string,
  now: Date,
): Promise<AdminResult<TokenView>> {
  const [revoked] = await db
    .update(scimTokens)
    .set({ revokedAt: revokeAt(now.toISOString()) })
    .where(and(ofDirectory(scope, "bearer"), eq(scimTokens.id, tokenId)))
    .returning(tokenView);
  return revoked ? ok(revoked) : notFound("token", tokenId);
}
