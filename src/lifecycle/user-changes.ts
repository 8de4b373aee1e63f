// The changes a user can go through: each reads the user, works out the new resource, and hands it to writeUser.
// They run inside the user's Durable Object, one at a time, so each sees the state the previous one left.
import type { Database } from "../db/client";
import { type ProvisioningPolicy, withPolicy } from "../db/policy";
import { type DirectoryScope, getUser, type UserRow, userById } from "../db/users";
import { reprovisionTarget } from "../domain/reprovisioning";
import { ScimError } from "../scim/errors";
import { applyPatch } from "../scim/patch/apply";
import type { PatchOperation } from "../scim/patch/operation";
import { jsonEqual } from "../scim/resource/json";
import { userResourceType } from "../scim/schemas/resource-type";
import { fail, type Outcome, succeed, type Written } from "./outcome";
import { checkPreconditions } from "./preconditions";
import { userKeys } from "./user-record";
import { deleteUserRow, writeUser } from "./write-user";

export interface CreateUser {
  scope: DirectoryScope;
  id: string;
  resource: Record<string, unknown>;
  /** Read by the route with its search for an existing user: a create needs no other read. */
  policy: ProvisioningPolicy;
}

/** A POST that names an existing user (src/domain/reprovisioning.ts): that user, replaced and active again. */
export interface ReprovisionUser {
  scope: DirectoryScope;
  id: string;
  resource: Record<string, unknown>;
}

export interface ReplaceUser {
  scope: DirectoryScope;
  id: string;
  resource: Record<string, unknown>;
  ifMatch?: string;
}

export interface PatchUser {
  scope: DirectoryScope;
  id: string;
  operations: PatchOperation[];
  ifMatch?: string;
}

export interface DeleteUser {
  scope: DirectoryScope;
  id: string;
  ifMatch?: string;
}

export async function createUser(
  db: Database,
  command: CreateUser,
  now: string,
): Promise<Outcome<Written<UserRow>>> {
  // IdPs create users to be used; an absent `active` means active, and it is stored so that reads show it.
  const resource = { ...command.resource, active: command.resource.active ?? true };
  const { scope, id, policy } = command;
  return writeUser(db, { scope, id, before: undefined, resource, policy }, now);
}

export async function reprovisionUser(
  db: Database,
  command: ReprovisionUser,
  now: string,
): Promise<Outcome<Written<UserRow>>> {
  const {
    rows: [before],
    policy,
  } = await withPolicy(db, command.scope, userById(db, command.scope, command.id));
  // The route chose this user before the object ran; it may have changed since, so choose again here.
  if (!before || !reprovisionTarget([before], userKeys(command.resource)))
    return fail({ reason: "conflict" });
  const resource = { ...command.resource, active: true };
  return writeUser(db, { scope: command.scope, id: before.id, before, resource, policy }, now);
}

export async function replaceUser(
  db: Database,
  command: ReplaceUser,
  now: string,
): Promise<Outcome<Written<UserRow>>> {
  const { loaded, policy } = await loadWithPolicy(db, command);
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  // Okta's wizard apps send every update as a full PUT that may omit `active`: omission must not flip it.
  const resource = { ...command.resource, active: command.resource.active ?? before.active };
  // Okta PUTs the whole user on every sync: one that changes nothing is no new version and no event.
  if (jsonEqual(resource, before.resource)) return succeed({ value: before });
  return writeUser(db, { scope: command.scope, id: before.id, before, resource, policy }, now);
}

export async function patchUser(
  db: Database,
  command: PatchUser,
  now: string,
): Promise<Outcome<Written<UserRow>>> {
  const { loaded, policy } = await loadWithPolicy(db, command);
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  let resource: Record<string, unknown>;
  try {
    const patched = applyPatch(userResourceType, before.resource, command.operations);
    // Removing `active` leaves the state as it was, not silently active: the column and the document agree.
    resource = { ...patched, active: patched.active ?? before.active };
  } catch (error) {
    if (error instanceof ScimError) return fail({ reason: "invalid", error: error.toBody() });
    throw error;
  }
  // A PATCH that changes nothing is not a new version (RFC 7644 §3.5.2 leaves the version to the server).
  if (jsonEqual(resource, before.resource)) return succeed({ value: before });
  return writeUser(db, { scope: command.scope, id: before.id, before, resource, policy }, now);
}

export async function removeUser(
  db: Database,
  command: DeleteUser,
  now: string,
): Promise<Outcome<Written<{ id: string }>>> {
  const loaded = checkPreconditions(await getUser(db, command.scope, command.id), command.ifMatch);
  if (!loaded.ok) return loaded;
  return deleteUserRow(db, { scope: command.scope, before: loaded.value }, now);
}

/**
 * The user a change applies to, if it exists and If-Match (RFC 7644 §3.14) names its current version, and the
 * directory's provisioning policy, in one round trip.
 */
async function loadWithPolicy(
  db: Database,
  command: { scope: DirectoryScope; id: string; ifMatch?: string | undefined },
): Promise<{ loaded: Outcome<UserRow>; policy: ProvisioningPolicy }> {
  const { rows, policy } = await withPolicy(db, command.scope, userById(db, command.scope, command.id));
  return { loaded: checkPreconditions(rows[0], command.ifMatch), policy };
}
