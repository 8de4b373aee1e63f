// Hostile and random input over HTTP, property-based: whatever arrives, the answer is a success or a legal SCIM
// error (RFC 7644 §3.12), never a 5xx, and a write that fails leaves the stored user exactly as it was (§3.5.2).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { userResourceType } from "../../src/scim/schemas/resource-type";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, patchBody, USER_SCHEMA, userBody } from "../support/builders";
import {
  hostileObject,
  hostilePatchBody,
  listParams,
  oddString,
  POLLUTION_MARK,
  randomPath,
  rawPatchBody,
  rawUserBody,
} from "../support/hostile-arbitraries";
import { patchOperation, resourceBody } from "../support/resource-arbitraries";
import { expectListResponse, expectScimError, type ScimUser } from "../support/scim-assert";
import type { ScimClient, ScimResponse } from "../support/scim-client";
import { createTenant } from "../support/tenant";

/** Each request costs about 10–20 ms in workerd; these keep the file well under a minute. */
const TIMEOUT_MS = 60_000;
const SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
const TAKEN = "taken@example.com";

/**
 * The property every response must have: not a 5xx, and an error is a legal SCIM error (HEAD has no body).
 * `unsupported` admits 501, RFC 7644 §3.12's answer to an operation the server does not support (/Bulk).
 */
function expectSuccessOrScimError(res: ScimResponse<unknown>, head = false, unsupported = false) {
  if (!(unsupported && res.status === 501)) expect(res.status).toBeLessThan(500);
  if (res.status >= 400 && !head) expectScimError(res);
}

/** A stored user as RFC 7643 §4.1 describes it: core schema, id, non-blank userName, no password. */
function expectUser(user: ScimUser) {
  expect(user.schemas).toContain(USER_SCHEMA);
  expect(typeof user.id).toBe("string");
  expect(typeof user.userName).toBe("string");
  expect(user.userName.trim()).not.toBe("");
  if (user.active !== undefined) expect(typeof user.active).toBe("boolean");
  expect(Object.keys(user)).not.toContain("password");
}

/** Nothing a request carried reached Object.prototype of this isolate, where the Worker's fetch handler runs. */
function expectPrototypeClean() {
  expect(POLLUTION_MARK in {}).toBe(false);
  expect("userName" in {}).toBe(false);
}

/** A tenant with a user that has a value in most attributes, and a second user whose userName is taken. */
async function tenantWithUser() {
  const tenant = await createTenant();
  expect((await tenant.scim.post("/Users", userBody({ userName: TAKEN }))).status).toBe(201);
  const rich = userBody({
    externalId: "ext-1",
    title: "Engineer",
    phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
    addresses: [{ type: "work", locality: "Zürich", postalCode: "8000" }],
    roles: [{ value: "admin", primary: true }],
    [ENTERPRISE_SCHEMA]: { department: "R&D", manager: { value: "m-1" } },
  });
  const created = await tenant.scim.post<ScimUser>("/Users", rich);
  expect(created.status).toBe(201);
  return { ...tenant, id: created.body.id };
}

/** Sends one write; after a failure the stored user must equal what it was, after a success the answer. */
async function checkWrite(scim: ScimClient, id: string, send: () => Promise<ScimResponse<unknown>>) {
  const before = await scim.get<ScimUser>(`/Users/${id}`);
  const res = await send();
  expectSuccessOrScimError(res);
  const after = await scim.get<ScimUser>(`/Users/${id}`);
  expect(after.status).toBe(200);
  if (res.status >= 400) {
    expect(after.body).toEqual(before.body);
  } else {
    expect(res.status).toBe(200);
    expectUser(res.body as ScimUser);
    expect(after.body).toEqual(res.body);
  }
}

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant("application/scim+json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/SCIM+JSON",
      "text/plain",
      "application/x-www-form-urlencoded",
      "",
    ),
  },
);

