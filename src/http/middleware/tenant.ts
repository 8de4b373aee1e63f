// Resolves the organisation from the request's host (<slug>.<SCIM_DOMAIN> or a registered custom hostname) and,
// in the same D1 statement, the row of the bearer token the request presents, which bearerAuth then verifies.
// A read of /Users or /Groups, or a create, whose credential this isolate has seen authenticate does not wait for
// that statement: it starts from the remembered organisation and directory (src/auth/tenancy-hints.ts), and the
// statement rides at the head of the request's own first batch (src/db/first-round-trip.ts), where the
// credential is verified against the fresh row before anything is changed or answered. One round trip less.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { forgetTenancy, tenancyHint } from "../../auth/tenancy-hints";
import { hashSecret, type PresentedSecret, presentedToken } from "../../auth/token";
import { firstRoundTrip } from "../../db/first-round-trip";
import {
  type Credential,
  type Directory,
  findTenant,
  type Tenant,
  tenantOf,
  tenantQuery,
} from "../../db/tenancy";
import type { AppEnv } from "../../env";
import { ScimError } from "../../scim/errors";
import { requestUrl } from "../request-url";
import { SCIM_BASE_PATH } from "../scim/context";
import { admit } from "./bearer-auth";

/** The presented token and the row its id found in the host's organisation, for bearerAuth to verify. */
export type PresentedCredential =
  | { presented: "missing" | "malformed" }
  | { presented: PresentedSecret; found: Credential | undefined }
  /** Verified when the request's first batch (or its settling) reads the catalogue: see firstRoundTrip. */
  | { presented: PresentedSecret; deferred: { directory: Directory; settle: () => Promise<void> } };

const READS = new RegExp(`^${SCIM_BASE_PATH}/(Users|Groups)(/|$)`);

/**
 * Requests whose first use of D1 is a read made before any change: reads of /Users and /Groups, and POST /Users,
 * whose re-provisioning lookup (src/lifecycle/provision.ts) comes before the user's object is called. Their
 * credential check can ride on that read; a failed check throws from it, before anything is changed.
 */
const deferrable = (method: string, path: string) =>
  (method === "GET" && READS.test(path)) || (method === "POST" && path === `${SCIM_BASE_PATH}/Users`);
// Discovery is never deferred: its optional authentication (src/http/scim/discovery.ts) reads the directory at once.

/**
 * The Durable Object namespaces of a deferred request: an object is reached only once the credential is verified,
 * so that a route that called one before its first read would fail loudly instead of acting for anyone.
 */
function afterVerification<N extends object>(namespace: N, verified: () => boolean): N {
  return new Proxy(namespace, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (property !== "get" && property !== "getByName") return value.bind(target);
      return (...args: unknown[]) => {
        if (!verified())
          throw new Error("a Durable Object was called before the request's credential was verified");
        return value.apply(target, args);
      };
    },
  });
}

const unknownHost = (host: string) =>
  ScimError.plain(404, `No organisation is served at ${host}. Check the SCIM base URL.`);

/** Starts a deferrable read from this isolate's hint, if it has one for the credential; false otherwise. */
function deferred(c: Context<AppEnv>, host: string, presented: PresentedSecret): boolean {
  if (!deferrable(c.req.method, c.req.path)) return false;
  const hint = tenancyHint(host, presented);
  const head = hint && tenantQuery(c.env.DB, host, c.env.SCIM_DOMAIN, presented.id);
  if (!hint || !head) return false;
  let verified = false;
  const confirm = async (tenant: Tenant | undefined) => {
    if (!tenant) {
      c.set("orgGone", true);
      throw unknownHost(host);
    }
    c.set("org", tenant.org);
    await admit(c, tenant.credential, presented);
    // A token never moves to another directory: the read's scope was the right one. Checked all the same.
    if (tenant.org.id !== hint.org.id || c.get("directory").id !== hint.directory.id) {
      throw new Error("a tenancy hint named another organisation or directory than its token");
    }
    verified = true;
  };
  const check = (result: D1Result<Record<string, unknown>>) =>
    confirm(tenantOf(result)).catch((error: unknown) => {
      forgetTenancy(host, presented.id);
      throw error;
    });
  const first = firstRoundTrip(c.env.DB, head, check);
  const isVerified = () => verified;
  c.env = {
    ...c.env,
    DB: first.binding,
    USER_LIFECYCLE: afterVerification(c.env.USER_LIFECYCLE, isVerified),
    GROUP_LIFECYCLE: afterVerification(c.env.GROUP_LIFECYCLE, isVerified),
  };
  c.set("org", hint.org);
  c.set("credential", { presented, deferred: { directory: hint.directory, settle: first.settle } });
  return true;
}

export const tenant = createMiddleware<AppEnv>(async function tenant(c, next) {
  const host = requestUrl(c.req.raw).host;
  const parsed = presentedToken(c.req.header("Authorization"));
  // Hashed once: the hint and the check compare digests.
  const presented =
    typeof parsed === "string" ? parsed : { id: parsed.id, secretHash: await hashSecret(parsed.secret) };
  if (typeof presented !== "string" && deferred(c, host, presented)) return next();
  const tokenId = typeof presented === "string" ? undefined : presented.id;
  const found = await findTenant(c.env.DB, host, c.env.SCIM_DOMAIN, tokenId);
  if (!found) throw unknownHost(host);
  c.set("org", found.org);
  c.set("credential", typeof presented === "string" ? { presented } : { presented, found: found.credential });
  await next();
});
