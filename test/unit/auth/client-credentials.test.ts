// Token requests (RFC 6749 §4.4.2) and client authentication (§2.3.1): basic or post, never both.
import { describe, expect, it } from "vitest";
import { parseTokenRequest } from "../../../src/auth/client-credentials";

const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
const GRANT = "grant_type=client_credentials";

describe("parseTokenRequest", () => {
  it("reads client_secret_basic, form-decoding both parts", () => {
    expect(parseTokenRequest(basic("client 1", "s3cr:t+/"), GRANT)).toEqual({
      ok: true,
      clientId: "client 1",
      clientSecret: "s3cr:t+/",
      method: "basic",
      scopeRequested: false,
    });
  });

  it("reads client_secret_post and notes a requested scope", () => {
    expect(parseTokenRequest(undefined, `${GRANT}&client_id=c&client_secret=s&scope=x`)).toMatchObject({
      ok: true,
      clientId: "c",
      clientSecret: "s",
      method: "post",
      scopeRequested: true,
    });
  });

  it("accepts a client_id in the body that repeats the header's", () => {
    expect(parseTokenRequest(basic("c", "s"), `${GRANT}&client_id=c`)).toMatchObject({ ok: true });
  });

  const refusals: [string, string | undefined, string, string][] = [
    ["no grant_type", basic("c", "s"), "", "invalid_request"],
    ["another grant", basic("c", "s"), "grant_type=password", "unsupported_grant_type"],
    ["a repeated parameter", basic("c", "s"), `${GRANT}&${GRANT}`, "invalid_request"],
    ["both methods", basic("c", "s"), `${GRANT}&client_secret=s`, "invalid_request"],
    ["another client_id in the body", basic("c", "s"), `${GRANT}&client_id=d`, "invalid_request"],
    ["no credentials", undefined, GRANT, "invalid_client"],
    ["an id without a secret", undefined, `${GRANT}&client_id=c`, "invalid_client"],
    ["a Bearer header", "Bearer abc", GRANT, "invalid_client"],
    ["Basic without a colon", `Basic ${btoa("nocolon")}`, GRANT, "invalid_client"],
    ["Basic that is not base64", "Basic !!!", GRANT, "invalid_client"],
    ["Basic with an empty secret", basic("c", ""), GRANT, "invalid_client"],
    ["Basic with a broken escape", `Basic ${btoa("c:%E0%A4%A")}`, GRANT, "invalid_client"],
  ];
  for (const [what, header, form, error] of refusals) {
    it(`refuses ${what} with ${error}`, () => {
      const result = parseTokenRequest(header, form);
      expect(result).toMatchObject({ ok: false, error });
      if (!result.ok) expect(result.description.length).toBeGreaterThan(10);
    });
  }
});
