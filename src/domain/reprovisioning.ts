// Which existing user a POST /Users provisions again instead of creating a duplicate (idp-behaviour.md): Okta
// POSTs again when a user is re-assigned, Google POSTs an email rename with the same externalId.
export interface ExistingUser {
  id: string;
  active: boolean;
  userNameKey: string;
  externalId: string | null;
}

export interface Incoming {
  userNameKey: string;
  externalId: string | null;
}

/**
 * An inactive user with the same externalId or userName is restored. An active one with the same externalId but
 * another userName is being renamed. An active user with the same userName stays a uniqueness conflict: that is
 * a second create of the same person, which Okta expects to be refused with 409.
 */
export function reprovisionTarget(
  candidates: readonly ExistingUser[],
  incoming: Incoming,
): ExistingUser | undefined {
  const sameExternalId = (u: ExistingUser) =>
    incoming.externalId !== null && u.externalId === incoming.externalId;
  const sameUserName = (u: ExistingUser) => u.userNameKey === incoming.userNameKey;
  return (
    candidates.find((u) => !u.active && (sameExternalId(u) || sameUserName(u))) ??
    candidates.find((u) => u.active && sameExternalId(u) && !sameUserName(u))
  );
}
