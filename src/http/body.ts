// Reads a SCIM request body: the media types the directory's profile accepts, a byte limit counted as the body
// streams in, and a SCIM error for anything malformed.
import { ScimError } from "../scim/errors";
import type { Normaliser } from "../scim/normalise/normaliser";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./limits";

const tooLarge = () =>
  ScimError.plain(413, `The request body is larger than the ${MAX_BODY_BYTES} bytes this endpoint accepts.`);

/**
 * The text of each body readJsonBody read, for the system log (src/http/middleware/system-log.ts): it names a
 * write's operation and keeps a failure's body from here, so that no request's stream is copied for the log,
 * which needs the body of few requests.
 */
const textsRead = new WeakMap<Request, string>();

/** The body text readJsonBody read from this request, if it read one; forgotten here once taken. */
export function takeBodyText(request: Request): string | undefined {
  const text = textsRead.get(request);
  textsRead.delete(request);
  return text;
}

export async function readJsonBody(
  request: Request,
  normaliser: Pick<Normaliser, "mediaType">,
): Promise<unknown> {
  const mediaType = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  normaliser.mediaType(mediaType || undefined);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const { text, complete } = await readLimited(request.body);
  // Before any check: a refused body is the one the log most needs to show (cut at the limit if it was over).
  textsRead.set(request, text);
  if (!complete) throw tooLarge();
  if (text.trim() === "")
    throw ScimError.typed("invalidSyntax", "The request has no body; send a JSON object.");
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw ScimError.typed("invalidSyntax", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw ScimError.typed("invalidSyntax", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The body's text; past MAX_BODY_BYTES the rest is cancelled unread and `complete` is false. */
async function readLimited(
  body: ReadableStream<Uint8Array> | null,
): Promise<{ text: string; complete: boolean }> {
  if (!body) return { text: "", complete: true };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > MAX_BODY_BYTES) {
      complete = false;
      await reader.cancel();
      break;
    }
    size += value.byteLength;
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(bytes), complete };
}

/** The deepest nesting of `{` and `[` outside strings, found in one pass without recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") deepest = Math.max(deepest, ++depth);
    else if (char === "}" || char === "]") depth--;
  }
  return deepest;
}
