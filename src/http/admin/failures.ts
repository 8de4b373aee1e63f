// Administration failures to the wire, in one exhaustive switch: a new reason fails to compile until mapped.
import type { AdminFailure, AdminResource, AdminResult, UniqueField } from "../../db/admin/outcome";
import { AdminError } from "./errors";

const RESOURCE_NAME: Record<AdminResource, string> = {
  organisation: "organisation",
  domain: "verified domain",
  licence: "licence",
  admin: "organisation admin",
  directory: "SCIM directory",
  token: "token",
  oauthClient: "OAuth client",
  hostname: "custom hostname",
  transfer: "workspace transfer",
};

const TAKEN: Record<UniqueField, (value: string) => string> = {
  slug: (v) => `The slug "${v}" is already taken by another organisation.`,
  domain: (v) => `The domain "${v}" is already verified by an organisation; a domain belongs to one at most.`,
  hostname: (v) =>
    `The hostname "${v}" is already registered; a hostname belongs to one organisation at most.`,
  directoryName: (v) => `This organisation already has a SCIM directory named "${v}".`,
  licenceName: (v) => `This organisation already has a licence named "${v}".`,
  adminEmail: (v) => `This organisation already has an admin with the email "${v}".`,
};

const TAKEN_PATH: Record<UniqueField, string> = {
  slug: "body.slug",
  domain: "body.domain",
  hostname: "body.hostname",
  directoryName: "body.name",
  licenceName: "body.name",
  adminEmail: "body.email",
};

export function toAdminError(failure: AdminFailure): AdminError {
  switch (failure.reason) {
    case "notFound":
      // The same answer whether the id does not exist or belongs to another organisation.
      return new AdminError(
        "not_found",
        `No ${RESOURCE_NAME[failure.resource]} "${failure.id}" exists${failure.resource === "organisation" ? "" : " in this organisation"}.`,
      );
    case "taken":
      return new AdminError("conflict", TAKEN[failure.field](failure.value), [
        { path: TAKEN_PATH[failure.field], message: "already taken" },
      ]);
    case "verifiedDomainRequired":
      return new AdminError(
        "verified_domain_required",
        "SCIM cannot be enabled for an organisation without a verified domain: add one under /domains first.",
      );
    case "lastVerifiedDomain":
      return new AdminError(
        "verified_domain_required",
        `"${failure.domain}" is the organisation's last verified domain and SCIM is enabled: disable its SCIM directories first, or add another domain.`,
      );
    case "unknownReference": {
      const field = failure.resource === "licence" ? "licenceId" : "transfereeAdminId";
      return new AdminError(
        "invalid_request",
        `No ${RESOURCE_NAME[failure.resource]} "${failure.id}" exists in this organisation.`,
        [{ path: `body.${field}`, message: `not a ${RESOURCE_NAME[failure.resource]} of this organisation` }],
      );
    }
    case "confirmationMismatch":
      return new AdminError(
        "invalid_request",
        `"${failure.slug}" is not this organisation's slug: send its slug as confirmSlug to confirm the deletion.`,
        [{ path: "body.confirmSlug", message: "does not match the organisation's slug" }],
      );
    case "seatsBelowUse":
      return new AdminError(
        "conflict",
        `The licence has ${failure.used} seats in use; it cannot be reduced to ${failure.seats}.`,
        [{ path: "body.seats", message: `at least ${failure.used}` }],
      );
    case "hasWorkspaces":
      return new AdminError(
        "conflict",
        failure.resource === "licence"
          ? `The licence "${failure.id}" has workspaces allocated from it; it cannot be deleted.`
          : `The organisation admin "${failure.id}" owns transferred workspaces; they cannot be removed.`,
      );
  }
}

/** The value of a successful result; a failure leaves as its AdminError. */
export function unwrap<T>(result: AdminResult<T>): T {
  if (!result.ok) throw toAdminError(result.failure);
  return result.value;
}
