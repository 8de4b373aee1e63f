// The dead-letter queue's name, as wrangler.toml declares it: the Worker's queue handler dispatches on it.
export const TRANSFERS_DEAD_LETTER_QUEUE = "scim-edge-transfers-dlq";
