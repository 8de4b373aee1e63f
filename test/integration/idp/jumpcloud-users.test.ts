// JumpCloud's Test Connection over HTTP: it creates a test user and deletes it again, every time it is run
// (docs/idp-behaviour.md, JumpCloud).
import { describe, expect, it } from "vitest";
import { fixture } from "../../fixtures/index";
import { expectScimError, findUsers, type ScimUser } from "../../support/scim-assert";
import { createTenant } from "../../support/tenant";

const TEST_USER = fixture("jumpcloud/create-test-user") as Record<string, unknown>;
const byUserName = `userName eq "${TEST_USER.userName as string}"`;

describe("JumpCloud Test Connection", () => {
  it("creates a test user, deletes it, and can do both again on the next run", async () => {
    const { scim } = await createTenant();
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const created = await scim.post<ScimUser>("/Users", TEST_USER);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userName: TEST_USER.userName, active: true });
      ids.push(created.body.id);
      expect((await scim.get(`/Users/${created.body.id}`)).status).toBe(200);

      const deleted = await scim.delete(`/Users/${created.body.id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBeUndefined();
      expectScimError(await scim.get(`/Users/${created.body.id}`), 404);
      expect((await findUsers(scim, byUserName)).totalResults).toBe(0);
    }
    expect(ids[0]).not.toBe(ids[1]);
    expect((await findUsers(scim, `externalId eq "${TEST_USER.externalId as string}"`)).totalResults).toBe(0);
  });
});
