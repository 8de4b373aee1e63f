// Group bodies and member values from clients: each member names a user by `value`; nested groups are not served.
import { invalidValue } from "../errors";
import { isObject, isUnassigned, type JsonObject, memberOf } from "../resource/json";
import { resolveKey } from "../resource/keys";
import { type ValidateOptions, validateResource } from "../resource/validate";
import { normalizeAttribute } from "../resource/value";
import type { AttributeDef } from "../schemas/attribute";
import { groupSchema } from "../schemas/group";
import { groupResourceType } from "../schemas/resource-type";

export const MEMBERS = "members";

export const membersAttribute: AttributeDef = (() => {
  const found = groupSchema.attributes.find((a) => a.name === MEMBERS);
  if (!found) throw new Error("The Group schema has no members attribute");
  return found;
})();

/** The ids in already-normalised member elements, each once, in the order given. */
export function idsOfElements(elements: readonly unknown[], label: string): string[] {
  const ids = new Set<string>();
  for (const element of elements) {
    const value = isObject(element) ? element.value : undefined;
    if (typeof value !== "string" || value.trim() === "") {
      throw invalidValue(`Each of '${label}' needs a 'value': the id of a user in this directory`);
    }
    // RFC 7643 §4.2 lets members be Users or Groups; this server keeps groups flat, and says so.
    const type = isObject(element) ? element.type : undefined;
    if (typeof type === "string" && type.toLowerCase() !== "user") {
      throw invalidValue(`'${label}' of type '${type}' cannot be added: only users can be group members`);
    }
    ids.add(value);
  }
  return [...ids];
}

/** The ids in a member value: an array of {value} (lone objects and bare ids are normalised into one first). */
export function memberIds(raw: unknown, label: string): string[] {
  requireValues(raw, label);
  const elements = normalizeAttribute(membersAttribute, raw, label, { unknownAttributes: "ignore" });
  return Array.isArray(elements) ? idsOfElements(elements, label) : [];
}

/**
 * Every element must name its member. Normalising alone would drop `{"display":"x"}` (display is readOnly) and
 * with it the member, silently; a member the server cannot identify is a 400 instead.
 */
function requireValues(raw: unknown, label: string) {
  if (isUnassigned(raw) || !Array.isArray(raw)) return; // not a list: normalising reports it
  for (const item of raw) {
    if (item === null || item === undefined) continue;
    const value = isObject(item) ? memberOf(item, "value") : item;
    if (typeof value !== "string" || value.trim() === "") {
      throw invalidValue(`Each of '${label}' needs a 'value': the id of a user in this directory`);
    }
  }
}

/** What a POST or PUT body says about a group: the resource to store and, separately, its members. */
export interface GroupBody {
  resource: JsonObject;
  /**
   * Undefined when the body does not mention `members` at all, so that a PUT without it keeps the membership
   * (RFC 7644 §3.5.1 lets a server read an omitted attribute as "not asserted"; wiping a group because a client
   * left members out is the classic bug). `"members": []` or null does clear it.
   */
  members: string[] | undefined;
}

export function readGroupBody(body: unknown, options: ValidateOptions = {}): GroupBody {
  const { [MEMBERS]: elements, ...resource } = validateResource(groupResourceType, body, options).resource;
  // Validation drops unassigned values, so whether `members` was sent at all is read from the body's keys.
  const sent = isObject(body)
    ? Object.entries(body).filter(([key]) => {
        const target = resolveKey(groupResourceType, key);
        const resolved = target?.kind === "attribute" ? target.resolved : undefined;
        return resolved?.attribute.name === MEMBERS && !resolved.subAttribute;
      })
    : [];
  for (const [, raw] of sent) requireValues(raw, MEMBERS);
  const members = Array.isArray(elements)
    ? idsOfElements(elements, MEMBERS)
    : sent.length > 0
      ? []
      : undefined;
  return { resource, members };
}
