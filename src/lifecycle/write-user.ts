// Writes one change of a user with everything it entails, in one D1 batch: the user row, the workspace a new
// or reactivated user gets, the transfer a deactivation records. Either all of it is stored or none.
import type { Database } from "../db/client";
import type { ProvisioningPolicy } from "../db/policy";
import { recordTransfer } from "../db/transfers";
import {
  type DirectoryScope,
  deleteUser,
  insertUser,
  isUniqueViolation,
  type UserRow,
  updateUser,
} from "../db/users";
import { batchWithWebhookCheck } from "../db/webhooks";
import { allocateWorkspace, isNoFreeSeat, licenceUsage } from "../db/workspaces";
import { checkDomains } from "../domain/domain-restrictions";
import { transition } from "../domain/transitions";
import { fail, type Outcome, succeed, type Written } from "./outcome";
import { userChangeEvents, userDeletedEvent } from "./user-event-statements";
import { userRecord } from "./user-record";

export async function writeUser(
  db: Database,
  input: {
    scope: DirectoryScope;
    id: string;
    before: UserRow | undefined;
    resource: Record<string, unknown>;
    /** Read in the same round trip as `before`. */
    policy: ProvisioningPolicy;
  },
  now: string,
): Promise<Outcome<Written<UserRow>>> {
  const { scope, id, before, policy } = input;
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
  const workspaceId = step === "reactivate" ? crypto.randomUUID() : undefined;
  if (workspaceId) {
    // A new active user, or a reactivated one: a new workspace from the licence.
    if (!policy.licenceId) return fail({ reason: "noLicence" });
    effects.push(
      ...allocateWorkspace(db, {
        orgId: scope.orgId,
        licenceId: policy.licenceId,
        userId: id,
        userVersion: version,
        workspaceId,
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
  const changeEvents = userChangeEvents(
    db,
    {
      scope,
      id,
      version,
      record,
      created: !before,
      step,
      workspaceId,
      licenceId: policy.licenceId,
      transferId,
    },
    now,
  );
  try {
    const { results, wake } = await batchWithWebhookCheck(db, scope.orgId, [
      userWrite,
      ...effects,
      ...changeEvents,
    ]);
    const written = results[0]?.[0];
    if (!written) return fail({ reason: "conflict" });
    const row = userWrite.decode(written);
    return succeed({ value: row, wakeWebhook: wake, ...(transferId ? { transferId } : {}) });
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
  const deleted = userDeletedEvent(db, scope, before, now);
  if (!before.active) {
    const { results, wake } = await batchWithWebhookCheck(db, scope.orgId, [deleted, remove]);
    const row = results[1]?.[0];
    return row ? succeed({ value: remove.decode(row), wakeWebhook: wake }) : fail({ reason: "notFound" });
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
  const { results, wake } = await batchWithWebhookCheck(db, scope.orgId, [record, deleted, remove]);
  const row = results[2]?.[0];
  return row
    ? succeed({ value: remove.decode(row), transferId, wakeWebhook: wake })
    : fail({ reason: "notFound" });
}
