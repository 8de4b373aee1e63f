// Creates an isolated organisation for one test: its own slug, directory and token, reached on its own host, with
// a licence and a transferee admin on the directory, and (only when asked) verified domains.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { catalogDatabase } from "../../src/db/client";
import { directories, licences, orgAdmins, verifiedDomains } from "../../src/db/schema";
import { createDirectory, createOrganisation, issueToken } from "../../src/db/tenancy";
import type { Idp } from "../../src/domain/idps";
import { ScimClient } from "./scim-client";

export const TEST_SCIM_DOMAIN = "scim.test";
const DAY_SECONDS = 86_400;

/** Enough seats that only tests about licences ever run out. */
const DEFAULT_SEATS = 10_000;

export interface TenantOptions {
  slug?: string;
  tokenValiditySeconds?: number;
  /** Seats of the directory's licence; `null` leaves the directory without a licence. */
  seats?: number | null;
  /** Whether the directory has a transferee admin (it has by default). */
  transferee?: boolean;
  /** Verified domains; without any, domain restrictions do not apply. */
  domains?: string[];
  userNameIsPrimaryEmail?: boolean;
  /** The IdP the directory expects, as the admin API sets it; the column's default when left out. */
  idp?: Idp;
}

export interface TestTenant {
  orgId: string;
  directoryId: string;
  licenceId: string | null;
  adminId: string;
  slug: string;
  token: string;
  baseUrl: string;
  scim: ScimClient;
}

export async function createTenant(options: TenantOptions = {}): Promise<TestTenant> {
  const db = catalogDatabase(env);
  const slug = options.slug ?? `org-${crypto.randomUUID().slice(0, 8)}`;
  const org = await createOrganisation(db, { slug, name: `Test ${slug}` });
  const directory = await createDirectory(db, org.id, "Okta");
  const { token } = await issueToken(
    db,
    { orgId: org.id, directoryId: directory.id },
    options.tokenValiditySeconds ?? DAY_SECONDS,
    new Date(),
  );
  const seats = options.seats === undefined ? DEFAULT_SEATS : options.seats;
  const licenceId = seats === null ? null : crypto.randomUUID();
  const adminId = crypto.randomUUID();
  await db.batch([
    db
      .insert(orgAdmins)
      .values({ id: adminId, orgId: org.id, email: `admin@${slug}.example`, name: "Test Admin" }),
    ...(licenceId
      ? [db.insert(licences).values({ id: licenceId, orgId: org.id, name: "Standard", seats: seats ?? 0 })]
      : []),
    db
      .update(directories)
      .set({
        licenceId,
        transfereeAdminId: options.transferee === false ? null : adminId,
        userNameIsPrimaryEmail: options.userNameIsPrimaryEmail ?? false,
        ...(options.idp ? { idp: options.idp } : {}),
      })
      .where(eq(directories.id, directory.id)),
    ...(options.domains ?? []).map((domain) => db.insert(verifiedDomains).values({ domain, orgId: org.id })),
  ]);
  const baseUrl = `https://${slug}.${TEST_SCIM_DOMAIN}/scim/v2`;
  return {
    orgId: org.id,
    directoryId: directory.id,
    licenceId,
    adminId,
    slug,
    token,
    baseUrl,
    scim: new ScimClient(baseUrl, token),
  };
}
