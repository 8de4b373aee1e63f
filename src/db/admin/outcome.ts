// What an administration call can fail with, as typed reasons; src/http/admin/failures.ts maps each to the wire.
export type AdminResource =
  | "organisation"
  | "domain"
  | "licence"
  | "admin"
  | "directory"
  | "token"
  | "oauthClient"
  | "hostname"
  | "transfer";

/** The unique values an admin can collide with: 409 on the wire. */
export type UniqueField = "slug" | "domain" | "hostname" | "directoryName" | "licenceName" | "adminEmail";

export type AdminFailure =
  | { reason: "notFound"; resource: AdminResource; id: string }
  | { reason: "taken"; field: UniqueField; value: string }
  /** SCIM cannot be enabled for an organisation that has no verified domain. */
  | { reason: "verifiedDomainRequired" }
  /** The organisation's last verified domain cannot go while one of its directories is enabled. */
  | { reason: "lastVerifiedDomain"; domain: string }
  /** A directory may only refer to a licence or an admin of its own organisation. */
  | { reason: "unknownReference"; resource: "licence" | "admin"; id: string }
  | { reason: "confirmationMismatch"; slug: string }
  | { reason: "seatsBelowUse"; seats: number; used: number }
  /** Workspaces are never deleted by administration: a licence or admin that has some stays. */
  | { reason: "hasWorkspaces"; resource: "licence" | "admin"; id: string };

export type AdminResult<T> = { ok: true; value: T } | { ok: false; failure: AdminFailure };

export const ok = <T>(value: T): AdminResult<T> => ({ ok: true, value });
export const fail = <T = never>(failure: AdminFailure): AdminResult<T> => ({ ok: false, failure });
export const notFound = <T = never>(resource: AdminResource, id: string): AdminResult<T> =>
  fail({ reason: "notFound", resource, id });
