// Tenancy and authentication: the host picks the organisation, the token must belong to it.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { catalogDatabase } from "../../src/db/client";
import { addCustomHostname, issueToken, tenantSql } from "../../src/db/tenancy";
import { ERROR_SCHEMA, userBody } from "../support/builders";
import { ScimClient } from "../support/scim-client";
import { createTenant } from "../support/tenant";

describe("tenant resolution", () => {
  it("answers an unknown host with a SCIM 404", async () => {
    const { token } = await createTenant();
    const res = await new ScimClient("https://nobody.scim.test/scim/v2", token).get("/Users");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
    expect(res.body.detail).toContain("nobody.scim.test");
  });

  it("does not treat a deeper subdomain as a tenant", async () => {
    const acme = await createTenant();
    const res = await new ScimClient(`https://x.${acme.slug}.scim.test/scim/v2`, acme.token).get("/Users");
    expect(res.status).toBe(404);
  });

  it("serves an organisation on its custom hostname", async () => {
    const acme = await createTenant();
    await addCustomHostname(catalogDatabase(env), acme.orgId, "SCIM.Acme-Custom.example");
    const custom = new ScimClient("https://scim.acme-custom.example/scim/v2", acme.token);
    const created = await custom.post("/Users", userBody());
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toMatch(
      /^https:\/\/scim\.acme-custom\.example\/scim\/v2\/Users\//,
    );
    expect((await acme.scim.get(`/Users/${created.body.id}`)).status).toBe(200);
  });
});

describe("bearer tokens", () => {
  it("asks for a token with WWW-Authenticate when none is sent", async () => {
    const acme = await createTenant();
    const res = await acme.scim.withToken(undefined).get("/Users");
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="scim"/);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "401" });
  });

  it("rejects another organisation's token on this organisation's host", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const res = await acme.scim.withToken(globex.token).get("/Users");
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    expect(res.body.detail).toContain("not valid for this organisation");
  });

  it("rejects another organisation's token on this organisation's custom hostname", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const hostname = `scim.${acme.slug}-custom.example`;
    await addCustomHostname(catalogDatabase(env), acme.orgId, hostname);
    const res = await new ScimClient(`https://${hostname}/scim/v2`, globex.token).get("/Users");
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("not valid for this organisation");
    expect((await new ScimClient(`https://${hostname}/scim/v2`, acme.token).get("/Users")).status).toBe(200);
  });

  it("finds the host's organisation and the presented token in one statement, by index", async () => {
    const acme = await createTenant();
    const hostname = `scim.${acme.slug}-plan.example`;
    await addCustomHostname(catalogDatabase(env), acme.orgId, hostname);
    for (const host of [`${acme.slug}.scim.test`, hostname]) {
      const statement = tenantSql(host, "scim.test", "0123456789abcdef");
      if (!statement) throw new Error(`${host} names no organisation`);
      const { sql, params } = statement;
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const steps = results.map((row) => row.detail).join(" | ");
      // Every table is reached through its primary key or a unique index: nothing grows with the catalog.
      expect(steps).not.toMatch(/^SCAN|\| SCAN/);
      expect(steps).toMatch(/scim_tokens USING INDEX sqlite_autoindex_scim_tokens_1/);
    }
  });

  it("rejects a token whose secret was altered", async () => {
    const acme = await createTenant();
    const last = acme.token.at(-1) === "A" ? "B" : "A";
    const res = await acme.scim.withToken(`${acme.token.slice(0, -1)}${last}`).get("/Users");
    expect(res.status).toBe(401);
  });

  it("rejects something that is not a scim-edge token", async () => {
    const acme = await createTenant();
    const res = await acme.scim.withToken("hunter2").get("/Users");
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("not a scim-edge token");
  });

  it("says when a token has expired", async () => {
    const acme = await createTenant();
    const issuedTwoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const { token } = await issueToken(
      catalogDatabase(env),
      { orgId: acme.orgId, directoryId: acme.directoryId },
      86_400,
      issuedTwoDaysAgo,
    );
    const res = await acme.scim.withToken(token).get("/Users");
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("expired");
  });

  it("never shows one organisation's users to another", async () => {
    const acme = await createTenant();
    const globex = await createTenant();
    const created = await acme.scim.post("/Users", userBody());
    expect(created.status).toBe(201);
    expect((await globex.scim.get(`/Users/${created.body.id}`)).status).toBe(404);
    expect((await globex.scim.put(`/Users/${created.body.id}`, userBody())).status).toBe(404);
    expect((await globex.scim.delete(`/Users/${created.body.id}`)).status).toBe(404);
    const list = await globex.scim.get("/Users");
    expect(list.body.totalResults).toBe(0);
    expect((await acme.scim.get(`/Users/${created.body.id}`)).status).toBe(200);
  });
});
