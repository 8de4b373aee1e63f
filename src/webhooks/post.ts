// One webhook POST: a batch of events, signed, with a timeout, and what came of it. Never throws: a network
// error or a timeout is an outcome like a 503.
import type { WireEvent } from "../events/catalogue";
import { readCapped } from "../log/redact";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

export const USER_AGENT = "scim-edge-webhooks/1";
export const DELIVERY_HEADER = "scim-edge-delivery";
export const FIRST_SEQUENCE_HEADER = "scim-edge-first-sequence";
export const LAST_SEQUENCE_HEADER = "scim-edge-last-sequence";

/** How much of a failing receiver's answer the delivery log keeps. */
const ERROR_TEXT_MAX = 500;

export interface PostOutcome {
  succeeded: boolean;
  /** null when no response came. */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookPost {
  url: string;
  secret: string;
  deliveryId: string;
  events: readonly WireEvent[];
  timeoutMs: number;
}

export async function postEvents(post: WebhookPost): Promise<PostOutcome> {
  const body = JSON.stringify({ events: post.events });
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const timestamp = Math.floor(started / 1000);
  try {
    const response = await fetch(post.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        [DELIVERY_HEADER]: post.deliveryId,
        [FIRST_SEQUENCE_HEADER]: String(post.events[0]?.sequence ?? 0),
        [LAST_SEQUENCE_HEADER]: String(post.events.at(-1)?.sequence ?? 0),
        [SIGNATURE_HEADER]: await signatureHeader(post.secret, body, timestamp),
      },
      body,
      // A redirect is a failure: signed events go to the configured URL only.
      redirect: "manual",
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    const succeeded = response.status >= 200 && response.status < 300;
    if (succeeded) {
      await response.body?.cancel();
      return { succeeded, status: response.status, error: null, durationMs: elapsed() };
    }
    // A failing receiver may stream a large body: read only what the log keeps.
    const text = (await readCapped(response.body, ERROR_TEXT_MAX).catch(() => "")).slice(0, ERROR_TEXT_MAX);
    const error = `The receiver answered ${response.status}${text ? `: ${text}` : ""}`;
    return { succeeded, status: response.status, error, durationMs: elapsed() };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `No answer within ${post.timeoutMs / 1000} s`
        : `The request failed: ${String(error)}`;
    return { succeeded: false, status: null, error: reason, durationMs: elapsed() };
  }
}
