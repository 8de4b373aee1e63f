// `npm start`: migrates the local D1 database, makes sure the demo organisation `acme` exists with a fresh
// token, runs `wrangler dev` with acme.localhost as its host, and prints the SCIM base URL and token once it is
// ready. The token is also saved to .wrangler/acme-token, so that the README's curl examples work as pasted.
// It also gives the admin API a local operator secret (ADMIN_SECRET in .dev.vars, created if absent).
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateToken, hashSecret } from "../src/auth/token.ts";

const PORT = process.env.PORT ?? "8787";
const TOKEN_VALIDITY_DAYS = 30;
const TOKEN_FILE = ".wrangler/acme-token";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
const wrangler = (...args) => execFileSync("wrangler", args, { env, stdio: ["ignore", "ignore", "inherit"] });

wrangler("d1", "migrations", "apply", "DB", "--local");

// The admin API's operator secret: a Worker secret in production, .dev.vars locally (git-ignored).
const DEV_VARS = ".dev.vars";
const devVars = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, "utf8") : "";
let adminSecret = /^ADMIN_SECRET=(.+)$/m.exec(devVars)?.[1]?.trim();
if (!adminSecret) {
  adminSecret = generateToken().secret;
  appendFileSync(DEV_VARS, `${devVars && !devVars.endsWith("\n") ? "\n" : ""}ADMIN_SECRET=${adminSecret}\n`);
}

const { id, secret, token } = generateToken();
const expiresAt = new Date(Date.now() + TOKEN_VALIDITY_DAYS * 86_400_000).toISOString();
const seed = `
INSERT INTO organisations (id, slug, name) VALUES ('org-acme', 'acme', 'Acme Corporation') ON CONFLICT DO NOTHING;
INSERT INTO verified_domains (domain, org_id) VALUES ('acme.example', 'org-acme') ON CONFLICT DO NOTHING;
INSERT INTO licences (id, org_id, name, seats) VALUES ('lic-acme', 'org-acme', 'Standard', 100) ON CONFLICT DO NOTHING;
INSERT INTO org_admins (id, org_id, email, name) VALUES ('adm-acme', 'org-acme', 'it@acme.example', 'Acme IT') ON CONFLICT DO NOTHING;
INSERT INTO directories (id, org_id, name, idp, enabled, licence_id, transferee_admin_id)
  VALUES ('dir-acme', 'org-acme', 'Default', 'generic', 1, 'lic-acme', 'adm-acme')
  ON CONFLICT (id) DO UPDATE SET licence_id = coalesce(licence_id, excluded.licence_id),
    transferee_admin_id = coalesce(transferee_admin_id, excluded.transferee_admin_id);
INSERT INTO scim_tokens (id, org_id, directory_id, secret_hash, last_four, expires_at)
  VALUES ('${id}', 'org-acme', 'dir-acme', '${await hashSecret(secret)}', '${token.slice(-4)}', '${expiresAt}');
`;
const seedFile = join(tmpdir(), `scim-edge-seed-${process.pid}.sql`);
writeFileSync(seedFile, seed);
wrangler("d1", "execute", "DB", "--local", `--file=${seedFile}`);

mkdirSync(".wrangler", { recursive: true });
writeFileSync(TOKEN_FILE, `${token}\n`);

const baseUrl = `http://acme.localhost:${PORT}/scim/v2`;
const banner = `
scim-edge is running for the demo organisation "acme".

  SCIM base URL  ${baseUrl}
  Bearer token   ${token}
                 (valid until ${expiresAt}; also saved in ${TOKEN_FILE})

Try it:
  curl -H "Authorization: Bearer ${token}" "${baseUrl}/Users"

Admin API (organisations, directories, tokens, OAuth clients, custom hostnames):
  Base URL         http://localhost:${PORT}/admin/v1   (reference page: /admin/v1/reference)
  Operator secret  ${adminSecret}   (ADMIN_SECRET in ${DEV_VARS})

  curl -H "Authorization: Bearer $(sed -n 's/^ADMIN_SECRET=//p' ${DEV_VARS})" "http://localhost:${PORT}/admin/v1/organisations"
`;

const dev = spawn("wrangler", ["dev", "--port", PORT, "--var", "SCIM_DOMAIN:localhost"], {
  env,
  stdio: ["inherit", "pipe", "inherit"],
});
let announced = false;
dev.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!announced && chunk.toString().includes("Ready on")) {
    announced = true;
    console.log(banner);
  }
});
dev.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
