// An admin API client for tests: requests go through the Worker's own fetch handler with the operator secret,
// and named builders that set an organisation up the way an operator would.
import { env, exports } from "cloudflare:workers";
import { userBody } from "./builders";
import { ScimClient } from "./scim-client";

/** Any host serves the admin API; this one is outside the SCIM domain, as a back office would call it. */
export const ADMIN_ORIGIN = "https://admin.example.test";
export const ADMIN_BASE = `${ADMIN_ORIGIN}/admin/v1`;

export interface AdminResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface AdminErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

type Body = Record<string, unknown> | string | undefined;

export class AdminClient {
  constructor(readonly secret: string | undefined) {}

  withSecret(secret: string | undefined): AdminClient {
    return new AdminClient(secret);
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T = Record<string, unknown>>(path: string, body: Body = {}, headers: Record<string, string> = {}) {
    return this.request<T>("POST", path, body, headers);
  }
  patch<T = Record<string, unknown>>(path: string, body: Body) {
    return this.request<T>("PATCH", path, body);
  }
  delete<T = Record<string, unknown>>(path: string, body?: Body) {
    return this.request<T>("DELETE", path, body);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: Body,
    headers: Record<string, string> = {},
  ): Promise<AdminResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(this.secret ? { Authorization: `Bearer ${this.secret}` } : {}),
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const response = await exports.default.fetch(`${ADMIN_BASE}${path}`, init);
    const text = await response.text();
    const isJson = response.headers.get("Content-Type")?.includes("json");
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text ? JSON.parse(text) : text) as T,
    };
  }
}

export const admin = new AdminClient(env.ADMIN_SECRET);

export interface OrganisationBody {
  id: string;
  slug: string;
  name: string;
  host: string;
  baseUrl: string;
}

export interface DirectoryBody {
  id: string;
  name: string;
  enabled: boolean;
  baseUrl: string;
  customBaseUrls: string[];
}

export const uniqueSlug = (prefix = "adm") => `${prefix}-${crypto.randomUUID().slice(0, 12)}`;

/** A domain no other test uses: verified domains are unique across organisations. */
export const uniqueDomain = () => `d${crypto.randomUUID().slice(0, 12)}.example.com`;

export async function createOrganisation(
  fields: { slug?: string; name?: string } = {},
): Promise<OrganisationBody> {
  const slug = fields.slug ?? uniqueSlug();
  const res = await admin.post<OrganisationBody>("/organisations", {
    slug,
    name: fields.name ?? `Org ${slug}`,
  });
  if (res.status !== 201)
    throw new Error(`creating organisation ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function addVerifiedDomain(orgId: string, domain = uniqueDomain()): Promise<string> {
  const res = await admin.post(`/organisations/${orgId}/domains`, { domain });
  if (res.status !== 201)
    throw new Error(`adding domain ${domain}: ${res.status} ${JSON.stringify(res.body)}`);
  return domain;
}

export async function createDirectory(
  orgId: string,
  fields: Record<string, unknown> = {},
): Promise<DirectoryBody> {
  const res = await admin.post<DirectoryBody>(`/organisations/${orgId}/directories`, {
    name: `Directory ${crypto.randomUUID().slice(0, 8)}`,
    ...fields,
  });
  if (res.status !== 201) throw new Error(`creating directory: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A token as the admin API lists it. */
export interface TokenInfoBody {
  id: string;
  lastFour: string;
  hint: string;
  status: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface GeneratedTokenBody extends TokenInfoBody {
  token: string;
  previousTokens: { count: number; stopAt: string };
}

export async function generateToken(
  orgId: string,
  directoryId: string,
  options: { validityDays?: number; overlapHours?: number } = {},
): Promise<GeneratedTokenBody> {
  const res = await admin.post<GeneratedTokenBody>(
    `/organisations/${orgId}/directories/${directoryId}/tokens`,
    options,
  );
  if (res.status !== 201) throw new Error(`generating token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface AdminTenant {
  org: OrganisationBody;
  domain: string;
  licenceId: string;
  directory: DirectoryBody;
  token: string;
  scim: ScimClient;
}

/** The seats of the licence an admin tenant's directory provisions from. */
export const ADMIN_TENANT_SEATS = 100;

/**
 * An organisation set up through the admin API only: a verified domain, a licence, an enabled directory that
 * provisions from it, and a token.
 */
export async function createAdminTenant(): Promise<AdminTenant> {
  const org = await createOrganisation();
  const domain = await addVerifiedDomain(org.id);
  const licence = await admin.post<{ id: string }>(`/organisations/${org.id}/licences`, {
    name: "Standard",
    seats: ADMIN_TENANT_SEATS,
  });
  if (licence.status !== 201)
    throw new Error(`creating licence: ${licence.status} ${JSON.stringify(licence.body)}`);
  const directory = await createDirectory(org.id, { idp: "okta", enabled: true, licenceId: licence.body.id });
  const { token } = await generateToken(org.id, directory.id);
  const scim = new ScimClient(directory.baseUrl, token);
  return { org, domain, licenceId: licence.body.id, directory, token, scim };
}

let users = 0;

/** A SCIM user whose userName and email are in `domain`, as the domain restrictions require. */
export function userIn(domain: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const userName = `user${++users}.${crypto.randomUUID().slice(0, 6)}@${domain}`;
  return userBody({ userName, emails: [{ value: userName, type: "work", primary: true }], ...overrides });
}
