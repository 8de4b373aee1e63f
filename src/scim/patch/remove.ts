// The remove operation on one resolved path (RFC 7644 §3.5.2.2). Removing what is not there succeeds: Entra's
// parallel member PATCHes remove members that are already gone.
import type { JsonObject } from "../resource/json";
import { isUnassigned } from "../resource/json";
import { type NormalizeOptions, normalizeAttribute } from "../resource/value";
import { type AttributePath, elementsOf, guardImmutable, objectOf, store } from "./document";
import { containsValue, selectElements } from "./element";

export function remove(holder: JsonObject, path: AttributePath, raw: unknown, options: NormalizeOptions) {
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
    // Entra's default mode removes one member as `"path":"members","value":[{"$ref":null,"value":"…"}]`:
    // only the listed values go. A value list that names nothing removes nothing, never everything.
    const items = (normalizeAttribute(attribute, raw, path.label, options) as unknown[] | undefined) ?? [];
    const after = elementsOf(before).filter(
      (element) => !items.some((item) => containsValue(attribute, element, item)),
    );
    return store(holder, attribute.name, after);
  }
  guardImmutable(attribute, before, undefined, path.label);
  delete holder[attribute.name];
}
