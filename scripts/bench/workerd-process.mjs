// The workerd processes this bench started, seen from Linux's /proc: their CPU time and resident memory. Local D1
// and the Durable Objects run inside workerd too, so these are the whole runtime's figures, not the isolate's.
import { readdirSync, readFileSync } from "node:fs";

/** "pid (comm) state ppid … utime stime …": comm may hold spaces, so fields are split after its parenthesis. */
function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const close = text.lastIndexOf(")");
  return { name: text.slice(text.indexOf("(") + 1, close), fields: text.slice(close + 2).split(" ") };
}

/** The workerd processes started by this bench: descendants of this Node process named workerd. */
export function workerdPids() {
  const parents = new Map();
  const names = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { name, fields } = stat(entry);
      names.set(entry, name);
      parents.set(entry, fields[1]);
    } catch {
      // The process ended while being listed.
    }
  }
  const descends = (pid) => {
    for (let p = parents.get(pid); p && p !== "0"; p = parents.get(p))
      if (p === String(process.pid)) return true;
    return false;
  };
  return [...names].filter(([pid, name]) => name.startsWith("workerd") && descends(pid)).map(([pid]) => pid);
}

/** CPU time (user + system) the processes have used, in ms; /proc counts it in clock ticks of 10 ms. */
export const cpuMs = (pids) =>
  pids.reduce((ms, pid) => {
    const { fields } = stat(pid);
    return ms + (Number(fields[11]) + Number(fields[12])) * 10;
  }, 0);

export const statusKiB = (pid, field) =>
  Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0,
  );
