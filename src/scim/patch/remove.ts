// The remove operation on one resolved path (RFC 7644 §3.5.2.2). Removing what is not there succeeds: Entra's
// parallel member PATCHes remove members that are already gone.
import { invalidSyntax } from "../errors";
import type { JsonObject } from "../resource/json";
import { isUnassigned } from "../resource/json";
import { type AttributePath, elementsOf, guardImmutable, objectOf, store } from "./document";
import { selectElements } from "./element";

/** RFC 7644 §3.5.2.2 gives remove no value; read as "remove all", one would wipe what the client meant to keep. */
export const removeWithValue = (label: string) =>
  invalidSyntax(
    `A remove of '${label}' takes no value: remove some values with a filter, e.g. ${label}[value eq "…"], or send no value to remove them all`,
  );

export function remove(holder: JsonObject, path: AttributePath, raw: unknown) {
  const attribute = path.target.attribute;
  const before = holder[attribute.name];
  if (isUnassigned(before)) return;
  const { filter, sub } = path;

  const clearSub = (element: unknown) => {
    if (!sub) return element;
    const after = objectOf(element);
    guardImmutable(sub, after[sub.name], undefined, path.label);
    delete after[sub.name];
    return after;
  };

  if (filter) {
    // "the values matched by the filter are removed"; a filter that matches nothing removes nothing.
    const elements = elementsOf(before);
    const matched = new Set(selectElements(filter, elements));
    const after = sub
      ? elements.map((element, i) => (matched.has(i) ? clearSub(element) : element))
      : elements.filter((_, i) => !matched.has(i));
    return store(holder, attribute.name, after);
  }
  if (sub) {
    const after = attribute.multiValued ? elementsOf(before).map(clearSub) : clearSub(before);
    return store(holder, attribute.name, after);
  }
  if (attribute.multiValued && raw !== undefined && raw !== null) {
    // Entra's remove-by-value is rewritten into filters by the normalisation layer before it gets here.
    throw removeWithValue(path.label);
  }
  guardImmutable(attribute, before, undefined, path.label);
  delete holder[attribute.name];
}
