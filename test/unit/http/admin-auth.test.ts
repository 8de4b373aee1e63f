// The operator secret check, with the secret itself varied (the integration tests run with one fixed binding).
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../../src/env";
import { ADMIN_SECRET_MIN_LENGTH, adminAuth } from "../../../src/http/admin/auth";
import { onAdminError } from "../../../src/http/admin/errors";

const app = new Hono<AppEnv>()
  .use(adminAuth)
  .get("/", (c) => c.text("ok"))
  .onError(onAdminError);

const call = (secret: string | undefined, presented: string) =>
  app.request("/", { headers: { Authorization: `Bearer ${presented}` } }, { ADMIN_SECRET: secret });

describe("adminAuth", () => {
  it("refuses every request while no secret, or too short a one, is configured", async () => {
    for (const configured of [undefined, "", "x".repeat(ADMIN_SECRET_MIN_LENGTH - 1)]) {
      const res = await call(configured, configured ?? "anything");
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("not_configured");
      expect(body.error.message).toContain("wrangler secret put ADMIN_SECRET");
    }
  });

  it("lets the configured secret through", async () => {
    const secret = "s".repeat(ADMIN_SECRET_MIN_LENGTH);
    expect((await call(secret, secret)).status).toBe(200);
    expect((await call(secret, `${secret}s`)).status).toBe(401);
  });
});
