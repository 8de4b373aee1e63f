// A SCIM client for tests: requests go through the Worker's own fetch handler, in workerd, with real bindings.
import { exports } from "cloudflare:workers";

export interface ScimResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

type Body = Record<string, unknown> | string | undefined;

export class ScimClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | undefined,
  ) {}

  withToken(token: string | undefined): ScimClient {
    return new ScimClient(this.baseUrl, token);
  }

  get<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) {
    return this.request<T>("GET", path, undefined, headers);
  }
  post<T = Record<string, unknown>>(path: string, body: Body, headers: Record<string, string> = {}) {
    return this.request<T>("POST", path, body, headers);
  }
  put<T = Record<string, unknown>>(path: string, body: Body, headers: Record<string, string> = {}) {
    return this.request<T>("PUT", path, body, headers);
  }
  patch<T = Record<string, unknown>>(path: string, body: Body, headers: Record<string, string> = {}) {
    return this.request<T>("PATCH", path, body, headers);
  }
  delete<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) {
    return this.request<T>("DELETE", path, undefined, headers);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: Body,
    headers: Record<string, string> = {},
  ): Promise<ScimResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const response = await exports.default.fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }
}
