// Limits on request shapes that the resource and PATCH engines enforce, each with why it is the number it is.

/**
 * Most operations one PATCH request may carry. RFC 7644 sets none; IdPs send one to a few dozen (Entra batches
 * attribute changes, Okta group pushes carry one operation per member change), so 1,000 leaves ample headroom
 * while bounding the work a single request can ask for.
 */
export const MAX_PATCH_OPERATIONS = 1_000;

/** Longest PATCH path accepted; real paths (URN + filter + sub-attribute) stay well under 300 characters. */
export const MAX_PATH_LENGTH = 1_000;

/** Client-supplied names are echoed in error details only up to this length, so a hostile key cannot bloat them. */
export const MAX_NAME_IN_DETAIL = 100;
