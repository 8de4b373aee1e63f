// Derives the indexed columns and the search document that storage keeps beside a user's SCIM resource.
import type { UserRecord } from "../db/users";
import { fold, searchDocument } from "../scim/fold";
import { userResourceType } from "../scim/schemas/resource-type";

export function userRecord(resource: Record<string, unknown>): UserRecord {
  const userName = String(resource.userName);
  return {
    userName,
    // userName is unique regardless of case for all of Unicode (RFC 7643 §4.1.1): one canonical key, one index.
    userNameKey: fold(userName),
    externalId: typeof resource.externalId === "string" ? resource.externalId : null,
    active: resource.active !== false,
    resource,
    search: searchDocument(userResourceType, resource),
  };
}
