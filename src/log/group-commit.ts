// Group commit: the items of requests that overlap in one isolate are written together. While one write is in
// flight, the items that arrive wait and go in the next, as one write for all of them. A request alone has its item
// written at once, as before; under load, one D1 batch serves many requests instead of one round trip each.
//
// Each round starts from the request that opened it and runs in its context; the requests that joined await the
// round's promise, which workerd resumes in each awaiting request's own context (cross-request promise
// resolution). The opener's waitUntil covers the round, so it stays alive until the write ends. A round waits for
// the one before it, but never without bound: a write whose request was cancelled (waitUntil's 30 s) never
// settles, and the rounds after it must not stall behind it.

interface Round<T> {
  items: T[];
  written: Promise<void>;
}

/**
 * A round holds at most this many items: a burst is written in several batches, and a round's write with its
 * entry-by-entry fallback stays within the queries one invocation may make (50 on Workers Free).
 */
export const MAX_ROUND_ITEMS = 40;
/** How long a round waits for the one before it before writing anyway. */
export const PREVIOUS_ROUND_WAIT_MS = 5_000;

export class GroupCommit<T> {
  #inFlight: Promise<void> = Promise.resolve();
  #next: Round<T> | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems = MAX_ROUND_ITEMS,
    private readonly waitMs = PREVIOUS_ROUND_WAIT_MS,
  ) {}

  /** Resolves once the round holding `item` has been written; rejects as that round's write did. */
  add(item: T): Promise<void> {
    if (this.#next && this.#next.items.length < this.maxItems) {
      this.#next.items.push(item);
      return this.#next.written;
    }
    const round: Round<T> = { items: [item], written: Promise.resolve() };
    this.#next = round;
    round.written = this.#afterPrevious().then(() => {
      // From here on, arrivals open the next round, which waits for this one.
      if (this.#next === round) this.#next = undefined;
      return this.write(round.items);
    });
    this.#inFlight = round.written.catch(() => {});
    return round.written;
  }

  /** The round before, or the timer of the request opening this one, whichever ends first. */
  #afterPrevious(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.waitMs);
    });
    return Promise.race([this.#inFlight, timeout]).finally(() => {
      if (timer !== undefined) clearTimeout(timer);
    });
  }
}
