// The changes a user can go through, each read-check-write against D1. They run inside the user's Durable
// Object, one at a time, so each sees the state the previous one left.
import type { Database } from "../db/client";
import {
  type DirectoryScope,
  deleteUser,
  getUser,
  insertUser,
  isUniqueViolation,
  type UserRow,
  updateUser,
} from "../db/users";
import { reprovisionTarget } from "../domain/reprovisioning";
import { ScimError } from "../scim/errors";
import { etagListMatches } from "../scim/etag";
import { applyPatch } from "../scim/patch/apply";
import type { PatchOperation } from "../scim/patch/operation";
import { jsonEqual } from "../scim/resource/json";
import { userResourceType } from "../scim/schemas/resource-type";
import { fail, type Outcome, succeed } from "./outcome";
import { userKeys, userRecord } from "./user-record";

export interface CreateUser {
  scope: DirectoryScope;
  id: string;
  resource: Record<string, unknown>;
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

export async function createUser(db: Database, command: CreateUser, now: string): Promise<Outcome<UserRow>> {
  // IdPs create users to be used; an absent `active` means active, and it is stored so that reads show it.
  const resource = { ...command.resource, active: command.resource.active ?? true };
  return write(resource, async (record) => {
    const [row] = await insertUser(db, command.scope, command.id, record, now);
    return row;
  });
}

export async function reprovisionUser(
  db: Database,
  command: ReprovisionUser,
  now: string,
): Promise<Outcome<UserRow>> {
  const current = await getUser(db, command.scope, command.id);
  // The route chose this user before the object ran; it may have changed since, so choose again here.
  if (!current || !reprovisionTarget([current], userKeys(command.resource)))
    return fail({ reason: "conflict" });
  return write({ ...command.resource, active: true }, async (record) => {
    const [row] = await updateUser(db, command.scope, current.id, current.version, record, now);
    return row;
  });
}

export async function replaceUser(
  db: Database,
  command: ReplaceUser,
  now: string,
): Promise<Outcome<UserRow>> {
  const loaded = await loadForChange(db, command);
  if (!loaded.ok) return loaded;
  const current = loaded.value;
  // Okta's wizard apps send every update as a full PUT that may omit `active`: omission must not flip it.
  const resource = { ...command.resource, active: command.resource.active ?? current.active };
  return write(resource, async (record) => {
    const [row] = await updateUser(db, command.scope, current.id, current.version, record, now);
    return row;
  });
}

export async function patchUser(db: Database, command: PatchUser, now: string): Promise<Outcome<UserRow>> {
  const loaded = await loadForChange(db, command);
  if (!loaded.ok) return loaded;
  const current = loaded.value;
  let resource: Record<string, unknown>;
  try {
    const patched = applyPatch(userResourceType, current.resource, command.operations);
    // Removing `active` leaves the state as it was, not silently active: the column and the document agree.
    resource = { ...patched, active: patched.active ?? current.active };
  } catch (error) {
    if (error instanceof ScimError) return fail({ reason: "invalid", error: error.toBody() });
    throw error;
  }
  // A PATCH that changes nothing is not a new version (RFC 7644 §3.5.2 leaves the version to the server).
  if (jsonEqual(resource, current.resource)) return succeed(current);
  return write(resource, async (record) => {
    const [row] = await updateUser(db, command.scope, current.id, current.version, record, now);
    return row;
  });
}

export async function removeUser(db: Database, command: DeleteUser): Promise<Outcome<{ id: string }>> {
  const loaded = await loadForChange(db, command);
  if (!loaded.ok) return loaded;
  const current = loaded.value;
  const [row] = await deleteUser(db, command.scope, current.id);
  return row ? succeed(row) : fail({ reason: "notFound" });
}

/** The user a change applies to, if it exists and If-Match (RFC 7644 §3.14) names its current version. */
async function loadForChange(
  db: Database,
  command: { scope: DirectoryScope; id: string; ifMatch?: string | undefined },
): Promise<Outcome<UserRow>> {
  const current = await getUser(db, command.scope, command.id);
  if (!current) return fail({ reason: "notFound" });
  if (command.ifMatch !== undefined && !etagListMatches(command.ifMatch, current.version)) {
    return fail({ reason: "versionMismatch" });
  }
  return succeed(current);
}

/**
 * Runs one write; a unique-index violation is a taken userName. A version-checked write that touches no row
 * means the user changed outside this object since it was read.
 */
async function write(
  resource: Record<string, unknown>,
  statement: (record: ReturnType<typeof userRecord>) => Promise<UserRow | undefined>,
): Promise<Outcome<UserRow>> {
  const record = userRecord(resource);
  try {
    const row = await statement(record);
    return row ? succeed(row) : fail({ reason: "conflict" });
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ reason: "userNameTaken", userName: record.userName });
    throw error;
  }
}
