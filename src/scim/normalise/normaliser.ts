// One request's normalisation: the directory's profile, the rules that fired (for the system log), and the entry
// points the SCIM routes call before any protocol code sees the request.
import { ScimError } from "../errors";
import type { ResourceTypeDef } from "../schemas/resource-type";
import { canonicalPatch } from "./patch";
import { type Profile, profileOf, settingsAccepting } from "./profiles";
import { canonicalQuery, canonicalSearch } from "./query";
import { canonicalResource } from "./resource";
import type { RuleContext, RuleId } from "./rules";
import { checkStrictPatch, checkStrictResource } from "./strict";

export const SCIM_MEDIA_TYPE = "application/scim+json";

export interface Normaliser extends RuleContext {
  readonly profile: Profile;
  /** The rules that changed something in this request, in the order they first fired. */
  readonly fired: readonly RuleId[];
  /** Rules that would have changed this request but that the profile leaves out: the likely cause of a 400. */
  readonly suppressed: readonly RuleId[];
  /** For a refused request: which IdP setting would accept what it sent, or undefined when none is at stake. */
  settingHint(): string | undefined;
  /** The last request body put in canonical form, for the system log to name the operation from. */
  readonly canonical: unknown;
  /** Attributes outside the schemas: ignored (RFC 7643 §3.1 lets a server) or, when strict, 400 invalidSyntax. */
  readonly unknownAttributes: "ignore" | "reject";
  /** Throws 415 unless the body's media type (undefined when the header is missing) is accepted. */
  mediaType(mediaType: string | undefined): void;
  resource(type: ResourceTypeDef, body: unknown): unknown;
  patch(type: ResourceTypeDef, body: unknown, resourceId: string): unknown;
  query(type: ResourceTypeDef, url: string): URLSearchParams;
  search(type: ResourceTypeDef, body: unknown): unknown;
}

export function createNormaliser(idp: string): Normaliser {
  const profile = profileOf(idp);
  const fired = new Set<RuleId>();
  const suppressed = new Set<RuleId>();
  let canonical: unknown;
  const keep = <T>(body: T): T => {
    canonical = body;
    return body;
  };
  const ctx: RuleContext = {
    applies: (rule) => profile.rules.has(rule),
    fire: (rule) => void fired.add(rule),
    suppress: (rule) => void suppressed.add(rule),
  };
  return {
    ...ctx,
    profile,
    get fired() {
      return [...fired];
    },
    get suppressed() {
      return [...suppressed];
    },
    get canonical() {
      return canonical;
    },
    settingHint() {
      if (suppressed.size === 0) return undefined;
      const rules = [...suppressed];
      const settings = settingsAccepting(rules).map((name) => `"${name}"`);
      return `This directory's IdP setting is "${profile.name}", whose profile does not accept ${rules.join(", ")} (docs/conformance.md); if the IdP really sends this, set the directory's IdP to ${settings.join(" or ")}.`;
    },
    unknownAttributes: profile.strict ? "reject" : "ignore",
    mediaType(mediaType) {
      if (mediaType === SCIM_MEDIA_TYPE) return;
      if ((mediaType === undefined || mediaType === "application/json") && ctx.applies("media-type.json")) {
        ctx.fire("media-type.json");
        return;
      }
      throw ScimError.plain(
        415,
        mediaType === undefined
          ? `Send the body with Content-Type: ${SCIM_MEDIA_TYPE} (RFC 7644 §3.1).`
          : `Send the body as ${SCIM_MEDIA_TYPE}${ctx.applies("media-type.json") ? " (or application/json)" : ""}, not ${mediaType}.`,
      );
    },
    resource(type, body) {
      const out = keep(canonicalResource(type, body, ctx));
      if (profile.strict) checkStrictResource(type, out);
      return out;
    },
    patch(type, body, resourceId) {
      const out = keep(canonicalPatch(type, body, ctx, resourceId));
      if (profile.strict) checkStrictPatch(type, out);
      return out;
    },
    query: (type, url) => canonicalQuery(type, url, ctx),
    search: (type, body) => keep(canonicalSearch(type, body, ctx)),
  };
}