const userBodies = fc.oneof(
  { weight: 3, arbitrary: resourceBody(userResourceType) },
  { weight: 2, arbitrary: hostileObject },
  { weight: 2, arbitrary: hostileObject.map((extra) => ({ ...userBody(), ...extra })) },
  { weight: 2, arbitrary: rawUserBody },
);

describe("POST /Users with hostile bodies", () => {
  it(
    "answers 201 with a readable user or a SCIM error, and only the 201s leave users behind",
    async () => {
      const { scim } = await createTenant();
      // A POST may also restore or rename an existing user (Okta, Google), so count ids rather than 201s.
      const ids = new Set<string>();
      await fc.assert(
        fc.asyncProperty(userBodies, contentType, async (body, type) => {
          const res = await scim.post<ScimUser>("/Users", body, { "Content-Type": type });
          expectSuccessOrScimError(res);
          if (res.status >= 300) return;
          expect(res.status).toBe(201);
          ids.add(res.body.id);
          expectUser(res.body);
          expect((await scim.get(`/Users/${res.body.id}`)).body).toEqual(res.body);
        }),
        { numRuns: 80 },
      );
      expect(expectListResponse(await scim.get("/Users?count=0")).totalResults).toBe(ids.size);
      expectPrototypeClean();
    },
    TIMEOUT_MS,
  );

  it(
    "reads back any userName it accepts exactly as it was sent",
    async () => {
      const { scim } = await createTenant();
      const userName = fc.oneof(
        fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
        fc.tuple(oddString, oddString, fc.constantFrom("@example.com", "")).map((parts) => parts.join("")),
      );
      await fc.assert(
        fc.asyncProperty(userName, async (name) => {
          const res = await scim.post<ScimUser>("/Users", userBody({ userName: name }));
          expectSuccessOrScimError(res);
          if (res.status !== 201) return;
          expect(res.body.userName).toBe(name);
          expect((await scim.get<ScimUser>(`/Users/${res.body.id}`)).body.userName).toBe(name);
        }),
        { numRuns: 40 },
      );
    },
    TIMEOUT_MS,
  );
});

describe("PUT /Users/{id} with hostile bodies", () => {
  it(
    "replaces the user or leaves it exactly as it was",
    async () => {
      const { scim, id } = await tenantWithUser();
      const bodies = fc.oneof(
        userBodies,
        fc.constantFrom(TAKEN, TAKEN.toUpperCase()).map((userName) => userBody({ userName })),
      );
      const headerText = fc.string({ unit: "grapheme-ascii", maxLength: 12 });
      const ifMatch = fc.option(fc.oneof(fc.constantFrom('W/"1"', "*", 'W/"999"', '"x"'), headerText), {
        nil: undefined,
      });
      await fc.assert(
        fc.asyncProperty(bodies, contentType, ifMatch, async (body, type, match) => {
          const headers: Record<string, string> = { "Content-Type": type };
          if (match !== undefined) headers["If-Match"] = match;
          await checkWrite(scim, id, () => scim.put(`/Users/${id}`, body, headers));
        }),
        { numRuns: 60 },
      );
      expectPrototypeClean();
    },
    TIMEOUT_MS,
  );
});

describe("PATCH /Users/{id} with hostile bodies", () => {
  it(
    "applies every operation or none, and a refused PATCH changes nothing",
    async () => {
      const { scim, id } = await tenantWithUser();
      const bodies = fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .array(patchOperation(userResourceType), { minLength: 1, maxLength: 4 })
            .map((operations) => patchBody(...operations.map((operation) => ({ ...operation })))),
        },
        { weight: 2, arbitrary: hostilePatchBody },
        { weight: 1, arbitrary: rawPatchBody },
      );
      await fc.assert(
        fc.asyncProperty(bodies, contentType, async (body, type) => {
          await checkWrite(scim, id, () => scim.patch(`/Users/${id}`, body, { "Content-Type": type }));
        }),
        { numRuns: 100 },
      );
      expectPrototypeClean();
    },
    TIMEOUT_MS,
  );
});

const NESTINGS = [
  ['{"a":', "}"],
  ["[", "]"],
] as const;

