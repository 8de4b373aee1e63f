// Maps lifecycle outcomes to SCIM errors: one exhaustive switch, so a new reason fails to compile until mapped.
import type { LifecycleFailure, Outcome } from "../../lifecycle/outcome";
import { ScimError } from "../../scim/errors";

export function failureToScimError(failure: LifecycleFailure, resourceId: string): ScimError {
  switch (failure.reason) {
    case "notFound":
      return ScimError.plain(404, `No resource with id "${resourceId}" exists in this directory.`);
    case "versionMismatch":
      return ScimError.plain(
        412,
        "The resource has changed since the version named in If-Match; read it again.",
      );
    case "userNameTaken":
      return ScimError.typed(
        "uniqueness",
        `Another user in this directory already has userName "${failure.userName}".`,
      );
    case "displayNameTaken":
      return ScimError.typed(
        "uniqueness",
        `Another group in this directory already has displayName "${failure.displayName}".`,
      );
    case "unknownMembers":
      return ScimError.typed("invalidValue", unknownMembersDetail(failure.ids));
    case "domainNotVerified":
      return ScimError.typed(
        "invalidValue",
        `${listed(failure.addresses)} ${failure.addresses.length === 1 ? "is" : "are"} not in the organisation's verified domains (${failure.verifiedDomains.join(", ")}); only those may be provisioned. Nothing was changed.`,
      );
    case "userNameNotPrimaryEmail":
      return ScimError.typed(
        "invalidValue",
        `This directory requires userName to be the user's primary email; userName is "${failure.userName}" and the primary email is ${failure.primaryEmail === undefined ? "missing" : `"${failure.primaryEmail}"`}.`,
      );
    // Licence refusals are 403, never 429 or 5xx: IdPs retry those, and a full licence will not empty itself.
    case "noLicence":
      return ScimError.plain(
        403,
        "This directory has no licence to allocate workspaces from; an admin must choose one in the SCIM settings.",
      );
    case "licenceFull":
      return ScimError.plain(
        403,
        `The licence "${failure.licence.name}" has no free seat (${failure.licence.used} of ${failure.licence.seats} used); free a seat or add seats, then retry. Nothing was changed.`,
      );
    case "conflict":
      return ScimError.plain(409, "The resource changed while this request was applied; read it and retry.");
    case "invalid":
      return ScimError.fromBody(failure.error);
  }
}

const listed = (values: readonly string[]) => values.map((v) => JSON.stringify(v.slice(0, 100))).join(", ");

/** Names the ids (the first few: a detail must stay short) so that the IdP's log says which member is missing. */
const MAX_IDS_IN_DETAIL = 5;

function unknownMembersDetail(ids: readonly string[]): string {
  const named = ids.slice(0, MAX_IDS_IN_DETAIL).map((id) => JSON.stringify(id.slice(0, 100)));
  const more = ids.length > MAX_IDS_IN_DETAIL ? ` and ${ids.length - MAX_IDS_IN_DETAIL} more` : "";
  const noun = ids.length === 1 ? "is not a user" : "are not users";
  return `Group members must be users of this directory: ${named.join(", ")}${more} ${noun} here. Nothing was changed.`;
}

export function unwrap<T>(outcome: Outcome<T>, resourceId: string): T {
  if (!outcome.ok) throw failureToScimError(outcome.failure, resourceId);
  return outcome.value;
}
