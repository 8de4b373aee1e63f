// Which URLs a webhook may POST to. Signed events carry personal data, so they travel over https only; plain
// http is allowed for development receivers on hosts that never resolve on the internet: localhost, *.localhost
// and *.test (RFC 6761 reserves both).

export const WEBHOOK_URL_MAX_LENGTH = 2048;

const isDevelopmentHost = (hostname: string) =>
  hostname === "localhost" ||
  hostname === "127.0.0.1" ||
  hostname === "[::1]" ||
  hostname.endsWith(".localhost") ||
  hostname.endsWith(".test");

/** What is wrong with `text` as a webhook URL, or undefined if nothing is. */
export function webhookUrlProblem(text: string): string | undefined {
  if (text.length > WEBHOOK_URL_MAX_LENGTH) return `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute URL, e.g. https://app.example.com/webhooks/scim";
  }
  if (url.username || url.password) return "must not contain credentials; verify the signature instead";
  if (url.hash) return "must not contain a fragment";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isDevelopmentHost(url.hostname)) return undefined;
  return "must use https (http only for localhost, *.localhost and *.test)";
}
