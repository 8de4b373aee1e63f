// The admin API itself: the operator secret, the OpenAPI document and reference page, and one JSON error shape
// for every kind of bad input.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_BASE, type AdminErrorBody, admin, createOrganisation } from "../../support/admin-client";

describe("operator secret", () => {
  it("asks for the secret with WWW-Authenticate when none is sent", async () => {
    const res = await admin.withSecret(undefined).get<AdminErrorBody>("/organisations");
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="scim-edge-admin"/);
    expect(res.body.error.code).toBe("unauthorized");
    expect(res.body.error.message).toContain("Authorization: Bearer");
  });

  it("refuses a wrong secret, including one that differs only in length", async () => {
    for (const secret of ["wrong-secret", `${admin.secret}x`, admin.secret?.slice(0, -1)]) {
      const res = await admin.withSecret(secret).get<AdminErrorBody>("/organisations");
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        code: "unauthorized",
        message: "The operator secret is not valid.",
      });
    }
  });

  it("refuses a SCIM token as the operator secret", async () => {
    const res = await admin.withSecret(`scim_${"0".repeat(16)}_${"A".repeat(43)}`).get("/organisations");
    expect(res.status).toBe(401);
  });

  it("guards writes as well as reads", async () => {
    const res = await admin.withSecret(undefined).post("/organisations", { slug: "nope-x", name: "Nope" });
    expect(res.status).toBe(401);
  });
});

describe("OpenAPI document and reference", () => {
  it("serves an OpenAPI 3.1 document without the secret, describing every resource and the error shape", async () => {
    const res = await admin.withSecret(undefined).get<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
      servers: { url: string }[];
    }>("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.servers[0]?.url).toBe(ADMIN_BASE);
    const paths = Object.keys(res.body.paths);
    for (const resource of ["domains", "licences", "admins", "directories", "hostnames"])
      expect(paths).toContain(`/organisations/{orgId}/${resource}`);
    expect(paths).toContain("/organisations/{orgId}/directories/{directoryId}/tokens");
    expect(paths).toContain("/organisations/{orgId}/directories/{directoryId}/oauth-clients");
    expect(res.body.components.schemas).toHaveProperty("Error");
    expect(res.body.components.securitySchemes).toHaveProperty("operatorSecret");
    const create = res.body.paths["/organisations"]?.post;
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "401", "409"]),
    );
  });

  it("serves an interactive reference page that loads the document", async () => {
    const res = await exports.default.fetch(`${ADMIN_BASE}/reference`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(await res.text()).toContain("/admin/v1/openapi.json");
  });
});

describe("bad input", () => {
  it("says which field is wrong, and why", async () => {
    const res = await admin.post<AdminErrorBody>("/organisations", { slug: "-bad-", name: "" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    const paths = res.body.error.details?.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.slug", "body.name"]));
    expect(res.body.error.message).toContain("body.slug");
    expect(res.body.error.message).toContain("may not start or end with '-'");
  });

  it("refuses unknown fields instead of ignoring them", async () => {
    const res = await admin.post<AdminErrorBody>("/organisations", {
      slug: "ok-slug-1",
      name: "A",
      colour: "red",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("colour");
  });

  it("answers malformed JSON with 400", async () => {
    const res = await admin.post<AdminErrorBody>("/organisations", "{ not json");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "invalid_request",
      message: "The request body is not valid JSON.",
    });
  });

  it("answers another media type with 415", async () => {
    const res = await admin.post<AdminErrorBody>("/organisations", "slug=a&name=b", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("unsupported_media_type");
  });

  it("answers a body over the limit with 413", async () => {
    const res = await admin.post<AdminErrorBody>("/organisations", { slug: "big", name: "x".repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("says what is wrong with a query parameter", async () => {
    const res = await admin.get<AdminErrorBody>("/organisations?limit=zero");
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]).toMatchObject({ path: "query.limit", message: "must be a number" });
  });

  it("answers an unknown admin path or method with the admin error shape, not SCIM's", async () => {
    const org = await createOrganisation();
    for (const [method, path] of [
      ["GET", "/nothing-here"],
      ["PUT", `/organisations/${org.id}`],
    ] as const) {
      const res = await admin.request<AdminErrorBody>(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(res.body).not.toHaveProperty("schemas");
    }
  });

  it("names the organisation that does not exist, the same way for every nested resource", async () => {
    for (const path of ["", "/domains", "/licences", "/admins", "/directories", "/hostnames"]) {
      const res = await admin.get<AdminErrorBody>(`/organisations/no-such-org${path}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('No organisation "no-such-org" exists.');
    }
  });
});
