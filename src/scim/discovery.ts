// Discovery documents (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes and /Schemas, built per base URL.
import {
  type DiscoveryMeta,
  type SchemaDocument,
  schemaDocument,
  servedSchemas,
  trimBaseUrl,
} from "./discovery-schemas";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";
import { type ListResponse, listResponse } from "./list";
import type { ResourceTypeDef } from "./schemas/resource-type";

export { type AttributeDocument, SCHEMA_SCHEMA, type SchemaDocument } from "./discovery-schemas";

export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

export interface DiscoveryContext {
  /** The tenant's SCIM base URL as the client reached it, e.g. https://acme.scim.example.com/scim/v2. */
  baseUrl: string;
  /** The resource types this endpoint serves; /Schemas lists exactly their schemas and extensions. */
  resourceTypes: readonly ResourceTypeDef[];
  /** Human-readable documentation, advertised in ServiceProviderConfig when set (RFC 7643 §5, optional). */
  documentationUri?: string | undefined;
  /** True for a directory with the `strict` profile, the one that meets the IETF interop profile. */
  interopProfileConformant?: boolean | undefined;
}

export interface AuthenticationScheme {
  type: string;
  name: string;
  description: string;
  specUri?: string;
  documentationUri?: string;
  primary: boolean;
}

/**
 * RFC 7643 §5 with the `pagination` attribute of RFC 9865 §4 and the `interopProfileConformant` attribute of the
 * IETF interop profile (draft-zollner-scim-interop-profile §4).
 */
export interface ServiceProviderConfigDocument {
  schemas: [typeof SERVICE_PROVIDER_CONFIG_SCHEMA];
  documentationUri?: string;
  patch: { supported: boolean };
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: { supported: boolean };
  sort: { supported: boolean };
  etag: { supported: boolean };
  authenticationSchemes: AuthenticationScheme[];
  pagination: {
    cursor: boolean;
    index: boolean;
    defaultPaginationMethod: "index" | "cursor";
    defaultPageSize: number;
    maxPageSize: number;
  };
  interopProfileConformant: boolean;
  meta: DiscoveryMeta<"ServiceProviderConfig">;
}

export interface ResourceTypeDocument {
  schemas: [typeof RESOURCE_TYPE_SCHEMA];
  id: string;
  name: string;
  description: string;
  endpoint: string;
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
  meta: DiscoveryMeta<"ResourceType">;
}

/**
 * GET /ServiceProviderConfig. It has no id (RFC 7643 §5 exempts it). Bulk is not supported, so its two
 * required limits are 0. filter.maxResults is the page cap, the most resources one response can hold.
 * cursorTimeout is left out: our cursors are stateless positions that never expire, and RFC 9865 §4 reads
 * its absence as "no cursor timeout". Built fresh on every call, so a route may change its copy.
 */
export function serviceProviderConfig(ctx: DiscoveryContext): ServiceProviderConfigDocument {
  const bearer: AuthenticationScheme = {
    type: "oauthbearertoken",
    name: "OAuth Bearer Token",
    description:
      "A bearer token (RFC 6750) issued for one directory, sent as 'Authorization: Bearer <token>'.",
    specUri: "https://www.rfc-editor.org/info/rfc6750",
    primary: true,
  };
  if (ctx.documentationUri) bearer.documentationUri = ctx.documentationUri;
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(ctx.documentationUri ? { documentationUri: ctx.documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [bearer],
    // RFC 9865 §2.4: a server that had index paging keeps index as the default (Okta and Entra page by index).
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
    },
    // "A Service Provider that does not conform to this profile MUST either omit this attribute or set its value
    // to false": only the strict profile refuses what the interop profile has service providers refuse.
    interopProfileConformant: ctx.interopProfileConformant === true,
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${trimBaseUrl(ctx.baseUrl)}/ServiceProviderConfig`,
    },
  };
}

/** One resource type (RFC 7643 §6). Extensions are optional on every resource, so `required` is false. */
export function resourceTypeDocument(type: ResourceTypeDef, baseUrl: string): ResourceTypeDocument {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: type.name,
    name: type.name,
    description: type.description,
    endpoint: type.endpoint,
    schema: type.schema.id,
    schemaExtensions: type.extensions.map((extension) => ({ schema: extension.id, required: false })),
    meta: { resourceType: "ResourceType", location: `${trimBaseUrl(baseUrl)}/ResourceTypes/${type.name}` },
  };
}

/**
 * GET /ResourceTypes and GET /Schemas answer with a ListResponse of everything (RFC 7644 §4): filtering,
 * sorting and paging parameters SHALL be ignored there (the route answers a `filter` with 403, as §4 advises).
 */
export function resourceTypeList(ctx: DiscoveryContext): ListResponse<ResourceTypeDocument> {
  const documents = ctx.resourceTypes.map((type) => resourceTypeDocument(type, ctx.baseUrl));
  return listResponse(documents, { method: "index", totalResults: documents.length, startIndex: 1 });
}

export function schemaList(ctx: DiscoveryContext): ListResponse<SchemaDocument> {
  const documents = servedSchemas(ctx.resourceTypes).map((schema) => schemaDocument(schema, ctx.baseUrl));
  return listResponse(documents, { method: "index", totalResults: documents.length, startIndex: 1 });
}

/**
 * GET /ResourceTypes/{name}; undefined (for a 404) when no served type has that name. Matched
 * case-insensitively, as names and URIs in SCIM are (RFC 7643 §2.1).
 */
export function findResourceType(ctx: DiscoveryContext, name: string): ResourceTypeDocument | undefined {
  const type = ctx.resourceTypes.find((t) => t.name.toLowerCase() === name.toLowerCase());
  return type ? resourceTypeDocument(type, ctx.baseUrl) : undefined;
}

/** GET /Schemas/{id}; undefined (for a 404) when no served schema has that URI. */
export function findSchema(ctx: DiscoveryContext, id: string): SchemaDocument | undefined {
  const schema = servedSchemas(ctx.resourceTypes).find((s) => s.id.toLowerCase() === id.toLowerCase());
  return schema ? schemaDocument(schema, ctx.baseUrl) : undefined;
}
