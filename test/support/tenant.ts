// Creates an isolated organisation for one test: its own slug, directory and token, reached on its own host.
import { env } from "cloudflare:workers";
import { catalogDatabase } from "../../src/db/client";
import { createDirectory, createOrganisation, issueToken } from "../../src/db/tenancy";
import { ScimClient } from "./scim-client";

export const TEST_SCIM_DOMAIN = "scim.test";
const DAY_SECONDS = 86_400;

export interface TestTenant {
  orgId: string;
  directoryId: string;
  slug: string;
  token: string;
  baseUrl: string;
  scim: ScimClient;
}

export async function createTenant(
  options: { slug?: string; tokenValiditySeconds?: number } = {},
): Promise<TestTenant> {
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
  const baseUrl = `https://${slug}.${TEST_SCIM_DOMAIN}/scim/v2`;
  return {
    orgId: org.id,
    directoryId: directory.id,
    slug,
    token,
    baseUrl,
    scim: new ScimClient(baseUrl, token),
  };
}
