// Tests run inside workerd with the real bindings of wrangler.toml; D1 migrations are applied in test/support/setup.ts.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, SCIM_DOMAIN: "scim.test" },
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
