// Derives the indexed columns and the search document that storage keeps beside a group's SCIM resource.
import type { GroupRecord } from "../db/groups";
import { fold, searchDocument } from "../scim/fold";
import { groupResourceType } from "../scim/schemas/resource-type";

/** displayName is unique per directory regardless of case, for all of Unicode (Entra relies on it). */
export function groupRecord(resource: Record<string, unknown>): GroupRecord {
  const displayName = String(resource.displayName);
  return {
    displayName,
    displayNameKey: fold(displayName),
    externalId: typeof resource.externalId === "string" ? resource.externalId : null,
    resource,
    search: searchDocument(groupResourceType, resource),
  };
}
