// Names what a SCIM request did, from its method, path and (for writes) body: createUser, deactivateUser, …

export type ResourceType = "User" | "Group";

export interface RequestTarget {
  resourceType: ResourceType | null;
  /** The resource id in the path, if any. */
  resourceId: string | null;
  /** "/Users/.search" and "/Groups/.search". */
  search: boolean;
  /** Discovery endpoints and anything else under the SCIM base. */
  other: string | null;
}

const SEGMENT_TYPE: Record<string, ResourceType> = { Users: "User", Groups: "Group" };

/** `path` is relative to the SCIM base: "/Users/abc". */
export function targetOf(path: string): RequestTarget {
  const [first = "", second] = path.split("/").filter(Boolean);
  const resourceType = SEGMENT_TYPE[first] ?? null;
  if (!resourceType) return { resourceType: null, resourceId: null, search: false, other: first || null };
  const search = second === ".search";
  return {
    resourceType,
    resourceId: second && !search ? decodeURIComponent(second) : null,
    search,
    other: null,
  };
}

/**
 * The `active` value a PUT body or PATCH request sets, if it sets one. Reads canonical SCIM: the system log passes
 * the body as the normalisation layer left it (Entra's "False" is false by then).
 */
export function activeSetBy(method: string, body: unknown): boolean | undefined {
  if (!body || typeof body !== "object") return undefined;
  if (method === "PUT") {
    const active = (body as { active?: unknown }).active;
    return typeof active === "boolean" ? active : undefined;
  }
  const operations = (body as { Operations?: unknown }).Operations;
  if (!Array.isArray(operations)) return undefined;
  let result: boolean | undefined;
  for (const op of operations) {
    if (!op || typeof op !== "object") continue;
    const { path, value } = op as { path?: unknown; value?: unknown };
    const raw =
      typeof path === "string"
        ? path.toLowerCase() === "active"
          ? value
          : undefined
        : value && typeof value === "object"
          ? (value as { active?: unknown }).active
          : undefined;
    if (typeof raw === "boolean") result = raw;
  }
  return result;
}

export function operationOf(method: string, target: RequestTarget, body: unknown): string {
  const type = target.resourceType;
  if (!type) return `${method.toLowerCase()}${target.other ? `:${target.other}` : ""}`;
  const many = `${type}s`;
  if (target.search) return `search${many}`;
  if (!target.resourceId) {
    if (method === "GET") return `list${many}`;
    if (method === "POST") return `create${type}`;
    return `${method.toLowerCase()}${many}`;
  }
  switch (method) {
    case "GET":
      return `get${type}`;
    case "DELETE":
      return `delete${type}`;
    case "PUT":
    case "PATCH": {
      const active = type === "User" ? activeSetBy(method, body) : undefined;
      if (active === false) return "deactivateUser";
      if (active === true && method === "PATCH") return "reactivateUser";
      return method === "PUT" ? `replace${type}` : `update${type}`;
    }
    default:
      return `${method.toLowerCase()}${type}`;
  }
}
