// Every SCIM request is recorded after its response: what it did, to whom, and, for failures, the error and the
// bodies with secrets redacted. Recording never fails the request.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../../src/http/limits";
import { LOG_BODY_MAX_BYTES, REDACTED, TRUNCATED_MARKER } from "../../../src/log/redact";
import { patchBody, userBody } from "../../support/builders";
import { logOf, scimLogged } from "../../support/system-log";
import { createTenant } from "../../support/tenant";

type User = { id: string; userName: string };

/** POSTs a user that is refused with 400, and returns the log entry of that request. */
async function entryOfFailedCreate(body: Record<string, unknown> | string) {
  const tenant = await createTenant();
  const failed = await scimLogged(tenant, "POST", "/Users", body);
  expect(failed.status).toBe(400);
  const [entry] = await logOf(tenant.orgId);
  return entry;
}

/** The organisation's one log entry, once its write (after the response, within waitUntil) has landed. */
async function eventualEntry(orgId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [entry] = await logOf(orgId);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("no log entry within 2 s");
}

describe("recording", () => {
  it("records a successful create, deactivation, read and delete with the resource and userName", async () => {
    const tenant = await createTenant();
    const created = await scimLogged<User>(tenant, "POST", "/Users", userBody());
    expect(created.status).toBe(201);
    const { id, userName } = created.body;
    await scimLogged(tenant, "PATCH", `/Users/${id}`, patchBody({ op: "replace", value: { active: false } }));
    await scimLogged(tenant, "GET", `/Users/${id}`);
    await scimLogged(tenant, "DELETE", `/Users/${id}`);

    const entries = (await logOf(tenant.orgId)).reverse();
    expect(entries.map((e) => [e.method, e.operation, e.status])).toEqual([
      ["POST", "createUser", 201],
      ["PATCH", "deactivateUser", 200],
      ["GET", "getUser", 200],
      ["DELETE", "deleteUser", 204],
    ]);
    for (const entry of entries.slice(0, 3)) {
      expect(entry).toMatchObject({
        directoryId: tenant.directoryId,
        idp: "generic",
        resourceType: "User",
        resourceId: id,
        userName,
        scimType: null,
        detail: null,
        requestBody: null,
        responseBody: null,
      });
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(new Date(entry.at).toISOString()).toBe(entry.at);
    }
    expect(entries[0]?.path).toBe("/scim/v2/Users");
  });

  it("records a failure with its scimType, detail and both bodies", async () => {
    const tenant = await createTenant();
    const body = userBody();
    await scimLogged(tenant, "POST", "/Users", body);
    const conflict = await scimLogged(tenant, "POST", "/Users", body);
    expect(conflict.status).toBe(409);

    const [entry] = await logOf(tenant.orgId);
    expect(entry).toMatchObject({
      operation: "createUser",
      status: 409,
      scimType: "uniqueness",
      userName: body.userName,
      detail: (conflict.body as { detail: string }).detail,
    });
    expect(JSON.parse(entry?.requestBody ?? "null")).toMatchObject({ userName: body.userName });
    expect(JSON.parse(entry?.responseBody ?? "null")).toMatchObject({
      status: "409",
      scimType: "uniqueness",
    });
  });

  it("records a request that never authenticated, without a directory", async () => {
    const tenant = await createTenant();
    const refused = await scimLogged({ ...tenant, token: "nope" }, "GET", "/Users");
    expect(refused.status).toBe(401);
    const [entry] = await logOf(tenant.orgId);
    expect(entry).toMatchObject({ status: 401, directoryId: null, idp: null, operation: "listUsers" });
  });

  it("keeps the body of a write refused before any handler read it", async () => {
    const tenant = await createTenant();
    const body = userBody();
    // Through workerd's own request path, as an IdP's request arrives.
    const refused = await tenant.scim.withToken("nope").post("/Users", body);
    expect(refused.status).toBe(401);
    const entry = await eventualEntry(tenant.orgId);
    expect(entry).toMatchObject({ status: 401, operation: "createUser", userName: body.userName });
    expect(JSON.parse(entry?.requestBody ?? "null")).toMatchObject({ userName: body.userName });
  });

  it("redacts passwords, secrets and tokens from a failed request's body, and never stores Authorization", async () => {
    const tenant = await createTenant();
    const password = "Hunter2-very-secret-value";
    const body = userBody({
      password,
      userName: "",
      nested: { apiToken: "tok-value", clientSecret: "sec-value" },
    });
    const failed = await scimLogged(tenant, "POST", "/Users", body);
    expect(failed.status).toBe(400);

    const [entry] = await logOf(tenant.orgId);
    const stored = JSON.stringify(entry);
    for (const secret of [password, "tok-value", "sec-value", tenant.token])
      expect(stored).not.toContain(secret);
    expect(JSON.parse(entry?.requestBody ?? "null")).toMatchObject({
      password: REDACTED,
      nested: { apiToken: REDACTED, clientSecret: REDACTED },
    });
  });

  it("keeps the start of a body refused as too large while it streamed in", async () => {
    const tenant = await createTenant();
    const head = '{"userName":"big@example.com","title":"';
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // No Content-Length: the limit is found while reading, after the handler took the body.
        controller.enqueue(sent === 0 ? new TextEncoder().encode(head) : chunk);
        sent += 1;
        if (sent > MAX_BODY_BYTES / chunk.byteLength + 2) controller.close();
      },
    });
    const refused = await scimLogged(tenant, "POST", "/Users", body);
    expect(refused.status).toBe(413);
    const [entry] = await logOf(tenant.orgId);
    expect(entry).toMatchObject({ status: 413, operation: "createUser" });
    expect(entry?.requestBody?.startsWith(head)).toBe(true);
    expect(entry?.requestBody?.endsWith(TRUNCATED_MARKER)).toBe(true);
  });

  it("redacts a password in a body that is not valid JSON", async () => {
    const entry = await entryOfFailedCreate('{"userName":"a@example.com","password":"p@ss-1234",');
    expect(entry?.requestBody).not.toContain("p@ss-1234");
    expect(entry?.requestBody).toContain(REDACTED);
  });

  it("keeps a failed request's large body cut to the cap, with a marker", async () => {
    const entry = await entryOfFailedCreate(userBody({ userName: "", title: "x".repeat(20_000) }));
    expect(new TextEncoder().encode(entry?.requestBody ?? "").length).toBeLessThanOrEqual(LOG_BODY_MAX_BYTES);
    expect(entry?.requestBody?.endsWith(TRUNCATED_MARKER)).toBe(true);
  });

  it("answers the SCIM request correctly when the log insert fails", async () => {
    const tenant = await createTenant();
    // Only this tenant's inserts fail, so that tests running beside this one are not disturbed.
    await env.DB.exec(
      `CREATE TRIGGER system_log_fails BEFORE INSERT ON system_log WHEN NEW.org_id = '${tenant.orgId}' BEGIN SELECT RAISE(ABORT, 'log down'); END`,
    );
    try {
      const created = await scimLogged<User>(tenant, "POST", "/Users", userBody());
      expect(created.status).toBe(201);
      expect(created.body.id).toBeTruthy();
      const failed = await scimLogged(tenant, "POST", "/Users", userBody({ userName: "" }));
      expect(failed.status).toBe(400);
    } finally {
      await env.DB.exec("DROP TRIGGER system_log_fails");
    }
    expect(await logOf(tenant.orgId)).toEqual([]);
  });
});
