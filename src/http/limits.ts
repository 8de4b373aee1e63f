// Request limits enforced by the Worker itself: the edge accepts bodies up to 100 MB (platform-notes: Workers).
/** Largest SCIM request body accepted, counted in bytes as they arrive. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Deepest nesting of objects and arrays accepted in a body. SCIM resources are three levels deep; a body nested
 * thousands deep would exhaust the stack wherever it is walked or serialised (e.g. crossing Durable Object RPC).
 */
export const MAX_JSON_DEPTH = 32;
