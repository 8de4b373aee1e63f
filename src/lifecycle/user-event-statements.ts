// The events a user's change writes into its own batch (src/db/events.ts): each guarded by the user row being at
// the version the batch wrote, so a write that matched no row leaves no event.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { recordEvent } from "../db/events";
import { users } from "../db/schema";
import type { DirectoryScope, UserRecord, UserRow } from "../db/users";
import type { Transition } from "../domain/transitions";
import { userEventData, userEventType } from "../events/user-events";

const userAtVersion = (scope: DirectoryScope, id: string, version: number) =>
  sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${id} AND ${users.orgId} = ${scope.orgId}
    AND ${users.version} = ${version})`;

export function userChangeEvents(
  db: Database,
  change: {
    scope: DirectoryScope;
    id: string;
    version: number;
    record: UserRecord;
    created: boolean;
    step: Transition;
    workspaceId?: string | undefined;
    licenceId?: string | null | undefined;
    transferId?: string | undefined;
  },
  now: string,
) {
  const { scope, id, record } = change;
  const onlyIf = userAtVersion(scope, id, change.version);
  const user = {
    id,
    userName: record.userName,
    externalId: record.externalId,
    active: record.active,
    resource: record.resource,
  };
  const base = { orgId: scope.orgId, directoryId: scope.directoryId, occurredAt: now };
  const statements = [
    recordEvent(
      db,
      {
        ...base,
        type: userEventType(change.created, change.step),
        resourceType: "User",
        resourceId: id,
        data: userEventData(user, change.transferId),
      },
      onlyIf,
    ),
  ];
  if (change.workspaceId) {
    statements.push(
      recordEvent(
        db,
        {
          ...base,
          type: "workspace.allocated",
          resourceType: "Workspace",
          resourceId: change.workspaceId,
          data: {
            workspace: { id: change.workspaceId, licenceId: change.licenceId ?? null },
            user: { id, userName: record.userName },
          },
        },
        onlyIf,
      ),
    );
  }
  return statements;
}

/** user.deleted, written before the delete in the same batch (the guard reads the row about to go). */
export function userDeletedEvent(
  db: Database,
  scope: DirectoryScope,
  before: Pick<UserRow, "id" | "userName" | "externalId" | "version">,
  now: string,
) {
  return recordEvent(
    db,
    {
      orgId: scope.orgId,
      directoryId: scope.directoryId,
      type: "user.deleted",
      resourceType: "User",
      resourceId: before.id,
      data: { user: { id: before.id, userName: before.userName, externalId: before.externalId } },
      occurredAt: now,
    },
    userAtVersion(scope, before.id, before.version),
  );
}
