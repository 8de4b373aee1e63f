// Which event a stored change of a user is, and what it carries: pure, decided from the lifecycle transition.
import type { Transition } from "../domain/transitions";
import type { EventType } from "./catalogue";

export interface UserSnapshot {
  id: string;
  userName: string;
  externalId: string | null;
  active: boolean;
  /** The SCIM resource as stored (no password, no meta), for receivers that mirror profiles. */
  resource: Record<string, unknown>;
}

export function userEventType(created: boolean, step: Transition): EventType {
  if (created) return "user.created";
  if (step === "deactivate") return "user.deactivated";
  if (step === "reactivate") return "user.reactivated";
  return "user.updated";
}

export const userEventData = (user: UserSnapshot, transferId?: string): Record<string, unknown> =>
  transferId ? { user, transferId } : { user };
