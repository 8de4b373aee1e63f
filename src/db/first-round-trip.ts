// A request's view of the D1 binding in which one statement rides at the head of the request's first batch: a
// read whose credential check would cost a round trip of its own carries it in its own batch instead
// (src/http/middleware/tenant.ts). D1 runs a batch as one transaction, so the check and the read see the same
// state.

export interface FirstRoundTrip {
  /** The binding to give the request: its first `batch` also runs the head and hands its result to `onHead`. */
  binding: D1Database;
  /**
   * Runs the head alone if no batch carried it, and resolves or rejects as `onHead` did. A request must settle
   * before its response leaves: what it read before then is not yet known to be its to read.
   */
  settle(): Promise<void>;
}

export function firstRoundTrip(
  real: D1Database,
  head: D1PreparedStatement,
  onHead: (result: D1Result<Record<string, unknown>>) => void | Promise<void>,
): FirstRoundTrip {
  let checked: Promise<void> | undefined;
  const track = (check: Promise<void>) => {
    checked = check;
    // Awaited by the batch that carried it or by settle(); never an unhandled rejection in between.
    check.catch(() => {});
    return check;
  };
  const settle = () => checked ?? track(head.all<Record<string, unknown>>().then(onHead));

  async function batch<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    if (checked) {
      await checked;
      return real.batch<T>(statements);
    }
    const carried = real.batch<T>([head, ...statements]);
    // Claimed before the first await: a parallel batch waits for this check instead of carrying the head too. A
    // batch that fails never looked at the head, which then runs alone.
    track(
      carried.then(
        ([result]) => onHead(result as D1Result<Record<string, unknown>>),
        () => {
          checked = undefined;
          return settle();
        },
      ),
    );
    const results = await carried;
    await checked;
    return results.slice(1);
  }

  const binding = new Proxy(real, {
    get(target, property) {
      if (property === "batch") return batch;
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { binding, settle };
}
