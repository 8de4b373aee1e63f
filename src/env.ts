// The one Hono app type: the Worker's bindings plus what middleware resolves for each request.
import type { Directory, Organisation } from "./db/tenancy";
import type { PresentedCredential } from "./http/middleware/tenant";
import type { Normaliser } from "./scim/normalise/normaliser";

export interface RequestVariables {
  requestId: string;
  /** Set by the tenant middleware from the request's host, before any route runs. */
  org: Organisation;
  /** Set with `org`, in the same statement: the presented bearer token's row, for bearerAuth to verify. */
  credential: PresentedCredential;
  /**
   * Set by the bearer-token middleware on authenticated SCIM routes. On a deferred check (tenant middleware) it
   * is the remembered directory until the check has run: `admitted` says whether the credential opened it.
   */
  directory: Directory;
  /** Set once the presented credential has been verified for this request: the system log names its directory. */
  admitted: true;
  /**
   * Set when a deferred check found that the host no longer names any organisation: the request, answered 404,
   * is not logged, as with a host that never named one.
   */
  orgGone: true;
  /**
   * Set on /Users and /Groups after authentication: the directory's dialect profile, which the routes run each
   * request through and which records the rules that fired, for the system log.
   */
  normaliser: Normaliser;
  /** The request's query parameters in canonical form (trailing separators and filter dialects rewritten). */
  query: URLSearchParams;
}

export type AppEnv = { Bindings: Env; Variables: RequestVariables };
