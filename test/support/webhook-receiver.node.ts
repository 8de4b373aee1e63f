// A fake webhook receiver that runs in Node, outside workerd: vitest.config.ts routes the Worker's outbound fetch
// here (Miniflare's outboundService). Each test uses its own key, https://hooks.test/<key>/…, since this module
// outlives test files. Control URLs, called from tests through the same route:
//   POST /<key>/__script {steps: [503, 504, {status: 200, afterMs: 1000}, …]}: how the next POSTs are answered
//     (then 200 at once);
//   GET  /<key>/__received: every other request to /<key>/…, in arrival order, with how it was answered.

export const RECEIVER_HOST = "hooks.test";

/**
 * A status to answer with, at once or after `afterMs` (a receiver too slow for the delivery's timeout). A network
 * failure cannot be simulated here: Miniflare turns whatever the outbound service throws into a 500 response.
 */
export type Step = number | { status: number; afterMs: number };

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
}

interface Endpoint {
  steps: Step[];
  received: Received[];
}

const endpoints = new Map<string, Endpoint>();

const endpoint = (key: string): Endpoint => {
  let found = endpoints.get(key);
  if (!found) {
    found = { steps: [], received: [] };
    endpoints.set(key, found);
  }
  return found;
};

export async function webhookReceiver(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== RECEIVER_HOST) {
    return new Response(`No route to ${url.host} in tests`, { status: 502 });
  }
  const [, key = "", control] = url.pathname.split("/");
  const target = endpoint(key);
  if (control === "__script") {
    const { steps } = (await request.json()) as { steps: Step[] };
    target.steps = [...steps];
    return new Response(null, { status: 204 });
  }
  if (control === "__received") return Response.json(target.received);
  const step = target.steps.shift() ?? 200;
  const { status: answered, afterMs } = typeof step === "number" ? { status: step, afterMs: 0 } : step;
  target.received.push({
    method: request.method,
    path: url.pathname,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
    answered,
  });
  if (afterMs > 0) await new Promise((resolve) => setTimeout(resolve, afterMs));
  return new Response(answered < 300 ? "ok" : "unavailable", { status: answered });
}
