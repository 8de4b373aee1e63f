// One lookup of an attribute among its siblings, for the schema resolver, the validator, the normaliser, PATCH and
// the projection alike.
import type { AttributeDef } from "./attribute";

/** Case-insensitive lookup of an attribute among siblings (RFC 7643 §2.1). */
export function findAttribute(
  attributes: readonly AttributeDef[] | undefined,
  name: string,
): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return attributes?.find((a) => a.name.toLowerCase() === lower);
}
