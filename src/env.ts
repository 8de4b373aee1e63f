// The one Hono app type: the Worker's bindings plus what middleware resolves for each request.
import type { Directory, Organisation } from "./db/tenancy";

export interface RequestVariables {
  requestId: string;
  /** Set by the tenant middleware from the request's host, before any route runs. */
  org: Organisation;
  /** Set by the bearer-token middleware on authenticated SCIM routes. */
  directory: Directory;
}

export type AppEnv = { Bindings: Env; Variables: RequestVariables };
