// Admin failures on the wire: each reason's code and status, pinned, and the one error shape.
import { describe, expect, it } from "vitest";
import type { AdminFailure } from "../../../src/db/admin/outcome";
import { ADMIN_ERROR_STATUS, AdminError } from "../../../src/http/admin/errors";
import { toAdminError } from "../../../src/http/admin/failures";

const cases: [AdminFailure, string, number][] = [
  [{ reason: "notFound", resource: "directory", id: "d1" }, "not_found", 404],
  [{ reason: "taken", field: "slug", value: "acme" }, "conflict", 409],
  [{ reason: "verifiedDomainRequired" }, "verified_domain_required", 409],
  [{ reason: "lastVerifiedDomain", domain: "acme.com" }, "verified_domain_required", 409],
  [{ reason: "unknownReference", resource: "licence", id: "l1" }, "invalid_request", 400],
  [{ reason: "confirmationMismatch", slug: "nope" }, "invalid_request", 400],
  [{ reason: "seatsBelowUse", seats: 1, used: 2 }, "conflict", 409],
  [{ reason: "hasWorkspaces", resource: "admin", id: "a1" }, "conflict", 409],
];

describe("toAdminError", () => {
  for (const [failure, code, status] of cases) {
    it(`maps ${failure.reason} to ${status} ${code}`, () => {
      const error = toAdminError(failure);
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(error.message.length).toBeGreaterThan(10);
    });
  }

  it("says the same of an id that does not exist and of one that is another organisation's", () => {
    expect(toAdminError({ reason: "notFound", resource: "licence", id: "x" }).message).toBe(
      'No licence "x" exists in this organisation.',
    );
  });
});

describe("AdminError", () => {
  it("renders {error: {code, message, details}} with the status its code carries", () => {
    const error = new AdminError("invalid_request", "Bad.", [{ path: "body.slug", message: "empty" }]);
    expect(error.toBody()).toEqual({
      error: { code: "invalid_request", message: "Bad.", details: [{ path: "body.slug", message: "empty" }] },
    });
    expect(ADMIN_ERROR_STATUS).toMatchObject({ unauthorized: 401, not_found: 404, not_configured: 503 });
  });
});
