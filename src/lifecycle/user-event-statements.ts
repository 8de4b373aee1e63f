// The events a user's change writes into its own batch (src/db/events.ts): each guarded by the user row being at
// the version the batch wrote, so a write that matched no row leaves no event. Every change of a user writes
// them: the statement is compiled once (src/db/compiled.ts).
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type Bound, bound, compileOnce } from "../db/compiled";
import { eventTemplate, eventValues, type NewEvent } from "../db/events";
import { users } from "../db/schema";
import type { DirectoryScope, UserRecord, UserRow } from "../db/users";
import type { Transition } from "../domain/transitions";
import { userEventData, userEventType } from "../events/user-events";

const userEventStatement = compileOnce((db: Database) =>
  eventTemplate(
    db,
    sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${sql.placeholder("userId")}
      AND ${users.orgId} = ${sql.placeholder("orgId")} AND ${users.version} = ${sql.placeholder("userVersion")})`,
  ),
);

/** An event written only if the user row is at `version` when the statement runs. */
const userEvent = (db: Database, event: NewEvent, user: { id: string; version: number }): Bound =>
  bound(userEventStatement(db), { ...eventValues(event), userId: user.id, userVersion: user.version });

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
  const atVersion = { id, version: change.version };
  const user = {
    id,
    userName: record.userName,
    externalId: record.externalId,
    active: record.active,
    resource: record.resource,
  };
  const base = { orgId: scope.orgId, directoryId: scope.directoryId, occurredAt: now };
  const statements = [
    userEvent(
      db,
      {
        ...base,
        type: userEventType(change.created, change.step),
        resourceType: "User",
        resourceId: id,
        data: userEventData(user, change.transferId),
      },
      atVersion,
    ),
  ];
  if (change.workspaceId) {
    statements.push(
      userEvent(
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
        atVersion,
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
  return userEvent(
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
    before,
  );
}
