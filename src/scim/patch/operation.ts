// The PATCH operation as the engine sees it once the request is read (RFC 7644 §3.5.2).

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type PatchOpName = "add" | "remove" | "replace";

export interface PatchOperation {
  op: PatchOpName;
  /** The attribute path (RFC 7644 §3.5.2, Figure 7), resolved against the resource type when applied. */
  path?: string;
  /** Present for add and replace (RFC 7644 §3.5.2.1, §3.5.2.3); optional for remove. */
  value?: unknown;
}
