// Group commit: the items of requests that overlap in one isolate are written together. While one write is in
// flight, the items that arrive wait and go in the next, as one write for all of them. A request alone has its item
// written at once, as before; under load, one D1 batch serves many requests instead of one round trip each.
//
// Each round starts from the request that opened it and runs in its context; the requests that joined await the
// round's promise, which workerd resumes in each awaiting request's own context (cross-request promise
// resolution). The opener's waitUntil covers the round, so it stays alive until the write ends.

interface Round<T> {
  items: T[];
  written: Promise<void>;
}

export class GroupCommit<T> {
  #inFlight: Promise<void> = Promise.resolve();
  #next: Round<T> | undefined;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  /** Resolves once the round holding `item` has been written; rejects as that round's write did. */
  add(item: T): Promise<void> {
    if (this.#next) {
      this.#next.items.push(item);
      return this.#next.written;
    }
    const round: Round<T> = { items: [item], written: Promise.resolve() };
    this.#next = round;
    round.written = this.#inFlight.then(() => {
      // From here on, arrivals open the next round, which waits for this one.
      if (this.#next === round) this.#next = undefined;
      return this.write(round.items);
    });
    this.#inFlight = round.written.catch(() => {});
    return round.written;
  }
}
