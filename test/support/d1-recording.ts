// A D1 binding that records its round trips, for tests that count them: each round trip as the statements it
// carried (a batch), or the one statement run alone.
import { env } from "cloudflare:workers";

/** D1 round trips, each as the statements it carried (one for a statement run alone), through a recording binding. */
export function recordingDatabase() {
  const trips: string[][] = [];
  const texts = new WeakMap<D1PreparedStatement, string>();
  const recorded = (statement: D1PreparedStatement, text: string): D1PreparedStatement => {
    texts.set(statement, text);
    const bind = statement.bind.bind(statement);
    const alone =
      (run: (...args: never[]) => unknown) =>
      (...args: never[]) => {
        trips.push([text]);
        return run(...args);
      };
    return Object.assign(statement, {
      bind: (...values: unknown[]) => recorded(bind(...values), text),
      all: alone(statement.all.bind(statement)),
      first: alone(statement.first.bind(statement)),
      raw: alone(statement.raw.bind(statement)),
      run: alone(statement.run.bind(statement)),
    });
  };
  const binding = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") return (text: string) => recorded(target.prepare(text), text);
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          trips.push(statements.map((s) => texts.get(s) ?? "?"));
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { binding, trips };
}
