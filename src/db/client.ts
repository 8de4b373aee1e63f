// Drizzle over D1, and the one place that decides which database holds an organisation.
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";

/**
 * Without Drizzle's relational schema: building an instance with one walks every table for its relational
 * config (about 1.5 ms of CPU, seen in a profile of the bench), and a request may build one over its own binding
 * (src/db/first-round-trip.ts). The query builder needs no schema. `$client` is the binding, for statements
 * compiled once (src/db/compiled.ts).
 */
export type Database = DrizzleD1Database & { $client: D1Database };

/** The rows one statement of a batch returns, typed from the statement. */
export type BatchRows<Q extends BatchItem<"sqlite">> = BatchResponse<[Q]>[0];

/** The catalog (organisations, hostnames, tokens) that routes a request to its organisation. */
export const catalogDatabase = (env: Env): Database => drizzle(env.DB);

/**
 * The database that holds one organisation's SCIM data. Every organisation lives in `DB` today; spreading them
 * over several databases (by region or size) changes this function only, because all SCIM data access is
 * scoped to one organisation.
 */
export const organisationDatabase = (env: Env, orgId: string): Database =>
  drizzle(organisationBinding(env, orgId));

/** The D1 binding behind organisationDatabase, for what is kept per database (the system log's writer). */
export const organisationBinding = (env: Env, _orgId: string): D1Database => env.DB;
