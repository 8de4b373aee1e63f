// The core Group schema, urn:ietf:params:scim:schemas:core:2.0:Group (RFC 7643 §4.2, §8.7.1).
import { complex, reference, type SchemaDef, string } from "./attribute";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/**
 * `members` as §8.7.1 defines it (value, $ref and type immutable: members are added and removed, never edited),
 * plus the read-only `display` that §8.4's examples and every IdP's payloads carry. Members are users of the same
 * directory; the server fills in $ref, display and type, so clients need send only `value`.
 */
const members = complex(
  "members",
  "A list of members of the Group.",
  [
    // Our ids are case-sensitive UUIDs, compared exactly, as `id` is (RFC 7643 §3.1).
    string("value", "Identifier of the member of this Group.", { caseExact: true, mutability: "immutable" }),
    reference("$ref", "The URI corresponding to a SCIM resource that is a member of this Group.", ["User"], {
      mutability: "immutable",
    }),
    string("display", "A human-readable name for the member: its displayName, or else its userName.", {
      mutability: "readOnly",
    }),
    string("type", "A label indicating the type of resource; only 'User' is served (no nested groups).", {
      canonicalValues: ["User"],
      mutability: "immutable",
    }),
  ],
  { multiValued: true },
);

export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    // §4.2 calls displayName REQUIRED; it is also unique per directory regardless of case (Entra relies on it).
    string("displayName", "A human-readable name for the Group. REQUIRED.", {
      required: true,
      uniqueness: "server",
    }),
    members,
  ],
};
