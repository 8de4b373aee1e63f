// Writes one change of a user with everything it entails, in one D1 batch: the user row, the workspace a new
// or reactivated user gets, the transfer a deactivation records. Either all of it is stored or none.
import type { Database } from "../db/client";
import { provisioningPolicy } from "../db/policy";
import { recordTransfer } from "../db/transfers";
import {
  type DirectoryScope,
  deleteUser,
  insertUser,
  isUniqueViolation,
  type UserRow,
  updateUser,
} from "../db/users";
import { allocateWorkspace, isNoFreeSeat, licenceUsage } from "../db/workspaces";
import { checkDomains } from "../domain/domain-restrictions";
import { transition } from "../domain/transitions";
import { fail, type Outcome, succeed } from "./outcome";
import { userRecord } from "./user-record";

/** A stored change, and the transfer it recorded (which the caller then sends to the queue). */
export interface Written<T = UserRow> {
  value: T;
  transferId?: string;
}

export async function writeUser(
  db: Database,
  input: {
    scope: DirectoryScope;
    id: string;
    before: UserRow | undefined;
    resource: Record<string, unknown>;
  },
  now: string,
): Promise<Outcome<Written>> {
  const { scope, id, before } = input;
  const policy = await provisioningPolicy(db, scope);
  // Restrictions apply once the organisation has verified domains; enabling SCIM requires one (admin API).
  if (policy.verifiedDomains.length > 0) {
    const refusal = checkDomains(policy, input.resource, before?.resource);
    if (refusal) return fail(refusal);
  }
  const record = userRecord(input.resource);
  const step = transition(before?.active ?? false, record.active);
  const version = before ? before.version + 1 : 1;
  const userWrite = before
    ? updateUser(db, scope, id, before.version, record, now)
    : insertUser(db, scope, id, record, now);
  const effects = [];
  if (step === "reactivate") {
    // A new active user, or a reactivated one: a new workspace from the licence.
    if (!policy.licenceId) return fail({ reason: "noLicence" });
    effects.push(
      ...allocateWorkspace(db, {
        orgId: scope.orgId,
        licenceId: policy.licenceId,
        userId: id,
        userVersion: version,
        workspaceId: crypto.randomUUID(),
        now,
      }),
    );
  }
  const transferId = step === "deactivate" ? crypto.randomUUID() : undefined;
  if (transferId) {
    effects.push(
      recordTransfer(db, {
        transferId,
        ...scope,
        userId: id,
        userName: record.userName,
        userVersion: version,
        now,
      }),
    );
  }
  try {
    const [rows] = await db.batch([userWrite, ...effects]);
    const row = rows[0];
    if (!row) return fail({ reason: "conflict" });
    return succeed(transferId ? { value: row, transferId } : { value: row });
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ reason: "userNameTaken", userName: record.userName });
    if (isNoFreeSeat(error) && policy.licenceId) {
      const usage = await licenceUsage(db, scope.orgId, policy.licenceId);
      if (usage && usage.used >= usage.seats) return fail({ reason: "licenceFull", licence: usage });
      return fail({ reason: "conflict" });
    }
    throw error;
  }
}

/**
 * Deletes a user. An active user's workspaces are recorded for transfer in the same batch; an inactive user's
 * were recorded when it was deactivated. Workspaces are never deleted.
 */
export async function deleteUserRow(
  db: Database,
  input: { scope: DirectoryScope; before: UserRow },
  now: string,
): Promise<Outcome<Written<{ id: string }>>> {
  const { scope, before } = input;
  const remove = deleteUser(db, scope, before.id);
  if (!before.active) {
    const [row] = await remove;
    return row ? succeed({ value: row }) : fail({ reason: "notFound" });
  }
  const transferId = crypto.randomUUID();
  const record = recordTransfer(db, {
    transferId,
    ...scope,
    userId: before.id,
    userName: before.userName,
    userVersion: before.version,
    now,
  });
  const [, rows] = await db.batch([record, remove]);
  const row = rows[0];
  return row ? succeed({ value: row, transferId }) : fail({ reason: "notFound" });
}
