// The events the host application receives (README, "Events for the host application"): their names, and the
// shape each takes on the wire. The shape is a contract: add fields, never rename or remove them.

export const EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
  "group.created",
  "group.updated",
  "group.deleted",
  "group.member_added",
  "group.member_removed",
  "workspace.allocated",
  "workspace.transferred",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The resource an event is about; a member event is about its group, a workspace event about the workspace. */
export type EventResourceType = "User" | "Group" | "Workspace";

/** An event as the events API returns it and the webhook delivers it. */
export interface WireEvent {
  id: string;
  type: EventType;
  /** The organisation's event number: increasing in commit order, from 1, without gaps except by retention. */
  sequence: number;
  occurredAt: string;
  organisationId: string;
  directoryId: string | null;
  resource: { type: EventResourceType; id: string };
  data: Record<string, unknown>;
}

export interface StoredEvent {
  orgId: string;
  seq: number;
  id: string;
  type: string;
  directoryId: string | null;
  resourceType: string;
  resourceId: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export const toWireEvent = (row: StoredEvent): WireEvent => ({
  id: row.id,
  type: row.type as EventType,
  sequence: row.seq,
  occurredAt: row.occurredAt,
  organisationId: row.orgId,
  directoryId: row.directoryId,
  resource: { type: row.resourceType as EventResourceType, id: row.resourceId },
  data: row.data,
});
