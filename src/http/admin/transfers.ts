// A directory's workspace transfers (visible state, retry) and the bulk deletion of its deactivated users.
import { createRoute, z } from "@hono/zod-openapi";
import { deleteDeactivatedUsers, listDirectoryTransfers, reopenTransfer } from "../../db/admin/transfers";
import { catalogDatabase } from "../../db/client";
import type { TransferRow } from "../../db/transfers";
import { transferMessageFor } from "../../transfers/message";
import { wakeWebhook } from "../../webhooks/wake";
import { unwrap } from "./failures";
import { adminRouter } from "./router";
import { DirectoryParams, errors, jsonContent, pathId, Timestamp } from "./schemas";

const TransferState = z.enum(["pending", "done", "failed"]);

const TransferView = z
  .object({
    id: z.string(),
    userId: z.string(),
    userName: z.string(),
    workspaceIds: z.array(z.string()).openapi({ description: "The workspaces recorded at deactivation." }),
    state: TransferState,
    reason: z
      .string()
      .nullable()
      .openapi({ description: "Why the transfer failed, or its last failed attempt." }),
    transfereeAdminId: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Transfer");

const view = (row: TransferRow): z.infer<typeof TransferView> => ({
  id: row.id,
  userId: row.userId,
  userName: row.userName,
  workspaceIds: row.workspaceIds,
  state: row.state,
  reason: row.reason,
  transfereeAdminId: row.transfereeAdminId,
  attempts: row.attempts,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const tags = ["Transfers and deprovisioned users"];
const base = "/organisations/{orgId}/directories/{directoryId}";

const list = createRoute({
  method: "get",
  path: `${base}/transfers`,
  tags,
  summary: "List the directory's workspace transfers, newest first",
  request: { params: DirectoryParams, query: z.object({ state: TransferState.optional() }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(TransferView) }), "The transfers."),
    ...errors(400, 404),
  },
});

const retry = createRoute({
  method: "post",
  path: `${base}/transfers/{transferId}/retry`,
  tags,
  summary: "Retry a failed or pending transfer",
  description:
    "Sends the transfer to the queue again. A done transfer is returned as it is; delivery is idempotent.",
  request: { params: DirectoryParams.extend({ transferId: pathId("transferId", "The transfer's id.") }) },
  responses: { 202: jsonContent(TransferView, "Queued again (or already done)."), ...errors(404) },
});

const purge = createRoute({
  method: "delete",
  path: `${base}/deactivated-users`,
  tags,
  summary: "Delete all deactivated users of the directory",
  description: "Their workspaces were recorded for transfer at deactivation and are never deleted.",
  request: { params: DirectoryParams },
  responses: {
    200: jsonContent(z.object({ deleted: z.number().int() }), "How many were deleted."),
    ...errors(404),
  },
});

export const transferRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(
      await listDirectoryTransfers(catalogDatabase(c.env), c.req.valid("param"), c.req.valid("query").state),
    );
    return c.json({ items: rows.map(view) }, 200);
  })
  .openapi(retry, async (c) => {
    const { transferId, ...scope } = c.req.valid("param");
    const transfer = unwrap(await reopenTransfer(catalogDatabase(c.env), scope, transferId, new Date()));
    if (transfer.state !== "done") await c.env.TRANSFERS.send(transferMessageFor(transfer));
    return c.json(view(transfer), 202);
  })
  .openapi(purge, async (c) => {
    const scope = c.req.valid("param");
    const result = unwrap(await deleteDeactivatedUsers(catalogDatabase(c.env), scope, new Date()));
    if (result.wakeWebhook) await wakeWebhook(c.env, scope.orgId);
    return c.json({ deleted: result.deleted }, 200);
  });
