// Runs async work one item at a time, in arrival order. A Durable Object's input gate does not cover awaits on
// D1, so without this a second request for the same user could read the state the first is about to replace.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next item waits for this one whether it succeeds or fails.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
