// SCIM requests whose system log entry is written before the call returns: the Worker's fetch handler with an
// execution context that the test waits on (the entry is written within waitUntil), and the entries read back.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { desc, eq } from "drizzle-orm";
import { catalogDatabase } from "../../src/db/client";
import { systemLog } from "../../src/db/schema";
import worker from "../../src/index";
import type { TestTenant } from "./tenant";

export interface LoggedResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Sends a SCIM request as the tenant's IdP and waits until its log entry is written (or failed to be). */
export async function scimLogged<T = Record<string, unknown>>(
  tenant: Pick<TestTenant, "baseUrl" | "token">,
  method: string,
  path: string,
  /** A stream is sent as it is: chunked, without a Content-Length. */
  body?: Record<string, unknown> | string | ReadableStream<Uint8Array>,
): Promise<LoggedResponse<T>> {
  const request = new Request(`${tenant.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${tenant.token}`,
      ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}),
    },
    body:
      body === undefined || typeof body === "string" || body instanceof ReadableStream
        ? body
        : JSON.stringify(body),
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The organisation's log entries, newest first. */
export const logOf = (orgId: string) =>
  catalogDatabase(env)
    .select()
    .from(systemLog)
    .where(eq(systemLog.orgId, orgId))
    .orderBy(desc(systemLog.at), desc(systemLog.id));
