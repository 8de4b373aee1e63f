// Domain restrictions: a provisioned user's userName and emails must be in the organisation's verified domains.
export interface DomainPolicy {
  /** Lower-case verified domains; an address matches its exact domain (a subdomain must be verified itself). */
  verifiedDomains: readonly string[];
  /** Some products (e.g. Oktopost, Poggio) require userName to be an email equal to the primary email. */
  userNameMustBePrimaryEmail: boolean;
}

export type DomainRefusal =
  | { reason: "domainNotVerified"; addresses: string[]; verifiedDomains: readonly string[] }
  | { reason: "userNameNotPrimaryEmail"; userName: string; primaryEmail: string | undefined };

const domainOf = (address: string): string | undefined => {
  const at = address.lastIndexOf("@");
  return at > 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : undefined;
};

/** The userName and every email value of a stored resource. */
export function provisionedAddresses(resource: Record<string, unknown>): string[] {
  const emails = Array.isArray(resource.emails) ? resource.emails : [];
  const values = emails
    .map((e) => (e !== null && typeof e === "object" ? (e as Record<string, unknown>).value : undefined))
    .filter((v): v is string => typeof v === "string");
  return [String(resource.userName), ...values];
}

function primaryEmail(resource: Record<string, unknown>): string | undefined {
  const emails = Array.isArray(resource.emails) ? (resource.emails as Record<string, unknown>[]) : [];
  const primary = emails.find((e) => e?.primary === true) ?? (emails.length === 1 ? emails[0] : undefined);
  return typeof primary?.value === "string" ? primary.value : undefined;
}

/**
 * Checks the addresses a change brings in. Addresses the user already had are not checked again, so that a
 * later change of the verified domains never blocks deactivating or updating an existing user.
 */
export function checkDomains(
  policy: DomainPolicy,
  resource: Record<string, unknown>,
  previous?: Record<string, unknown>,
): DomainRefusal | undefined {
  const known = new Set((previous ? provisionedAddresses(previous) : []).map((a) => a.toLowerCase()));
  const verified = new Set(policy.verifiedDomains.map((d) => d.toLowerCase()));
  const outside = provisionedAddresses(resource).filter((address) => {
    if (known.has(address.toLowerCase())) return false;
    const domain = domainOf(address);
    return domain === undefined || !verified.has(domain);
  });
  if (outside.length > 0) {
    return {
      reason: "domainNotVerified",
      addresses: [...new Set(outside)],
      verifiedDomains: policy.verifiedDomains,
    };
  }
  if (policy.userNameMustBePrimaryEmail) {
    const userName = String(resource.userName);
    const primary = primaryEmail(resource);
    if (primary === undefined || primary.toLowerCase() !== userName.toLowerCase()) {
      return { reason: "userNameNotPrimaryEmail", userName, primaryEmail: primary };
    }
  }
  return undefined;
}
