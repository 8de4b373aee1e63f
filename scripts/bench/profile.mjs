// `npm run bench:profile -- "<request kind>" [requests]`: a CPU profile of the Worker's isolate while it serves one
// kind of request (scripts/bench/scenarios/request-kinds.mjs) sequentially in a 1,000-user directory, through
// workerd's V8 inspector. Prints where the isolate's time went, by function and by module of the bundle, and
// writes the .cpuprofile (for Chrome's DevTools) to bench-results/. It is how the costs docs/performance.md names
// were found; like the bench, it is for people, and its figures are relative (sampling slows what it measures).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startWorker } from "./runtime.mjs";
import { requestKinds } from "./scenarios/request-kinds.mjs";
import { growDirectory, seedCeilingScope, seedTenant } from "./seed.mjs";

process.env.WRANGLER_SEND_METRICS = "false";
const INSPECTOR_PORT = 9229;
const WORKER_TARGET = "core:user:scim-edge";
const [kind = "GET filter userName", countArgument = "500"] = process.argv.slice(2);
const requests = Number(countArgument);

/** One DevTools-protocol session with the Worker's isolate. */
async function inspect() {
  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json();
  const target = targets.find((t) => t.id === WORKER_TARGET);
  if (!target) throw new Error(`no ${WORKER_TARGET} among ${targets.map((t) => t.id).join(", ")}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", reject);
  });
  let next = 0;
  const pending = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++next, resolve);
      socket.send(JSON.stringify({ id: next, method, params }));
    });
  return { send, close: () => socket.close() };
}

/** The bundle's module for each line: esbuild starts every module with a `// path` comment. */
function moduleIndex(bundle) {
  const starts = [];
  bundle.split("\n").forEach((line, number) => {
    const match = /^\/\/ (\S+\.(?:m?js|ts))$/.exec(line);
    if (match) starts.push([number, match[1]]);
  });
  return (line) => {
    let found = "(runtime)";
    for (const [start, name] of starts) {
      if (start > line) break;
      found = name;
    }
    return found.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, "$1");
  };
}

function summarise(profile, moduleOf) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map();
  const byModule = new Map();
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    const where = url.endsWith("worker.js") ? moduleOf(lineNumber) : url || "(native)";
    add(byFunction, `${functionName || "(anonymous)"} · ${where}`, us);
    add(byModule, where, us);
  });
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, msPerRequest: Math.round(us / requests) / 1000 }));
  return { byModule: top(byModule, 15), byFunction: top(byFunction, 25) };
}

const { mf, db, stop, bundle } = await startWorker({ inspectorPort: INSPECTOR_PORT });
try {
  await seedCeilingScope(db);
  const tenant = await seedTenant(db, { id: "org-profile", slug: "profile", domain: "profile.example" });
  await growDirectory(mf, db, tenant, 1_000);
  const kinds = await requestKinds({ mf, db, tenant, label: "profile" });
  const chosen = kinds[kind];
  if (!chosen) throw new Error(`unknown kind "${kind}"; one of: ${Object.keys(kinds).join(", ")}`);
  for (let i = 0; i < 50; i++) await (await chosen.send()).arrayBuffer();
  const inspector = await inspect();
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.send("Profiler.start");
  for (let i = 0; i < requests; i++) {
    const response = await chosen.send();
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${kind} answered ${response.status}`);
  }
  const { profile } = await inspector.send("Profiler.stop");
  inspector.close();
  const { byModule, byFunction } = summarise(profile, moduleIndex(bundle));
  console.log(`${kind}: ${requests} requests, sampled time of the Worker's isolate per request`);
  console.table(byModule);
  console.table(byFunction);
  mkdirSync("bench-results", { recursive: true });
  const file = join("bench-results", `profile-${kind.replace(/\W+/g, "-")}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`Wrote ${file}`);
} finally {
  await stop();
}
