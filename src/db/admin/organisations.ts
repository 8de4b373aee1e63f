// Organisations: create, read, list by slug, rename, and delete. Deleting one cascades (foreign keys) to its
// hostnames, domains, licences, admins, directories, tokens, users and groups, and to nothing of anyone else's.
import { and, asc, eq, gt } from "drizzle-orm";
import type { Database } from "../client";
import { organisations } from "../schema";
import { createOrganisation as insertOrganisation, type Organisation } from "../tenancy";
import { type AdminResult, fail, notFound, ok } from "./outcome";
import { unlessTaken } from "./scoped";
import { definedOnly } from "./statements";

export const createOrganisation = (db: Database, input: { slug: string; name: string }) =>
  unlessTaken("slug", input.slug, async () => ok(await insertOrganisation(db, input)));

export async function getOrganisation(db: Database, orgId: string): Promise<AdminResult<Organisation>> {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId)).limit(1);
  return org ? ok(org) : notFound("organisation", orgId);
}

/** Keyset paging in slug order: `after` is the last slug of the previous page. */
export async function listOrganisations(
  db: Database,
  page: { limit: number; after?: string | undefined },
): Promise<{ rows: Organisation[]; next: string | null }> {
  const rows = await db
    .select()
    .from(organisations)
    .where(page.after === undefined ? undefined : gt(organisations.slug, page.after))
    .orderBy(asc(organisations.slug))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  return { rows: shown, next: more ? (shown.at(-1)?.slug ?? null) : null };
}

export function updateOrganisation(
  db: Database,
  orgId: string,
  changes: { slug?: string | undefined; name?: string | undefined },
): Promise<AdminResult<Organisation>> {
  const set = definedOnly(changes);
  if (Object.keys(set).length === 0) return getOrganisation(db, orgId);
  return unlessTaken("slug", changes.slug, async () => {
    const [org] = await db.update(organisations).set(set).where(eq(organisations.id, orgId)).returning();
    return org ? ok(org) : notFound("organisation", orgId);
  });
}

/** Deletes only when `confirmSlug` is the organisation's slug, in the same statement that checks it. */
export async function deleteOrganisation(
  db: Database,
  orgId: string,
  confirmSlug: string,
): Promise<AdminResult<{ id: string }>> {
  const [deleted] = await db
    .delete(organisations)
    .where(and(eq(organisations.id, orgId), eq(organisations.slug, confirmSlug)))
    .returning({ id: organisations.id });
  if (deleted) return ok(deleted);
  const found = await getOrganisation(db, orgId);
  return found.ok ? fail({ reason: "confirmationMismatch", slug: confirmSlug }) : found;
}
