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
    case "conflict":
      return ScimError.plain(409, "The resource changed while this request was applied; read it and retry.");
    case "invalid":
      return ScimError.fromBody(failure.error);
  }
}

export function unwrap<T>(outcome: Outcome<T>, resourceId: string): T {
  if (!outcome.ok) throw failureToScimError(outcome.failure, resourceId);
  return outcome.value;
}
