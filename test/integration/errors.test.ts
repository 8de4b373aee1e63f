// Every failure is a SCIM error (RFC 7644 §3.12): right status, status as a string, no stack trace.
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/http/limits";
import { ERROR_SCHEMA, userBody } from "../support/builders";
import { createTenant } from "../support/tenant";

const expectScimError = (
  res: { status: number; body: Record<string, unknown>; headers: Headers },
  status: number,
) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toBe("application/scim+json; charset=utf-8");
  expect(res.body.schemas).toEqual([ERROR_SCHEMA]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe("string");
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
};

describe("errors on every path", () => {
  it("answers an unknown route with a SCIM 404", async () => {
    const { scim } = await createTenant();
    expectScimError(await scim.get("/Widgets"), 404);
    expectScimError(await scim.get("/../../etc/passwd"), 404);
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const { scim } = await createTenant();
    const onCollection = await scim.request("DELETE", "/Users");
    expectScimError(onCollection, 405);
    expect(onCollection.headers.get("Allow")).toBe("GET, POST");
    const onResource = await scim.post("/Users/abc", userBody());
    expectScimError(onResource, 405);
    expect(onResource.headers.get("Allow")).toBe("GET, PUT, PATCH, DELETE");
    expectScimError(await scim.get("/Users/.search"), 405);
  });

  it("answers malformed JSON with 400 invalidSyntax", async () => {
    const { scim } = await createTenant();
    const res = await scim.post("/Users", '{"userName": "a@example.com",');
    expectScimError(res, 400);
    expect(res.body.scimType).toBe("invalidSyntax");
  });

  it("answers a body that is not an object with 400", async () => {
    const { scim } = await createTenant();
    for (const body of ["[]", '"text"', "42", "null"]) expectScimError(await scim.post("/Users", body), 400);
  });

  it("answers an empty body with 400 invalidSyntax", async () => {
    const { scim } = await createTenant();
    const res = await scim.request("POST", "/Users", "", { "Content-Type": "application/scim+json" });
    expectScimError(res, 400);
  });

  it("answers a body over the limit with 413, counting bytes", async () => {
    const { scim } = await createTenant();
    // Multi-byte characters: fewer characters than the limit, more bytes.
    const nickName = "é".repeat(MAX_BODY_BYTES / 2 + 10);
    expectScimError(await scim.post("/Users", userBody({ nickName })), 413);
  });

  it("accepts application/json and always answers application/scim+json", async () => {
    const { scim } = await createTenant();
    const res = await scim.post("/Users", userBody(), { "Content-Type": "application/json" });
    expect(res.status).toBe(201);
    expect(res.headers.get("Content-Type")).toBe("application/scim+json; charset=utf-8");
  });

  it("refuses a non-JSON media type with 415", async () => {
    const { scim } = await createTenant();
    const res = await scim.post("/Users", "userName=a", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expectScimError(res, 415);
  });

  it("answers a bad filter with 400 invalidFilter", async () => {
    const { scim } = await createTenant();
    for (const filter of [
      'userName eq "unterminated',
      "userName xx 1",
      "nope eq 1",
      "((((",
      'active gt "x"',
    ]) {
      const res = await scim.get(`/Users?filter=${encodeURIComponent(filter)}`);
      expectScimError(res, 400);
      expect(res.body.scimType).toBe("invalidFilter");
    }
  });

  it("answers POST to discovery endpoints with 405", async () => {
    const { scim } = await createTenant();
    for (const path of ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes"]) {
      expectScimError(await scim.post(path, {}), 405);
    }
  });
});
