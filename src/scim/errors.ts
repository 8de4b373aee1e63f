// The one SCIM error type (RFC 7644 §3.12): a scimType can only travel with the status the RFC gives it.
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** RFC 7644 §3.12 table 9, plus the cursor errors of RFC 9865 §5. */
export const SCIM_TYPE_STATUS = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
  invalidCursor: 400,
  expiredCursor: 400,
} as const;

export type ScimType = keyof typeof SCIM_TYPE_STATUS;

/** Statuses that are sent without a scimType (RFC 7644 §3.12, RFC 7231, RFC 6585). */
export type PlainErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 429 | 500 | 501 | 503;

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  private constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    /** Extra response headers, such as Retry-After or WWW-Authenticate. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ScimError";
  }

  static typed(scimType: ScimType, detail: string): ScimError {
    return new ScimError(SCIM_TYPE_STATUS[scimType], detail, scimType);
  }

  static plain(status: PlainErrorStatus, detail: string, headers: Record<string, string> = {}): ScimError {
    return new ScimError(status, detail, undefined, headers);
  }

  /** Rebuilds an error that crossed an RPC boundary as a plain body. */
  static fromBody(body: ScimErrorBody): ScimError {
    return new ScimError(Number(body.status), body.detail, body.scimType);
  }

  /** The same error with another detail (a hint appended where the error is rendered). */
  withDetail(detail: string): ScimError {
    return new ScimError(this.status, detail, this.scimType, this.headers);
  }

  toBody(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(this.status), detail: this.detail };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }
}

export const invalidFilter = (detail: string) => ScimError.typed("invalidFilter", detail);
export const invalidSyntax = (detail: string) => ScimError.typed("invalidSyntax", detail);
export const invalidValue = (detail: string) => ScimError.typed("invalidValue", detail);
export const invalidPath = (detail: string) => ScimError.typed("invalidPath", detail);
export const noTarget = (detail: string) => ScimError.typed("noTarget", detail);
export const mutability = (detail: string) => ScimError.typed("mutability", detail);
