// Delivers transfer messages to the Worker's own queue handler, as the Queues runtime would (and can again:
// delivery is at least once), and reads the rows the lifecycle writes.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { catalogDatabase } from "../../src/db/client";
import { transfers, workspaces } from "../../src/db/schema";
import worker from "../../src/index";
import { transferMessageFor } from "../../src/transfers/message";

const db = () => catalogDatabase(env);

export const transfersOf = (orgId: string) => db().select().from(transfers).where(eq(transfers.orgId, orgId));

export const workspacesOf = (orgId: string) =>
  db().select().from(workspaces).where(eq(workspaces.orgId, orgId));

export const workspacesOwnedBy = (orgId: string, userId: string) =>
  db()
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.orgId, orgId), eq(workspaces.ownerUserId, userId)));

let delivery = 0;

/** Delivers one message per transfer id to `queue`, and returns which messages were acked and retried. */
export async function deliver(
  orgId: string,
  transferIds: string[],
  options: { queue?: string; attempts?: number } = {},
) {
  const batch = createMessageBatch<unknown>(
    options.queue ?? "scim-edge-transfers",
    transferIds.map((id) => ({
      id: `delivery-${++delivery}`,
      timestamp: new Date(),
      attempts: options.attempts ?? 1,
      body: transferMessageFor({ id, orgId }),
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

/** Delivers every transfer of the organisation that is not done yet. */
export async function deliverPending(orgId: string) {
  const open = (await transfersOf(orgId)).filter((t) => t.state !== "done").map((t) => t.id);
  return open.length > 0 ? deliver(orgId, open) : undefined;
}