describe("PATCH with deeply nested values", () => {
  it(
    "answers a SCIM error, not a 500, and leaves the user as it was",
    async () => {
      const { scim, id } = await tenantWithUser();
      for (const depth of [3_000, 10_000, 100_000]) {
        for (const [open, close] of NESTINGS) {
          const value = `${open.repeat(depth)}1${close.repeat(depth)}`;
          const raw = `{"schemas":["${PATCH_SCHEMA}"],"Operations":[{"op":"add","path":"title","value":${value}}]}`;
          await checkWrite(scim, id, () => scim.patch(`/Users/${id}`, raw));
        }
      }
    },
    TIMEOUT_MS,
  );
});

describe("PATCH remove of active", () => {
  it("leaves a user whose representation and filters agree on whether it is active", async () => {
    const { scim, id } = await tenantWithUser();
    const res = await scim.patch<ScimUser>(`/Users/${id}`, patchBody({ op: "remove", path: "active" }));
    expectSuccessOrScimError(res);
    const stored = (await scim.get<ScimUser>(`/Users/${id}`)).body;
    const ids = async (filter: string) =>
      expectListResponse<ScimUser>(
        await scim.get(`/Users?filter=${encodeURIComponent(filter)}`),
      ).Resources.map((u) => u.id);
    expect((await ids("active eq true")).includes(id)).toBe(stored.active === true);
    expect((await ids("active eq false")).includes(id)).toBe(stored.active === false);
  });
});

describe("GET /Users with hostile query parameters", () => {
  it(
    "answers a ListResponse or a SCIM error for any filter, sortBy, paging and attribute selection",
    async () => {
      const { scim } = await tenantWithUser();
      await fc.assert(
        fc.asyncProperty(listParams, async (params) => {
          const res = await scim.get(`/Users?${new URLSearchParams(params)}`);
          expectSuccessOrScimError(res);
          if (res.status !== 200) return;
          const list = expectListResponse<ScimUser>(res);
          for (const user of list.Resources) expect(Object.keys(user)).not.toContain("password");
          // RFC 7644 §3.4.2.4: never more than the count asked for.
          const counts = params.filter(([key]) => key.toLowerCase() === "count").map(([, value]) => value);
          if (counts.length === 1 && /^[0-9]+$/.test(counts[0] ?? "")) {
            expect(list.itemsPerPage).toBeLessThanOrEqual(Number(counts[0]));
          }
        }),
        { numRuns: 120 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "answers POST /Users/.search the same way for hostile SearchRequest bodies",
    async () => {
      const { scim } = await tenantWithUser();
      const bodies = fc.oneof(
        listParams.map((params) => ({ schemas: [SEARCH_SCHEMA], ...Object.fromEntries(params) })),
        hostileObject.map((extra) => ({ schemas: [SEARCH_SCHEMA], ...extra })),
        hostileObject,
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const res = await scim.post("/Users/.search", body);
          expectSuccessOrScimError(res);
          if (res.status === 200) expectListResponse(res);
        }),
        { numRuns: 40 },
      );
    },
    TIMEOUT_MS,
  );
});

describe("random paths and methods", () => {
  it(
    "answer with a success or a SCIM error, and touch no user they do not name",
    async () => {
      const { scim, id } = await tenantWithUser();
      const before = await scim.get(`/Users/${id}`);
      const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
      const body = fc.option(fc.oneof(hostileObject, fc.constant(userBody())), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(method, randomPath, body, async (verb, path, sent) => {
          const withBody = verb === "POST" || verb === "PUT" || verb === "PATCH";
          const res = await scim.request(verb, path, withBody ? sent : undefined);
          expectSuccessOrScimError(res, verb === "HEAD", /^\/Bulk(\/|\?|#|$)/.test(path));
        }),
        { numRuns: 80 },
      );
      expect((await scim.get(`/Users/${id}`)).body).toEqual(before.body);
    },
    TIMEOUT_MS,
  );
});
