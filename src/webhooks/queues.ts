// The webhook queues' names, as wrangler.toml declares them: the Worker's queue handler dispatches on them.
export const WEBHOOKS_QUEUE = "scim-edge-webhooks";
export const WEBHOOKS_DEAD_LETTER_QUEUE = "scim-edge-webhooks-dlq";
