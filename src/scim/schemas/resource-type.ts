// Resource types (RFC 7643 §6): which schema and extensions a SCIM endpoint serves.
import type { AttributeDef, SchemaDef } from "./attribute";
import { commonAttributes } from "./common";
import { enterpriseUserSchema } from "./enterprise-user";
import { groupSchema } from "./group";
import { userSchema } from "./user";

export interface ResourceTypeDef {
  name: "User" | "Group";
  endpoint: string;
  description: string;
  schema: SchemaDef;
  extensions: SchemaDef[];
}

export const userResourceType: ResourceTypeDef = {
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  schema: userSchema,
  extensions: [enterpriseUserSchema],
};

export const groupResourceType: ResourceTypeDef = {
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  schema: groupSchema,
  extensions: [],
};

/** Attributes of the core schema plus the common ones (id, externalId, meta) that RFC 7643 §3.1 adds to every resource. */
export function coreAttributes(type: ResourceTypeDef): AttributeDef[] {
  return [...commonAttributes, ...type.schema.attributes];
}

/** Every resource type this server serves, in the order discovery lists them. */
export const servedResourceTypes: readonly ResourceTypeDef[] = [userResourceType, groupResourceType];
