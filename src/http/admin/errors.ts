// The admin API's one error shape, {error: {code, message, details?}}: the admin API is not SCIM, so its errors
// are plain JSON, rendered here and nowhere else. Anything unexpected is a 500 with a request id only.
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../env";
import { isOverloaded, RETRY_AFTER_SECONDS } from "../errors";

/** Each code travels with one status, so that a client can switch on either. */
export const ADMIN_ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  verified_domain_required: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  not_configured: 503,
  unavailable: 503,
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERROR_STATUS;

/** Where in the request a problem is (`body.slug`, `query.limit`, `path.orgId`) and what it is. */
export interface AdminErrorDetail {
  path: string;
  message: string;
}

export interface AdminErrorBody {
  error: { code: AdminErrorCode; message: string; details?: AdminErrorDetail[] };
}

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details?: AdminErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AdminError";
  }

  get status(): (typeof ADMIN_ERROR_STATUS)[AdminErrorCode] {
    return ADMIN_ERROR_STATUS[this.code];
  }

  toBody(): AdminErrorBody {
    const error: AdminErrorBody["error"] = { code: this.code, message: this.message };
    if (this.details) error.details = this.details;
    return { error };
  }
}

export const renderAdminError = (error: AdminError): Response =>
  Response.json(error.toBody(), { status: error.status, headers: error.headers });

/** Hono's own exceptions: malformed JSON (400), the body limit (413), the media-type gate (415). */
function fromHttpException(error: HTTPException): AdminError {
  if (error.status === 413) return new AdminError("payload_too_large", error.message);
  if (error.status === 415)
    return new AdminError("unsupported_media_type", "Send the body as application/json.");
  if (/json/i.test(error.message))
    return new AdminError("invalid_request", "The request body is not valid JSON.");
  return new AdminError("invalid_request", error.message || "Bad request.");
}

export const onAdminError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof AdminError) return renderAdminError(error);
  if (error instanceof HTTPException) return renderAdminError(fromHttpException(error));
  const requestId = c.get("requestId");
  if (isOverloaded(error)) {
    return renderAdminError(
      new AdminError("unavailable", `The service is busy; retry later (request ${requestId}).`, undefined, {
        "Retry-After": RETRY_AFTER_SECONDS,
      }),
    );
  }
  console.error(JSON.stringify({ requestId, error: String(error), stack: (error as Error)?.stack }));
  return renderAdminError(new AdminError("internal", `Internal error (request ${requestId}).`));
};
