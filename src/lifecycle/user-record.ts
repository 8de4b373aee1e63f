// Derives the indexed columns and the search document that storage keeps beside a user's SCIM resource.
import type { UserRecord } from "../db/users";
import { fold, searchDocument } from "../scim/fold";
import { userResourceType } from "../scim/schemas/resource-type";

/** The keys a user is found by: userName is unique regardless of case for all of Unicode (RFC 7643 §4.1.1). */
export function userKeys(resource: Record<string, unknown>): {
  userNameKey: string;
  externalId: string | null;
} {
  return {
    userNameKey: fold(String(resource.userName)),
    externalId: typeof resource.externalId === "string" ? resource.externalId : null,
  };
}

export function userRecord(resource: Record<string, unknown>): UserRecord {
  return {
    userName: String(resource.userName),
    ...userKeys(resource),
    active: resource.active !== false,
    resource,
    search: searchDocument(userResourceType, resource),
  };
}
