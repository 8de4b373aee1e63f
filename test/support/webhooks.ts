// Webhook tests' helpers: a receiver of its own per test (the fake in webhook-receiver.node.ts, reached through
// the Worker's outbound fetch), a webhook installed without a wake-up message, so that no background delivery
// races the test, and deliveries handed to the Worker's queue handler as the Queues runtime would.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { desc, eq } from "drizzle-orm";
import { catalogDatabase } from "../../src/db/client";
import { webhookDeliveries, webhooks } from "../../src/db/schema";
import type { WireEvent } from "../../src/events/catalogue";
import worker from "../../src/index";
import { webhookMessageFor } from "../../src/webhooks/message";
import { WEBHOOKS_QUEUE } from "../../src/webhooks/queues";
import { generateWebhookSecret } from "../../src/webhooks/signature";
import { RECEIVER_HOST, type Received, type Step } from "./webhook-receiver.node";

const db = () => catalogDatabase(env);

export interface Receiver {
  url: string;
  /** How the next POSTs are answered, in order; 200 once the steps run out. */
  script(...steps: Step[]): Promise<void>;
  /** Every POST so far, in arrival order. */
  received(): Promise<Received[]>;
  /** The events of every POST so far, in arrival order, duplicates included. */
  events(): Promise<WireEvent[]>;
}

export function newReceiver(): Receiver {
  const base = `https://${RECEIVER_HOST}/${crypto.randomUUID()}`;
  const received = async () => (await (await fetch(`${base}/__received`)).json()) as Received[];
  return {
    url: `${base}/hook`,
    async script(...steps) {
      await fetch(`${base}/__script`, { method: "POST", body: JSON.stringify({ steps }) });
    },
    received,
    async events() {
      return (await received()).flatMap((post) => (JSON.parse(post.body) as { events: WireEvent[] }).events);
    },
  };
}

/**
 * A webhook written straight to D1 at `deliveredSeq` (0: every event is undelivered). Installed after the
 * test's changes, no change wakes it: deliveries happen only when the test drives them.
 */
export async function installWebhook(
  orgId: string,
  url: string,
  deliveredSeq = 0,
): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const now = new Date().toISOString();
  await db().insert(webhooks).values({ orgId, url, secret, deliveredSeq, createdAt: now, updatedAt: now });
  return { secret };
}

export const webhookOf = async (orgId: string) =>
  (await db().select().from(webhooks).where(eq(webhooks.orgId, orgId)))[0];

export const deliveriesOf = (orgId: string) =>
  db()
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.orgId, orgId))
    .orderBy(desc(webhookDeliveries.at), desc(webhookDeliveries.id));

let delivery = 0;

/**
 * Hands one wake-up message per organisation to the Worker's queue handler; returns what was acked and retried,
 * with each retry's delay (getQueueResult does not keep it).
 */
export async function deliverWebhooks(orgIds: string[], options: { queue?: string; body?: unknown } = {}) {
  const batch = createMessageBatch<unknown>(
    options.queue ?? WEBHOOKS_QUEUE,
    orgIds.map((orgId) => ({
      id: `webhook-delivery-${++delivery}`,
      timestamp: new Date(),
      attempts: 1,
      body: options.body ?? webhookMessageFor(orgId),
    })),
  );
  const retried: { msgId: string; delaySeconds: number | undefined }[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (retryOptions?: QueueRetryOptions) => {
      retried.push({ msgId: message.id, delaySeconds: retryOptions?.delaySeconds });
      retry(retryOptions);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: retried };
}
