// An organisation's system log: the filtered, cursor-paged list of SCIM requests, and the failed ones as CSV.
import { createRoute, z } from "@hono/zod-openapi";
import { listInOrganisation } from "../../db/admin/scoped";
import { catalogDatabase, type Database } from "../../db/client";
import { type LogCursor, type LogEntry, type LogFilter, listLogEntries } from "../../db/system-log";
import { CSV_BOM, CSV_HEADER, csvLine } from "../../log/csv";
import { fold } from "../../scim/fold";
import { AdminError } from "./errors";
import { unwrap } from "./failures";
import { adminRouter } from "./router";
import { errors, jsonContent, OrgParams, Timestamp } from "./schemas";

export const LOG_PAGE_DEFAULT = 100;
export const LOG_PAGE_MAX = 500;
/** Rows in one CSV report at most, newest first; narrow the time range for older ones. */
export const CSV_MAX_ROWS = 10_000;

const Instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" })
  .transform((value) => new Date(value).toISOString());

const LogFilterQuery = z.object({
  from: Instant.optional().openapi({ description: "Entries at or after this instant." }),
  to: Instant.optional().openapi({ description: "Entries before this instant." }),
  status: z.enum(["2xx", "4xx", "5xx"]).optional().openapi({ description: "The response's status class." }),
  user: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .openapi({ description: "A userName, exact but case-insensitive." }),
  operation: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "createUser, updateUser, deactivateUser, reactivateUser, deleteUser, …" }),
  directoryId: z.string().min(1).max(128).optional(),
});

const LogListQuery = LogFilterQuery.extend({
  cursor: z.string().min(1).max(512).optional().openapi({ description: "nextCursor of the previous page." }),
  limit: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(LOG_PAGE_MAX, `must be at most ${LOG_PAGE_MAX}`)
    .default(LOG_PAGE_DEFAULT),
});

const LogEntryView = z
  .object({
    id: z.string(),
    at: Timestamp,
    directoryId: z.string().nullable(),
    idp: z.string().nullable(),
    method: z.string(),
    path: z.string(),
    status: z.number().int(),
    durationMs: z.number().int(),
    resourceType: z.string().nullable(),
    resourceId: z.string().nullable(),
    userName: z.string().nullable(),
    operation: z.string(),
    scimType: z.string().nullable(),
    detail: z.string().nullable(),
    requestBody: z
      .string()
      .nullable()
      .openapi({ description: "Failed requests only: the body as JSON text, secrets redacted, capped." }),
    responseBody: z.string().nullable().openapi({ description: "Failed requests only." }),
    normalisation: z.string().nullable().openapi({
      description:
        'The ids of the normalisation rules that rewrote the request, as a JSON array (e.g. ["patch.op-case","bool.string"]); null when the request never reached /Users or /Groups. See docs/conformance.md.',
    }),
  })
  .openapi("LogEntry");

const view = (row: LogEntry): z.infer<typeof LogEntryView> => ({
  id: row.id,
  at: row.at,
  directoryId: row.directoryId,
  idp: row.idp,
  method: row.method,
  path: row.path,
  status: row.status,
  durationMs: row.durationMs,
  resourceType: row.resourceType,
  resourceId: row.resourceId,
  userName: row.userName,
  operation: row.operation,
  scimType: row.scimType,
  detail: row.detail,
  requestBody: row.requestBody,
  responseBody: row.responseBody,
  normalisation: row.normalisation,
});

const encodeCursor = (row: LogEntry): string =>
  btoa(JSON.stringify([row.at, row.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

function decodeCursor(cursor: string): LogCursor {
  try {
    const [at, id] = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/"))) as unknown[];
    if (typeof at === "string" && typeof id === "string") return { at, id };
  } catch {
    // Reported below.
  }
  throw new AdminError(
    "invalid_request",
    "The cursor is not one this API returned; start again without it.",
    [{ path: "query.cursor", message: "not a cursor of this API" }],
  );
}

const filterOf = (query: z.infer<typeof LogFilterQuery>): LogFilter => ({
  from: query.from,
  to: query.to,
  status: query.status,
  userNameKey: query.user === undefined ? undefined : fold(query.user),
  operation: query.operation,
  directoryId: query.directoryId,
});

/** One page, with the check that the organisation exists in the same round trip. */
const page = async (db: Database, orgId: string, filter: LogFilter, limit: number, after?: LogCursor) =>
  unwrap(await listInOrganisation(db, orgId, listLogEntries(db, orgId, filter, limit, after)));

const tags = ["System log"];
const path = "/organisations/{orgId}/log";

const list = createRoute({
  method: "get",
  path,
  tags,
  summary: "List the organisation's SCIM requests, newest first",
  description: `Cursor-paged: pass nextCursor as cursor for the next page; null means the last page. limit defaults to ${LOG_PAGE_DEFAULT}, at most ${LOG_PAGE_MAX}.`,
  request: { params: OrgParams, query: LogListQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(LogEntryView), nextCursor: z.string().nullable() }),
      "A page of entries.",
    ),
    ...errors(400, 404),
  },
});

const failedCsv = createRoute({
  method: "get",
  path: `${path}/failed.csv`,
  tags,
  summary: "Download the failed SCIM requests as CSV",
  description: `Columns time, operation, userName, status, error; UTF-8 with a byte order mark, RFC 4180 quoting, cells that a spreadsheet would run as a formula prefixed with a quote. Newest first, at most ${CSV_MAX_ROWS} rows; the same filters as the list.`,
  request: { params: OrgParams, query: LogFilterQuery },
  responses: {
    200: { description: "The report.", content: { "text/csv": { schema: z.string() } } },
    ...errors(400, 404),
  },
});

const errorOf = (row: LogEntry): string => row.detail ?? row.scimType ?? `HTTP ${row.status}`;

export const systemLogRoutes = adminRouter()
  .openapi(list, async (c) => {
    const { orgId } = c.req.valid("param");
    const { cursor, limit, ...query } = c.req.valid("query");
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // One more than asked: whether there is a next page, without a count.
    const rows = await page(catalogDatabase(c.env), orgId, filterOf(query), limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return c.json(
      { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last) : null },
      200,
    );
  })
  .openapi(failedCsv, async (c) => {
    const { orgId } = c.req.valid("param");
    const filter = { ...filterOf(c.req.valid("query")), failedOnly: true };
    const db = catalogDatabase(c.env);
    let text = CSV_BOM + csvLine([...CSV_HEADER]);
    let after: LogCursor | undefined;
    for (let count = 0; count < CSV_MAX_ROWS; ) {
      const rows = await page(db, orgId, filter, Math.min(LOG_PAGE_MAX, CSV_MAX_ROWS - count), after);
      for (const row of rows)
        text += csvLine([row.at, row.operation, row.userName, row.status, errorOf(row)]);
      count += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < LOG_PAGE_MAX) break;
      after = { at: last.at, id: last.id };
    }
    return c.body(text, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="failed-provisioning-${orgId}.csv"`,
    });
  });
