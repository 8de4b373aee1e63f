// OneLogin's user provisioning over HTTP: admin-written templates with SCIM 1.x URNs, emails as one object, and
// the URLs seen live (docs/idp-behaviour.md, OneLogin).
import { describe, expect, it } from "vitest";
import { fixture } from "../../fixtures/index";
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "../../support/builders";
import { expectListResponse, expectScimMediaType, type ScimUser } from "../../support/scim-assert";
import { createTenant } from "../../support/tenant";

const onelogin = (name: string) => fixture(`onelogin/${name}`) as Record<string, unknown>;

/** OneLogin's lookup, as seen live: `+` for spaces, the quotes percent-encoded, and a trailing `&`. */
const lookup = (userName: string) => `/Users?filter=userName+eq+%22${encodeURIComponent(userName)}%22&`;

describe("OneLogin create", () => {
  it("creates from a template with SCIM 1.x core and enterprise URNs and emails as a single object", async () => {
    const { scim } = await createTenant();
    const res = await scim.post<ScimUser>("/Users", onelogin("create-user"));
    expect(res.status).toBe(201);
    expectScimMediaType(res);
    // Answered in SCIM 2.0 terms: the 1.x URNs name the 2.0 core and enterprise schemas.
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      userName: "jane.doe@example.com",
      name: { givenName: "Jane", familyName: "Doe" },
      emails: [{ value: "jane.doe@example.com", type: "work", primary: true }],
      title: "Engineer",
      active: true,
      [ENTERPRISE_SCHEMA]: { department: "R&D", employeeNumber: "7" },
    });
    expect(Object.keys(res.body)).not.toContain("urn:scim:schemas:extension:enterprise:1.0");
    expect((await scim.get(`/Users/${res.body.id}`)).body).toEqual(res.body);
  });

  it("creates with the schema urn:scim:schemas:core:2.0 seen live", async () => {
    const { scim } = await createTenant();
    const res = await scim.post<ScimUser>("/Users", onelogin("create-user-core-2"));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: "john.roe@example.com",
      displayName: "John Roe",
      emails: [{ value: "john.roe@example.com", type: "work", primary: true }],
    });
  });
});

describe("OneLogin lookup and update", () => {
  it("finds users with the filter query OneLogin sends, trailing & and all", async () => {
    const { scim } = await createTenant();
    const missing = expectListResponse<ScimUser>(await scim.get(lookup("john.roe@example.com")));
    expect(missing).toMatchObject({ totalResults: 0, Resources: [] });

    const { body: created } = await scim.post<ScimUser>("/Users", onelogin("create-user-core-2"));
    const found = expectListResponse<ScimUser>(await scim.get(lookup("john.roe@example.com")));
    expect(found.totalResults).toBe(1);
    expect(found.Resources[0]).toEqual(created);
  });

  it("replaces the user with PUT /Users/{id}? and a 1.x template", async () => {
    const { scim } = await createTenant();
    const { body: created } = await scim.post<ScimUser>("/Users", onelogin("create-user"));
    const res = await scim.put<ScimUser>(`/Users/${created.id}?`, onelogin("put-user"));
    expect(res.status).toBe(200);
    expectScimMediaType(res);
    expect(res.body).toMatchObject({
      id: created.id,
      userName: "jane.doe@example.com",
      name: { givenName: "Jane", familyName: "Doe-Smith" },
      emails: [{ value: "jane.doe@example.com", type: "work", primary: true }],
      title: "Staff Engineer",
      active: true,
      [ENTERPRISE_SCHEMA]: { department: "Platform", employeeNumber: "7" },
      meta: { version: 'W/"2"' },
    });
    expect((await scim.get(`/Users/${created.id}`)).body).toEqual(res.body);
  });
});
