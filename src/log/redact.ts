// Secrets never reach the system log: passwords, and any key that names a secret or a token, lose their values.
// Bodies are capped so that one oversized request cannot bloat the log.

/** Largest body kept in a log entry, in bytes of UTF-8; longer ones are cut and end with TRUNCATED_MARKER. */
export const LOG_BODY_MAX_BYTES = 8 * 1024;
/** Bytes read off a failed request's body at most; the rest is never read. */
export const LOG_BODY_READ_BYTES = 64 * 1024;
export const TRUNCATED_MARKER = "…[truncated]";
export const REDACTED = "[redacted]";

const SECRET_KEY = /password|secret|token/i;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** A copy of a JSON value with every secret key's value replaced, at any depth. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, isSecretKey(key) ? REDACTED : redactJson(v)]),
    );
  }
  return value;
}

/**
 * For text that is not JSON (malformed, or cut at LOG_BODY_READ_BYTES): the value after any quoted secret key,
 * quoted or not, closed or not, is replaced.
 */
const SECRET_PAIR = /("[^"]*(?:password|secret|token)[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]*)/gi;

export function redactText(text: string): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(text)));
  } catch {
    return text.replace(SECRET_PAIR, `$1"${REDACTED}"`);
  }
}

/** Cuts `text` to at most `max` bytes of UTF-8 (marker included), on a character boundary. */
export function capBytes(text: string, max = LOG_BODY_MAX_BYTES): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return text;
  const room = max - new TextEncoder().encode(TRUNCATED_MARKER).length;
  const head = new TextDecoder().decode(bytes.slice(0, room)).replace(/\uFFFD$/, "");
  return head + TRUNCATED_MARKER;
}

/** Reads at most `max` bytes of a body stream, then cancels the rest. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = max - size;
    size += value.byteLength;
    text += decoder.decode(value.byteLength > room ? value.slice(0, room) : value, { stream: true });
    if (size >= max) {
      await reader.cancel();
      break;
    }
  }
  return text + decoder.decode();
}

/** A body as the log keeps it: redacted, then capped; null for an empty body. */
export const loggedBody = (text: string): string | null =>
  text.trim() === "" ? null : capBytes(redactText(text));
