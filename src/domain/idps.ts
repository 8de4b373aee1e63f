// The identity providers a SCIM directory can expect; later issues give each its dialect profile.
export const IDPS = ["okta", "entra", "onelogin", "jumpcloud", "google", "generic"] as const;

export type Idp = (typeof IDPS)[number];
