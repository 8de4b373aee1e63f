// Tests run inside workerd with the real bindings of wrangler.toml; D1 migrations are applied in test/support/setup.ts.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { webhookReceiver } from "./test/support/webhook-receiver.node";

/** The admin API's operator secret in tests (a Worker secret in production); tests read it from `env`. */
const TEST_ADMIN_SECRET = "test-operator-secret-0123456789abcdef";
// wrangler.toml lists ADMIN_SECRET under [secrets] required, and wrangler warns on every test file when it finds
// it neither in .dev.vars nor in the environment; the binding below is what the Worker sees either way.
process.env.ADMIN_SECRET ??= TEST_ADMIN_SECRET;

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SCIM_DOMAIN: "scim.test",
            ADMIN_SECRET: TEST_ADMIN_SECRET,
          },
          // The Worker's outbound fetch (webhook POSTs) reaches a fake receiver in Node.
          outboundService: webhookReceiver,
          // Messages the Worker sends go to queues nobody consumes: tests deliver them to the queue handler
          // themselves (test/support/transfers.ts, webhooks.ts), so a background consumer never races a test.
          queueProducers: { TRANSFERS: "test-transfers", WEBHOOKS: "test-webhooks" },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/support/setup.ts"],
      // A guard against hangs, not a speed check (speed is the benchmark's job): property tests with thousands
      // of runs take seconds, more on a busy two-core CI machine.
      testTimeout: 60_000,
    },
  };
});
