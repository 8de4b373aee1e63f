// Drizzle over D1, and the one place that decides which database holds an organisation.
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = DrizzleD1Database<typeof schema>;

/** The rows one statement of a batch returns, typed from the statement. */
export type BatchRows<Q extends BatchItem<"sqlite">> = BatchResponse<[Q]>[0];

/** The catalog (organisations, hostnames, tokens) that routes a request to its organisation. */
export const catalogDatabase = (env: Env): Database => drizzle(env.DB, { schema });

/**
 * The database that holds one organisation's SCIM data. Every organisation lives in `DB` today; spreading them
 * over several databases (by region or size) changes this function only, because all SCIM data access is
 * scoped to one organisation.
 */
export const organisationDatabase = (env: Env, _orgId: string): Database => drizzle(env.DB, { schema });
