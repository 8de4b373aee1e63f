// Domain restrictions and licences, applied on every create and update, with nothing stored on refusal.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ERROR_SCHEMA, patchBody, userBody } from "../../support/builders";
import { createTenant } from "../../support/tenant";
import { workspacesOf } from "../../support/transfers";

type User = Record<string, unknown> & { id: string };

const at = (domain: string, name = "ada") => `${name}.${crypto.randomUUID().slice(0, 6)}@${domain}`;
/** A domain no other test verifies: a domain belongs to one organisation. */
const ownDomain = () => `acme-${crypto.randomUUID().slice(0, 8)}.test`;

describe("domain restrictions", () => {
  it("refuses a userName outside the verified domains with 400 invalidValue naming them, storing nothing", async () => {
    const [first, second] = [ownDomain(), ownDomain()];
    const { scim } = await createTenant({ domains: [first, second] });
    const res = await scim.post("/Users", userBody({ userName: at("gmail.com") }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400", scimType: "invalidValue" });
    expect(res.body.detail).toContain(`${first}, ${second}`);
    expect((await scim.get("/Users")).body.totalResults).toBe(0);
  });

  it("checks every email, not only userName, without regard to case", async () => {
    const domain = ownDomain();
    const { scim } = await createTenant({ domains: [domain] });
    const userName = at(domain.toUpperCase());
    const res = await scim.post(
      "/Users",
      userBody({ userName, emails: [{ value: userName, primary: true }, { value: at("gmail.com") }] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain("gmail.com");
    const ok = await scim.post(
      "/Users",
      userBody({ userName, emails: [{ value: userName.toUpperCase(), primary: true }] }),
    );
    expect(ok.status).toBe(201);
  });

  it("refuses a PATCH that brings in an address outside the domains, and leaves the user as it was", async () => {
    const domain = ownDomain();
    const { scim } = await createTenant({ domains: [domain] });
    const { body: user } = await scim.post<User>("/Users", userBody({ userName: at(domain) }));
    const res = await scim.patch(
      `/Users/${user.id}`,
      patchBody({ op: "add", path: "emails", value: [{ value: at("evil.test") }] }),
    );
    expect(res.status).toBe(400);
    expect((await scim.get<User>(`/Users/${user.id}`)).body.emails).toEqual(user.emails);
  });

  it("requires userName to be the primary email where the directory asks for it", async () => {
    const domain = ownDomain();
    const { scim } = await createTenant({ domains: [domain], userNameIsPrimaryEmail: true });
    const userName = at(domain);
    const mismatch = await scim.post(
      "/Users",
      userBody({ userName, emails: [{ value: at(domain, "other"), primary: true }] }),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.detail).toContain("primary email");
    expect((await scim.post("/Users", userBody({ userName }))).status).toBe(201);
  });
});

describe("licences", () => {
  it("gives each new user a workspace from the directory's licence", async () => {
    const { scim, orgId, licenceId } = await createTenant();
    const { body: user } = await scim.post<User>("/Users", userBody());
    const spaces = await workspacesOf(orgId);
    expect(spaces).toHaveLength(1);
    expect(spaces[0]).toMatchObject({ ownerUserId: user.id, licenceId, ownerAdminId: null });
  });

  it("gives no workspace to a user created inactive", async () => {
    const { scim, orgId } = await createTenant();
    expect((await scim.post("/Users", userBody({ active: false }))).status).toBe(201);
    expect(await workspacesOf(orgId)).toHaveLength(0);
  });

  it("refuses a create when the licence is full with a non-retryable 403 naming the licence and its usage", async () => {
    const { scim, orgId } = await createTenant({ seats: 2 });
    for (let i = 0; i < 2; i++) expect((await scim.post("/Users", userBody())).status).toBe(201);
    const res = await scim.post("/Users", userBody());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "403" });
    expect(res.body.detail).toContain('"Standard"');
    expect(res.body.detail).toContain("2 of 2");
    expect((await scim.get("/Users")).body.totalResults).toBe(2);
    expect(await workspacesOf(orgId)).toHaveLength(2);
  });

  it("never oversubscribes a licence under concurrent creates", async () => {
    const seats = 5;
    const { scim, orgId } = await createTenant({ seats });
    const results = await Promise.all(Array.from({ length: 12 }, () => scim.post("/Users", userBody())));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(seats);
    expect(statuses.filter((s) => s === 403)).toHaveLength(12 - seats);
    expect(await workspacesOf(orgId)).toHaveLength(seats);
    expect((await scim.get("/Users")).body.totalResults).toBe(seats);
    const { results: counters } = await env.DB.prepare("SELECT seats_used FROM licences WHERE org_id = ?")
      .bind(orgId)
      .all();
    expect(counters).toEqual([{ seats_used: seats }]);
  });

  it("refuses to provision when the directory has no licence, saying what to do", async () => {
    const { scim } = await createTenant({ seats: null });
    const res = await scim.post("/Users", userBody());
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain("no licence");
    expect((await scim.get("/Users")).body.totalResults).toBe(0);
  });
});
