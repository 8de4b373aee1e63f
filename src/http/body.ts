// Reads a SCIM request body: the media types the directory's profile accepts, a byte limit counted as the body
// streams in, and a SCIM error for anything malformed.
import { ScimError } from "../scim/errors";
import type { Normaliser } from "../scim/normalise/normaliser";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./limits";

const tooLarge = () =>
  ScimError.plain(413, `The request body is larger than the ${MAX_BODY_BYTES} bytes this endpoint accepts.`);

/**
 * The text of each body readJsonBody read, for the system log to keep a failed request's body: a copy of every
 * request's stream (Request.clone) cost a create about as much as hashing its token.
 */
const textsRead = new WeakMap<Request, string>();

/** The body text readJsonBody read from this request, if it read one. */
export const bodyTextRead = (request: Request): string | undefined => textsRead.get(request);

export async function readJsonBody(
  request: Request,
  normaliser: Pick<Normaliser, "mediaType">,
): Promise<unknown> {
  const mediaType = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  normaliser.mediaType(mediaType || undefined);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readLimited(request.body);
  textsRead.set(request, text);
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

async function readLimited(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
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
