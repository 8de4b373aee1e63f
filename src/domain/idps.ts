// The identity providers a SCIM directory can expect. Each chooses the dialect profile its requests are read with
// (src/scim/normalise/profiles.ts): `generic` tolerates every known dialect, `strict` none, and follows the IETF
// SCIM interoperability profile instead.
export const IDPS = ["okta", "entra", "onelogin", "jumpcloud", "google", "generic", "strict"] as const;

export type Idp = (typeof IDPS)[number];
