// attributes and excludedAttributes on GET /Users, POST /Users/.search and GET /Users/{id} (RFC 7644 §3.4.2.5, §3.9).
import { describe, expect, it } from "vitest";
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "../support/builders";
import { createUsers, type ListedUser, listUsers, query, searchUsers } from "../support/list";
import { createTenant } from "../support/tenant";

/** A user with something in every part a selection can keep or drop, including a password that is never returned. */
const FULL = {
  userName: "ada@acme.test",
  externalId: "00u-ada",
  password: "s3cret!",
  title: "Engineer",
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [
    { value: "ada@acme.test", type: "work", primary: true },
    { value: "ada@home.test", type: "home" },
  ],
  [ENTERPRISE_SCHEMA]: { department: "R&D", employeeNumber: "42" },
};

describe("attributes", () => {
  it("returns only the named attributes, plus id and schemas, on list and search", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, FULL);
    const listed = await listUsers(scim, { attributes: "userName,emails.value" });
    const searched = await searchUsers(scim, { attributes: ["userName", "emails.value"] });
    for (const res of [listed, searched]) {
      expect(res.status).toBe(200);
      const [resource] = res.body.Resources;
      expect(resource).toEqual({
        schemas: [USER_SCHEMA],
        id: user?.id,
        userName: "ada@acme.test",
        emails: [{ value: "ada@acme.test" }, { value: "ada@home.test" }],
      });
    }
  });

  it("selects sub-attributes and extension attributes by URN, listing the extension in schemas", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, FULL);
    const res = await listUsers(scim, { attributes: `name.familyName,${ENTERPRISE_SCHEMA}:department` });
    const [resource] = res.body.Resources;
    expect(resource).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      name: { familyName: "Lovelace" },
      [ENTERPRISE_SCHEMA]: { department: "R&D" },
    });
    expect(resource?.name).not.toHaveProperty("givenName");
    expect(resource?.[ENTERPRISE_SCHEMA]).not.toHaveProperty("employeeNumber");
    expect(resource).not.toHaveProperty("userName");
  });

  it("matches attribute names without case and ignores names that are not attributes", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, FULL);
    const res = await listUsers(scim, { attributes: "USERNAME,favouriteColour,name.nickname" });
    expect(res.status).toBe(200);
    expect(res.body.Resources).toEqual([{ schemas: [USER_SCHEMA], id: user?.id, userName: "ada@acme.test" }]);
  });

  it("never returns the password, even when asked for", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, FULL);
    const listed = await listUsers(scim, { attributes: "password,userName" });
    expect(listed.body.Resources[0]).not.toHaveProperty("password");
    const read = await scim.get<ListedUser>(`/Users/${user?.id}${query({ attributes: "password" })}`);
    expect(read.body).not.toHaveProperty("password");
    const all = await listUsers(scim);
    expect(JSON.stringify(all.body)).not.toContain("s3cret!");
  });
});

describe("excludedAttributes", () => {
  it("drops emails and name.givenName and keeps the rest", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, FULL);
    const listed = await listUsers(scim, { excludedAttributes: "emails,name.givenName" });
    const searched = await searchUsers(scim, { excludedAttributes: ["emails", "name.givenName"] });
    for (const res of [listed, searched]) {
      const [resource] = res.body.Resources;
      expect(resource).toMatchObject({
        schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
        id: user?.id,
        userName: "ada@acme.test",
        externalId: "00u-ada",
        title: "Engineer",
        name: { familyName: "Lovelace" },
        [ENTERPRISE_SCHEMA]: { department: "R&D", employeeNumber: "42" },
        meta: { resourceType: "User", location: user?.meta.location },
      });
      expect(resource).not.toHaveProperty("emails");
      expect(resource?.name).not.toHaveProperty("givenName");
      expect(resource).not.toHaveProperty("password");
    }
  });

  it("cannot exclude id or schemas (returned: always)", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, FULL);
    const res = await listUsers(scim, { excludedAttributes: "id,schemas,userName" });
    const [resource] = res.body.Resources;
    expect(resource).toMatchObject({ id: user?.id, schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA] });
    expect(resource).not.toHaveProperty("userName");
  });

  it("drops a whole extension named by its URN, and its URN from schemas", async () => {
    const { scim } = await createTenant();
    await createUsers(scim, FULL);
    const res = await listUsers(scim, { excludedAttributes: ENTERPRISE_SCHEMA });
    const [resource] = res.body.Resources;
    expect(resource?.schemas).toEqual([USER_SCHEMA]);
    expect(resource).not.toHaveProperty(ENTERPRISE_SCHEMA);
    expect(resource).toMatchObject({ userName: "ada@acme.test", title: "Engineer" });
  });
});

describe("GET /Users/{id}", () => {
  it("applies attributes and excludedAttributes to a single user", async () => {
    const { scim } = await createTenant();
    const [user] = await createUsers(scim, FULL);
    const selected = await scim.get<ListedUser>(
      `/Users/${user?.id}${query({ attributes: "userName,emails.value" })}`,
    );
    expect(selected.status).toBe(200);
    expect(selected.body).toEqual({
      schemas: [USER_SCHEMA],
      id: user?.id,
      userName: "ada@acme.test",
      emails: [{ value: "ada@acme.test" }, { value: "ada@home.test" }],
    });
    const excluded = await scim.get<ListedUser>(
      `/Users/${user?.id}${query({ excludedAttributes: "emails,name.givenName" })}`,
    );
    expect(excluded.body).toMatchObject({
      id: user?.id,
      userName: "ada@acme.test",
      name: { familyName: "Lovelace" },
    });
    expect(excluded.body).not.toHaveProperty("emails");
    expect(excluded.body.name).not.toHaveProperty("givenName");
  });
});
