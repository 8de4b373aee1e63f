// Reads a client-credentials token request (RFC 6749 §4.4.2) and its client authentication (§2.3.1:
// client_secret_basic or client_secret_post, never both). Pure: no HTTP framework, no storage.

/** RFC 6749 §5.2 error codes. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

export type TokenRequest =
  | { ok: true; clientId: string; clientSecret: string; method: "basic" | "post"; scopeRequested: boolean }
  | { ok: false; error: OAuthErrorCode; description: string };

const GRANT_TYPE = "client_credentials";

const refuse = (error: OAuthErrorCode, description: string): TokenRequest => ({
  ok: false,
  error,
  description,
});

/** application/x-www-form-urlencoded decoding of one component: '+' is a space (§2.3.1, appendix B). */
function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

function basicCredentials(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id && secret ? { id, secret } : undefined;
}

export function parseTokenRequest(authorization: string | undefined, form: string): TokenRequest {
  const params = new URLSearchParams(form);
  for (const key of new Set(params.keys())) {
    // §3.2: request parameters MUST NOT be included more than once.
    if (params.getAll(key).length > 1) return refuse("invalid_request", `The parameter ${key} is repeated.`);
  }
  const grantType = params.get("grant_type");
  if (grantType === null) return refuse("invalid_request", "The grant_type parameter is missing.");
  if (grantType !== GRANT_TYPE)
    return refuse("unsupported_grant_type", `Only grant_type=${GRANT_TYPE} is supported here.`);
  const scopeRequested = params.has("scope");
  const bodyId = params.get("client_id");
  const bodySecret = params.get("client_secret");

  if (authorization !== undefined) {
    const basic = basicCredentials(authorization);
    if (!basic)
      return refuse(
        "invalid_client",
        "Send the client credentials as HTTP Basic: base64(client_id:client_secret).",
      );
    if (bodySecret !== null)
      return refuse(
        "invalid_request",
        "Send the client secret in the Authorization header or the body, not both.",
      );
    if (bodyId !== null && bodyId !== basic.id)
      return refuse(
        "invalid_request",
        "The client_id in the body is not the one in the Authorization header.",
      );
    return { ok: true, clientId: basic.id, clientSecret: basic.secret, method: "basic", scopeRequested };
  }
  if (!bodyId || !bodySecret)
    return refuse(
      "invalid_client",
      "Authenticate the client: HTTP Basic (client_secret_basic), or client_id and client_secret in the body (client_secret_post).",
    );
  return { ok: true, clientId: bodyId, clientSecret: bodySecret, method: "post", scopeRequested };
}
