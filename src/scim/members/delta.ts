// Membership changes of one request, applied in order (RFC 7644 §3.5.2) and reduced to what storage runs:
// either a whole new membership, or ids to add and ids to remove, never both for one id.
export interface MemberDelta {
  /** The complete new membership (a replace, or a PUT with members); add and remove are then empty. */
  replace?: string[] | undefined;
  add: string[];
  remove: string[];
}

export const NO_MEMBER_CHANGE: MemberDelta = { add: [], remove: [] };

export const changesMembers = (delta: MemberDelta): boolean =>
  delta.replace !== undefined || delta.add.length > 0 || delta.remove.length > 0;

/**
 * Folds operations into a delta as they would apply one after another: adding x then removing x leaves x out,
 * removing then adding leaves it in, and a replace starts over from its own list.
 */
export class MemberDeltaBuilder {
  private replacement: Set<string> | undefined;
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  add(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.replacement) this.replacement.add(id);
      else {
        this.removed.delete(id);
        this.added.add(id);
      }
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.replacement) this.replacement.delete(id);
      else {
        this.added.delete(id);
        this.removed.add(id);
      }
    }
  }

  replace(ids: readonly string[]): void {
    this.replacement = new Set(ids);
    this.added.clear();
    this.removed.clear();
  }

  build(): MemberDelta {
    if (this.replacement) return { replace: [...this.replacement], add: [], remove: [] };
    return { add: [...this.added], remove: [...this.removed] };
  }
}
