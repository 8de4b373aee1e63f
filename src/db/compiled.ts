// Statements whose SQL Drizzle builds once per isolate, with a placeholder for every value, so that a request only
// binds its values. Building and compiling statements was the largest part of scim-edge's own CPU in profiles of
// the hot requests (docs/performance.md); binding costs next to nothing.
import { type Column, is, Param, Placeholder, type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

export type Values = Readonly<Record<string, unknown>>;

export interface Compiled {
  sql: string;
  /** The statement's parameters in order, each placeholder replaced by its value (through its column's encoding). */
  params(values: Values): unknown[];
}

const placeholderValue = (values: Values, name: string) => {
  if (!(name in values)) throw new Error(`no value for placeholder "${name}"`);
  return values[name];
};

/**
 * A query built with `sql.placeholder(name)` for its values, as `toSQL()` returns it. What each parameter is
 * (a constant, a placeholder, a placeholder a column encodes) is decided here once, as Drizzle's own
 * fillPlaceholders would decide it on every call.
 */
export function compiled(query: { sql: string; params: unknown[] }): Compiled {
  const binders = query.params.map((param): ((values: Values) => unknown) => {
    if (is(param, Placeholder)) return (values) => placeholderValue(values, param.name);
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      const { name } = param.value;
      // SQL NULL stays NULL: a JSON column's encoder would store the text "null".
      return (values) => {
        const value = placeholderValue(values, name);
        return value === null ? null : encoder.mapToDriverValue(value);
      };
    }
    return () => param;
  });
  return { sql: query.sql, params: (values) => binders.map((bind) => bind(values)) };
}

/** A directory's scope as placeholders: one statement serves every organisation and directory. */
export const SCOPE = { orgId: sql.placeholder("orgId"), directoryId: sql.placeholder("directoryId") };

/** A compiled statement bound to one request's values, for a caller to batch. */
export interface Bound {
  sql: string;
  params: unknown[];
}

export const bound = (statement: Compiled, values: Values): Bound => ({
  sql: statement.sql,
  params: statement.params(values),
});

/** A bound statement that returns rows, with their decoder. */
export interface Read<R> extends Bound {
  decode(record: Record<string, unknown>): R;
}

export const read = <R>(
  statement: Compiled,
  values: Values,
  decode: (record: Record<string, unknown>) => R,
): Read<R> => ({ ...bound(statement, values), decode });

export const statementOf = (binding: D1Database, query: Bound): D1PreparedStatement =>
  binding.prepare(query.sql).bind(...query.params);

/** The D1 statement of `statement` with `values` bound. */
export const prepared = (binding: D1Database, statement: Compiled, values: Values): D1PreparedStatement =>
  statementOf(binding, bound(statement, values));

/** Runs a read alone and decodes its rows. */
export async function readAll<R>(binding: D1Database, query: Read<R>): Promise<R[]> {
  const { results } = await statementOf(binding, query).all<Record<string, unknown>>();
  return results.map((record) => query.decode(record));
}

const dialect = new SQLiteAsyncDialect();

/** The text and parameters of a SQL fragment or a raw statement, as Drizzle compiles them for D1. */
export const toQuery = (query: SQL): { sql: string; params: unknown[] } => dialect.sqlToQuery(query);

/** A compiled statement built on first use: building needs a Database, which only a request has. */
export function compileOnce<A extends unknown[]>(
  build: (...args: A) => { toSQL(): { sql: string; params: unknown[] } },
): (...args: A) => Compiled {
  let statement: Compiled | undefined;
  return (...args) => {
    statement ??= compiled(build(...args).toSQL());
    return statement;
  };
}

type Field = Column;
type Decoded<F extends Record<string, Field>> = {
  [K in keyof F]: F[K]["_"]["notNull"] extends true ? F[K]["_"]["data"] : F[K]["_"]["data"] | null;
};

/**
 * Decodes the rows D1 returns for a compiled select (objects by column name, or by `<prefix>_<column>` for a
 * selection aliased that way) into the fields' values, as Drizzle's own mapping would: null stays null, anything
 * else goes through its column's decoder. Two fields under one name would overwrite each other in D1's objects.
 */
export function rowDecoder<F extends Record<string, Field>>(
  fields: F,
  prefix?: string,
): (record: Record<string, unknown>) => Decoded<F> {
  const entries = Object.entries(fields).map(
    ([key, column]) => [key, prefix ? `${prefix}_${column.name}` : column.name, column] as const,
  );
  if (new Set(entries.map(([, name]) => name)).size !== entries.length) {
    throw new Error("two fields of one selection share a column name");
  }
  return (record) => {
    const row: Record<string, unknown> = {};
    for (const [key, name, column] of entries) {
      const value = record[name];
      // D1 gives every selected column, NULL as null: an absent one is a name that does not match the statement.
      if (value === undefined) throw new Error(`no column "${name}" in the row`);
      row[key] = value === null ? null : column.mapFromDriverValue(value);
    }
    return row as Decoded<F>;
  };
}
