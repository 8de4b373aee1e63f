// Request limits enforced by the Worker itself: the edge accepts bodies up to 100 MB (platform-notes: Workers).
/** Largest SCIM request body accepted, counted in bytes as they arrive. */
export const MAX_BODY_BYTES = 1024 * 1024;
