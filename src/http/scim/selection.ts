// Applies ?attributes= / ?excludedAttributes= to a single rendered resource (RFC 7644 §3.9).
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { parseAttributeSelection } from "../../scim/list";
import { projectResource } from "../../scim/projection";
import type { ResourceTypeDef } from "../../scim/schemas/resource-type";

export function selectAttributes(
  c: Context<AppEnv>,
  type: ResourceTypeDef,
  resource: Record<string, unknown>,
) {
  return projectResource(type, resource, parseAttributeSelection(new URL(c.req.url).searchParams));
}
