// What a lifecycle change can come to. Reasons are plain data so they cross the Durable Object RPC boundary;
// src/http/scim/failures.ts maps each to the wire in one exhaustive switch.
import type { DomainRefusal } from "../domain/domain-restrictions";
import type { ScimErrorBody } from "../scim/errors";

export type LifecycleFailure =
  | { reason: "notFound" }
  /** If-Match named another version (RFC 7644 §3.14). */
  | { reason: "versionMismatch" }
  | { reason: "userNameTaken"; userName: string }
  | { reason: "displayNameTaken"; displayName: string }
  /** Group members that are not users of the group's directory; nothing was written. */
  | { reason: "unknownMembers"; ids: string[] }
  /** Domain restrictions: an address outside the verified domains, or a userName that must be the primary email. */
  | DomainRefusal
  /** The directory has no licence to allocate the user's workspace from. */
  | { reason: "noLicence" }
  | { reason: "licenceFull"; licence: { name: string; seats: number; used: number } }
  /** The row changed between read and write outside this user's object (e.g. an admin deleted it). */
  | { reason: "conflict" }
  /** The request was well-formed but the change it asks for is not valid SCIM (from the pure protocol layer). */
  | { reason: "invalid"; error: ScimErrorBody };

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: LifecycleFailure };

/**
 * A stored change, the transfer it recorded (which the object then sends to the queue), and whether the
 * organisation has a webhook to wake for the events the change wrote.
 */
export interface Written<T> {
  value: T;
  transferId?: string;
  wakeWebhook?: boolean;
}

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T>(failure: LifecycleFailure): Outcome<T> => ({ ok: false, failure });
