// One lookup of an attribute among its siblings for all SCIM code. It lives beside the schemas, not with the
// resource keys, because the schema resolver needs it and the keys module imports the resolver.
import type { AttributeDef } from "./attribute";

/** Case-insensitive lookup of an attribute among siblings (RFC 7643 §2.1). */
export function findAttribute(
  attributes: readonly AttributeDef[] | undefined,
  name: string,
): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return attributes?.find((a) => a.name.toLowerCase() === lower);
}
