// A SCIM request's URL is read by the tenant middleware and the token check (its host), the routes (the base URL of
// locations, discovery's filter, the 404's path) and the system log (its path): parsed once per request, not once
// per reader.
const parsed = new WeakMap<Request, URL>();

export function requestUrl(request: Request): URL {
  let url = parsed.get(request);
  if (!url) {
    url = new URL(request.url);
    parsed.set(request, url);
  }
  return url;
}
