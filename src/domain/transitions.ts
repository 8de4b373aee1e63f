// What a change of `active` means for a user's workspaces (the seeds' lifecycle rules).
export type Transition =
  /** Active to inactive: the user's workspaces go to the directory's transferee. */
  | "deactivate"
  /** Inactive to active: a new workspace from the licence; the old ones stay with the transferee. */
  | "reactivate"
  | "none";

export function transition(wasActive: boolean, isActive: boolean): Transition {
  if (wasActive === isActive) return "none";
  return isActive ? "reactivate" : "deactivate";
}
