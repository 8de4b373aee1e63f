// A rendered group as JSON text with its members left open, so that members can be written page by page
// (a group of 100,000 is never one object in memory) and still land where the attribute belongs.
import { type AttributeSelection, projector } from "../projection";
import type { RenderedResource } from "../render";
import { groupResourceType } from "../schemas/resource-type";
import { MEMBERS } from "./ids";
import { selectedSubAttributes } from "./render";

export type GroupText =
  /** The whole document: members were not selected, or there are none. */
  | { kind: "whole"; text: string }
  /** `head` ends just inside `"members":[`, `tail` starts at its `]`; the elements go in between. */
  | { kind: "open"; head: string; tail: string; keys: string[] };

/** Compiled once per request: which member sub-attributes to write, and how to project the rest. */
export interface GroupTextPlan {
  /** Undefined when the selection leaves `members` out: then memberships must not be read at all. */
  memberKeys: string[] | undefined;
  text(rendered: RenderedResource, hasMembers: boolean): GroupText;
}

export function groupTextPlan(selection: AttributeSelection): GroupTextPlan {
  const project = projector(groupResourceType, selection);
  const memberKeys = selectedSubAttributes(groupResourceType, MEMBERS, selection);
  return {
    memberKeys,
    text(rendered, hasMembers) {
      if (!memberKeys || !hasMembers) return { kind: "whole", text: JSON.stringify(project(rendered)) };
      // A marker no stored text can contain (it is random per call) stands where the members go.
      const marker = `\u0000${MEMBERS}:${crypto.randomUUID()}`;
      const { meta, ...attributes } = rendered;
      const projected = project({ ...attributes, [MEMBERS]: [{ value: marker }], meta });
      const text = JSON.stringify({ ...projected, [MEMBERS]: marker });
      const [head, tail, ...more] = text.split(JSON.stringify(marker));
      if (head === undefined || tail === undefined || more.length > 0) throw new Error("member marker lost");
      return { kind: "open", head: `${head}[`, tail: `]${tail}`, keys: memberKeys };
    },
  };
}
