// Runs before `npm start`, `npm test`, `npm run check` and `npm run bench`: installs the locked dependencies
// (Node 24 among them) when node_modules is missing or older than package-lock.json, so that a fresh clone needs
// no other command.
// Plain JavaScript for the machine's own Node.js (20 or later), which runs it before Node 24 is installed.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const installed = "node_modules/.package-lock.json";
const upToDate =
  existsSync(installed) &&
  existsSync("node_modules/.bin/node") &&
  statSync(installed).mtimeMs >= statSync("package-lock.json").mtimeMs;

if (!upToDate) {
  console.log("Installing dependencies (npm ci)…");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
}
