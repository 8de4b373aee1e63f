// Group commit: the items of requests that overlap in one isolate are written together. A round opens with the
// first item that finds none open, gathers what arrives for a short while (the commit delay) and while the round
// before it is still being written, then writes all of it in one go. Under load, one D1 batch serves many requests
// instead of a round trip each; a request alone waits only the commit delay, after its response has left.
//
// No request awaits a promise that another request made: under the bench's load workerd warned hundreds of times
// a minute that such a promise settled after the request awaiting it had completed, and cancelled that request's
// continuations (a request whose waitUntil waits only on another's promise has nothing of its own pending). So the
// round is plain state, and each request watches it on timers of its own: the opener writes in its own
// context, the others poll until their round is written. A round waits for the one before it, but never without
// bound: a write whose request was cancelled (waitUntil's 30 s) never ends, and the rounds after it must not stall.

type RoundState = { status: "gathering" | "writing" | "written" } | { status: "failed"; error: unknown };

interface Round<T> {
  items: T[];
  state: RoundState;
}

/**
 * A round holds at most this many items: a burst is written in several batches, and a round's write with its
 * entry-by-entry fallback stays within the queries one invocation may make (50 on Workers Free).
 */
export const MAX_ROUND_ITEMS = 40;
/** How long a round waits for the one before it before writing anyway. */
export const PREVIOUS_ROUND_WAIT_MS = 5_000;
/**
 * How long a round gathers items before it is written: an IdP's requests come milliseconds apart, and gathering
 * them writes several entries in one batch instead of a round trip each, while the log trails by no more than this.
 */
export const COMMIT_DELAY_MS = 25;
/** How often a waiting request looks at the round it waits for. */
const POLL_MS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const settled = (round: Round<unknown>) =>
  round.state.status === "written" || round.state.status === "failed";

/** Polls on the caller's own timers until the round is written or failed, or `limitMs` has passed. */
async function watch(round: Round<unknown>, limitMs: number): Promise<void> {
  for (let waited = 0; !settled(round) && waited < limitMs; waited += POLL_MS) await sleep(POLL_MS);
}

export class GroupCommit<T> {
  #previous: Round<T> | undefined;
  #next: Round<T> | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems = MAX_ROUND_ITEMS,
    private readonly waitMs = PREVIOUS_ROUND_WAIT_MS,
    private readonly delayMs = COMMIT_DELAY_MS,
  ) {}

  /** Resolves once the round holding `item` has been written; rejects as that round's write did. */
  async add(item: T): Promise<void> {
    const open = this.#next;
    if (open && open.items.length < this.maxItems) {
      open.items.push(item);
      // Its opener waits the delay and, at most waitMs, the round before; the write itself is given four times as
      // long (20 s: within waitUntil's 30 s). Past that the entry is reported, not taken as stored.
      const limitMs = this.delayMs + 5 * this.waitMs;
      await watch(open, limitMs);
      if (open.state.status === "failed") throw open.state.error;
      if (open.state.status !== "written") throw new Error(`log round not written within ${limitMs} ms`);
      return;
    }
    const round: Round<T> = { items: [item], state: { status: "gathering" } };
    const before = this.#previous;
    this.#next = round;
    this.#previous = round;
    await sleep(this.delayMs);
    if (before) await watch(before, this.waitMs);
    // From here on, arrivals open the next round, which waits for this one.
    if (this.#next === round) this.#next = undefined;
    round.state = { status: "writing" };
    try {
      await this.write(round.items);
      round.state = { status: "written" };
    } catch (error) {
      round.state = { status: "failed", error };
      throw error;
    } finally {
      // The next round holds on to this one until it is written: not to its items.
      round.items = [];
    }
  }
}
