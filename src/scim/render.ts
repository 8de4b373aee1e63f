// Turns a stored resource into its SCIM representation (RFC 7643 §3): schemas, id, meta, then the attributes.
import { etagOf } from "./etag";
import type { ResourceTypeDef } from "./schemas/resource-type";

export interface StoredResource {
  id: string;
  resource: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ResourceMeta {
  resourceType: string;
  created: string;
  lastModified: string;
  location: string;
  version: string;
}

export type RenderedResource = Record<string, unknown> & { id: string; meta: ResourceMeta };

export const resourceLocation = (type: ResourceTypeDef, baseUrl: string, id: string): string =>
  `${baseUrl}${type.endpoint}/${encodeURIComponent(id)}`;

export function renderResource(
  type: ResourceTypeDef,
  stored: StoredResource,
  baseUrl: string,
): RenderedResource {
  const extensions = type.extensions.filter((e) => stored.resource[e.id] !== undefined).map((e) => e.id);
  return {
    schemas: [type.schema.id, ...extensions],
    id: stored.id,
    ...stored.resource,
    meta: {
      resourceType: type.name,
      created: stored.createdAt,
      lastModified: stored.updatedAt,
      location: resourceLocation(type, baseUrl, stored.id),
      version: etagOf(stored.version),
    },
  };
}
