// Named builders for SCIM request bodies, so tests say what they send.
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

let counter = 0;
export const uniqueEmail = (prefix = "user") =>
  `${prefix}.${Date.now().toString(36)}${++counter}@example.com`;

export function userBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const userName = (overrides.userName as string | undefined) ?? uniqueEmail();
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [{ value: userName, type: "work", primary: true }],
    active: true,
    ...overrides,
  };
}

export const patchBody = (...operations: Record<string, unknown>[]) => ({
  schemas: [PATCH_SCHEMA],
  Operations: operations,
});
