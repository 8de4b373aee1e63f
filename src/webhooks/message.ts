// The webhook queue's message: "deliver this organisation's undelivered events". It carries the organisation id
// only; what to send is read from the events table when the message is processed, so duplicates and reordering
// of messages cannot duplicate or reorder events (the webhook's delivered position decides).
import { z } from "zod";

export const webhookMessageSchema = z.object({
  v: z.literal(1),
  kind: z.literal("deliverEvents"),
  orgId: z.string().min(1),
});

export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookMessageFor = (orgId: string): WebhookMessage => ({ v: 1, kind: "deliverEvents", orgId });
