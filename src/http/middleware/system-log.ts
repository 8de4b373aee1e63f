// Records every SCIM request in the system log. The entry is written after the response, within waitUntil, so
// recording never fails a SCIM response. The request's body is the text the handler read (src/http/body.ts); a
// failed request whose body no handler read is read before its response leaves, the only time workerd allows it
// (the one wait the log adds to a response, and only to such a failure). The response's body is read for failures
// only. The operation is read from the body in canonical form when the normalisation layer produced one, with the
// rules that fired beside it.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { organisationBinding, organisationDatabase } from "../../db/client";
import { insertLogEntries, type NewLogEntry } from "../../db/system-log";
import type { Directory } from "../../db/tenancy";
import type { AppEnv } from "../../env";
import { GroupCommit } from "../../log/group-commit";
import { operationOf, targetOf } from "../../log/operation";
import { LOG_BODY_READ_BYTES, loggedBody, readCapped } from "../../log/redact";
import { fold } from "../../scim/fold";
import type { Normaliser } from "../../scim/normalise/normaliser";
import { takeBodyText } from "../body";
import { requestUrl } from "../request-url";
import { SCIM_BASE_PATH } from "../scim/context";

const PATH_MAX_LENGTH = 2048;

/** Undefined for an empty or malformed body (without throwing for the empty body of every successful response). */
const parseJson = (text: string): unknown => {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const stringField = (value: unknown, key: string): string | null => {
  const field = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === "string" ? field : null;
};

interface Observed {
  orgId: string;
  directory: Directory | undefined;
  at: string;
  durationMs: number;
  method: string;
  url: URL;
  status: number;
  location: string | null;
  /** The request's body as the handler read it, or as the log read it for a failure; "" when none was read. */
  requestText: string;
  responseCopy: Response | null;
  /** Undefined when the request never reached the /Users or /Groups routes (discovery, failed authentication). */
  normaliser: Normaliser | undefined;
}

/** Builds the entry from what the request and response showed; runs after the response has left. */
async function entryOf(o: Observed): Promise<NewLogEntry> {
  const failed = o.status >= 400;
  const target = targetOf(o.url.pathname.slice(SCIM_BASE_PATH.length));
  // The body the normaliser already parsed names the operation; the text is parsed only when it did not.
  const requestJson = o.normaliser?.canonical ?? parseJson(o.requestText);
  const responseText = o.responseCopy ? await readCapped(o.responseCopy.body, LOG_BODY_READ_BYTES) : "";
  const responseJson = parseJson(responseText);
  const carriesUser =
    target.resourceType === "User" && !target.search && (o.method === "POST" || o.method === "PUT");
  const userName = carriesUser ? stringField(requestJson, "userName") : null;
  const createdId =
    o.status === 201 && o.location ? decodeURIComponent(o.location.split("/").pop() ?? "") : null;
  return {
    id: crypto.randomUUID(),
    orgId: o.orgId,
    directoryId: o.directory?.id ?? null,
    at: o.at,
    idp: o.directory?.idp ?? null,
    method: o.method,
    path: `${o.url.pathname}${o.url.search}`.slice(0, PATH_MAX_LENGTH),
    status: o.status,
    durationMs: o.durationMs,
    resourceType: target.resourceType,
    resourceId: target.resourceId ?? (createdId || null),
    userName,
    userNameKey: userName === null ? null : fold(userName),
    operation: operationOf(o.method, target, requestJson),
    scimType: failed ? stringField(responseJson, "scimType") : null,
    detail: failed ? stringField(responseJson, "detail") : null,
    // Redaction works on a bounded prefix (in characters): the handler may have read up to MAX_BODY_BYTES.
    requestBody: failed ? loggedBody(o.requestText.slice(0, LOG_BODY_READ_BYTES)) : null,
    responseBody: failed ? loggedBody(responseText) : null,
    normalisation: o.normaliser ? JSON.stringify(o.normaliser.fired) : null,
  };
}

/** The innermost cause: a wrapper's message may quote the failed query's parameters, which hold the entries. */
const rootCause = (error: unknown): unknown => {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? error : rootCause(cause);
};

/** Logged without the failed query's parameters (a wrapper may put them in its message): they hold the entry. */
const reportFailure = (c: Context<AppEnv>, error: unknown) =>
  console.error(
    JSON.stringify({
      systemLog: c.get("requestId"),
      error: String(rootCause(error)),
    }),
  );

/** One writer per database: entries of overlapping requests share its batches (src/log/group-commit.ts). */
const writers = new WeakMap<D1Database, GroupCommit<NewLogEntry>>();

function writerFor(env: Env, orgId: string): GroupCommit<NewLogEntry> {
  const binding = organisationBinding(env, orgId);
  let writer = writers.get(binding);
  if (!writer) {
    const db = organisationDatabase(env, orgId);
    writer = new GroupCommit(async (entries) => {
      const failures = await insertLogEntries(db, entries);
      // Reported once for the round, not by every request in it (most of whose entries were written).
      if (failures.length > 0) {
        const error = String(rootCause(failures[0]));
        console.error(
          JSON.stringify({ systemLog: "write", failed: failures.length, of: entries.length, error }),
        );
      }
    });
    writers.set(binding, writer);
  }
  return writer;
}

/** `env` as the request arrived: the log never writes through a request's own view of D1 (first-round-trip.ts). */
function recordLater(c: Context<AppEnv>, env: Env, observed: Observed): void {
  const write = entryOf(observed)
    .then((entry) => writerFor(env, observed.orgId).add(entry))
    .catch((error: unknown) => reportFailure(c, error));
  c.executionCtx.waitUntil(write);
}

export const systemLog = createMiddleware<AppEnv>(async function systemLog(c, next) {
  const started = Date.now();
  const env = c.env;
  const request = c.req.raw;
  await next();
  const durationMs = Date.now() - started;
  // No organisation to log under: the host never named one (the tenant middleware answered 404), or no longer does.
  if (!c.get("org") || c.get("orgGone")) return;
  try {
    const response = c.res;
    const failed = response.status >= 400;
    // A refused credential names no directory, whatever the request was started with.
    const admitted = c.get("admitted") === true;
    const normaliser = admitted ? c.get("normaliser") : undefined;
    let requestText = takeBodyText(request) ?? "";
    // A client that drops its upload loses the body from the entry, not the entry.
    if (failed && !request.bodyUsed)
      requestText = await readCapped(request.body, LOG_BODY_READ_BYTES).catch(() => "");
    // Held until the entry is written only where it is read: a failure's body, a write the normaliser left unparsed.
    if (!failed && normaliser?.canonical !== undefined) requestText = "";
    recordLater(c, env, {
      orgId: c.get("org").id,
      directory: admitted ? c.get("directory") : undefined,
      at: new Date(started).toISOString(),
      durationMs,
      method: request.method,
      url: requestUrl(request),
      status: response.status,
      location: response.headers.get("Location"),
      requestText,
      responseCopy: failed ? response.clone() : null,
      normaliser,
    });
  } catch (error) {
    reportFailure(c, error);
  }
});
