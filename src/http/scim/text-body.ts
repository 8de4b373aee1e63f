// Sends a SCIM body that was serialised in parts: one string when every part is text, otherwise a stream that
// produces the parts as the client reads them, so a large group's members never sit in memory all at once.
import type { BodyPart } from "../../queries/group-documents";
import { SCIM_CONTENT_TYPE } from "../respond";

export function scimText(parts: readonly BodyPart[], status = 200, headers: Record<string, string> = {}) {
  const init = { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, ...headers } };
  if (parts.every((part) => typeof part === "string")) return new Response(parts.join(""), init);
  return new Response(stream(parts), init);
}

function stream(parts: readonly BodyPart[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  async function* texts() {
    for (const part of parts) {
      if (typeof part === "string") yield part;
      else yield* part();
    }
  }
  const source = texts();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // Headers are gone already; all that is left is to break the body so that the client retries.
        console.error(JSON.stringify({ error: String(error) }));
        controller.error(error);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}
