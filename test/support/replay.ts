/// <reference types="vite/client" />
// Replays an IdP's recorded request sequence (test/fixtures/replays/<idp>/<name>.json, format in the README there)
// against a fresh organisation, through the Worker, checking every response and the state it leaves.
import { assert } from "vitest";
import { z } from "zod";
import { IDPS } from "../../src/domain/idps";
import { fixture } from "../fixtures/index";
import type { ScimResponse } from "./scim-client";
import { createTenant, type TestTenant } from "./tenant";
import { deliverPending, transfersOf, workspacesOf } from "./transfers";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const Json: z.ZodType<Json> = z.json();
const Headers = z.record(z.string(), z.string());

const RequestStep = z.strictObject({
  name: z.string(),
  request: z.strictObject({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z.string().startsWith("/"),
    headers: Headers.optional(),
    /** A payload of test/fixtures/<idp>/ that `body` is merged over. */
    fixture: z
      .string()
      .regex(/^\w+\/[\w-]+$/)
      .transform((name) => name as Parameters<typeof fixture>[0])
      .optional(),
    body: Json.optional(),
  }),
  expect: z.strictObject({ status: z.number().int(), headers: Headers.optional(), body: Json.optional() }),
  capture: z.record(z.string(), z.string()).optional(),
});

const State = z.strictObject({
  users: z.array(Json).optional(),
  groups: z.array(Json).optional(),
  workspaces: z.array(z.string()).optional(),
  transfers: z.array(Json).optional(),
});

const Step = z.union([
  RequestStep,
  z.strictObject({ name: z.string(), parallel: z.array(RequestStep).min(2) }),
  z.strictObject({ name: z.string(), deliverTransfers: z.literal(true) }),
  z.strictObject({ name: z.string(), state: State }),
]);

export const Sequence = z.strictObject({
  description: z.string(),
  idp: z.enum(IDPS),
  /** The Content-Type the IdP sends with a body. */
  contentType: z.string(),
  /** Headers the IdP sends with every request. */
  headers: Headers.optional(),
  steps: z.array(Step).min(1),
  finalState: State,
});

type Sequence = z.infer<typeof Sequence>;
type RequestStep = z.infer<typeof RequestStep>;
type State = z.infer<typeof State>;
type Vars = Map<string, string>;

const files = import.meta.glob<unknown>("../fixtures/replays/*/*.json", { eager: true, import: "default" });

/** Every sequence file as [`<idp>/<name>`, its JSON]. */
export const replaySequences = (): [string, unknown][] =>
  Object.entries(files).map(([path, json]) => [path.replace(/^.*replays\/(.*)\.json$/, "$1"), json]);

/** The page size that reads a whole test directory in one request (MAX_PAGE_SIZE, src/scim/limits.ts). */
const WHOLE_DIRECTORY = "?startIndex=1&count=1000";

/** Replays one sequence in its own organisation; a failure names the sequence and the step. */
export async function replay(name: string, json: unknown): Promise<void> {
  const parsed = Sequence.safeParse(json);
  if (!parsed.success) assert.fail(`${name}: not a replay sequence: ${z.prettifyError(parsed.error)}`);
  const sequence = parsed.data;
  const domain = `d${crypto.randomUUID().slice(0, 12)}.example.com`;
  const tenant = await createTenant({ idp: sequence.idp, domains: [domain] });
  const vars: Vars = new Map([
    ["domain", domain],
    ["baseUrl", tenant.baseUrl],
  ]);
  for (const step of sequence.steps) {
    const where = `${name} › ${step.name}`;
    if ("request" in step) await send(tenant, sequence, step, vars, where);
    else if ("parallel" in step) {
      await Promise.all(step.parallel.map((s) => send(tenant, sequence, s, vars, `${where} › ${s.name}`)));
    } else if ("deliverTransfers" in step) await deliverPending(tenant.orgId);
    else await checkState(tenant, substitute(step.state, vars, where), where);
  }
  await checkState(tenant, substitute(sequence.finalState, vars, name), `${name} › final state`);
}

async function send(tenant: TestTenant, sequence: Sequence, step: RequestStep, vars: Vars, where: string) {
  const { method, path, headers, fixture: base, body } = substitute(step.request, vars, where);
  const payload = base === undefined ? body : merge(fixture(base) as Json, body);
  const res = await tenant.scim.request<Json | undefined>(
    method,
    path,
    payload === undefined ? undefined : JSON.stringify(payload),
    {
      ...sequence.headers,
      ...(payload === undefined ? {} : { "Content-Type": sequence.contentType }),
      ...headers,
    },
  );
  const seen = `${method} ${path} → ${res.status} ${JSON.stringify(res.body) ?? "(no body)"}`;
  const status =
    res.status === step.expect.status ? [] : [`status: expected ${step.expect.status}, got ${res.status}`];
  for (const [variable, pointer] of Object.entries(step.capture ?? {})) {
    const value = at(res.body, pointer);
    if (typeof value !== "string")
      assert.fail(`${where}:\n  ${[...status, `no ${variable} at ${pointer}`].join("\n  ")}\n${seen}`);
    vars.set(variable, value);
  }
  const expected = substitute(step.expect, vars, where);
  const problems = [
    ...status,
    ...wireProblems(res),
    ...Object.entries(expected.headers ?? {}).flatMap(([header, value]) =>
      headerMatches(res.headers.get(header), value)
        ? []
        : [`header ${header}: expected ${value}, got ${res.headers.get(header)}`],
    ),
    ...(expected.body === undefined ? [] : mismatches(expected.body, res.body, "body")),
  ];
  if (problems.length > 0) assert.fail(`${where}:\n  ${problems.join("\n  ")}\n${seen}`);
}

/** What every response must be, whoever asked: SCIM JSON when it has a body (RFC 7644 §3.1), none with a 204. */
function wireProblems(res: ScimResponse<Json | undefined>): string[] {
  if (res.body === undefined) return [];
  if (res.status === 204) return ["a 204 with a body"];
  const type = res.headers.get("Content-Type");
  return headerMatches(type, "application/scim+json")
    ? []
    : [`Content-Type ${type}, not application/scim+json`];
}

/** A header matches when equal, or equal but for parameters after `;` (charset). */
const headerMatches = (actual: string | null, expected: string) =>
  actual === expected || actual?.split(";")[0]?.trim() === expected;

/**
 * Where `actual` differs from `expected`, as a JSON path each: objects match the keys listed ("$absent": the key
 * must be missing), arrays match element by element with the same length, "$any" matches any value present.
 */
function mismatches(expected: Json, actual: Json | undefined, path: string): string[] {
  if (expected === "$any") return actual === undefined ? [`${path}: missing`] : [];
  const got = `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [got];
    return expected.flatMap((item, i) => mismatches(item, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [got];
    return Object.entries(expected).flatMap(([key, value]) =>
      value === "$absent"
        ? key in actual
          ? [`${path}.${key}: expected absent, got ${JSON.stringify(actual[key])}`]
          : []
        : mismatches(value, actual[key], `${path}.${key}`),
    );
  }
  return expected === actual ? [] : [got];
}

/** Checks the directory and the workspaces against `state`: each list whole, in any order. */
async function checkState(tenant: TestTenant, state: State, where: string) {
  const problems: string[] = [];
  if (state.users) problems.push(...unordered("users", state.users, await resources(tenant, "/Users")));
  if (state.groups) {
    // Members in any order: parallel PATCHes add them in no particular one.
    const memberIds = (group: Json) => {
      const members = (group as { members?: ({ value: string } | string)[] }).members ?? [];
      return members.map((m) => (typeof m === "string" ? m : m.value)).sort();
    };
    const actual = (await resources(tenant, "/Groups")).map((g) => ({
      ...(g as object),
      members: memberIds(g),
    }));
    const expected = state.groups.map((g) =>
      g !== null && typeof g === "object" && "members" in g ? { ...g, members: memberIds(g) } : g,
    );
    problems.push(...unordered("groups", expected, actual));
  }
  if (state.workspaces) {
    const owners = (await workspacesOf(tenant.orgId)).map(
      (w) => w.ownerUserId ?? (w.ownerAdminId === tenant.adminId ? "transferee" : `admin ${w.ownerAdminId}`),
    );
    problems.push(...mismatches([...state.workspaces].sort(), owners.sort(), "workspaces"));
  }
  if (state.transfers) {
    problems.push(...unordered("transfers", state.transfers, (await transfersOf(tenant.orgId)) as Json[]));
  }
  if (problems.length > 0) assert.fail(`${where}:\n  ${problems.join("\n  ")}`);
}

async function resources(tenant: TestTenant, collection: string): Promise<Json[]> {
  const res = await tenant.scim.get<{ Resources: Json[] }>(`${collection}${WHOLE_DIRECTORY}`);
  if (res.status !== 200) assert.fail(`reading ${collection}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.Resources;
}

/** Pairs each expected item with a different actual one that it matches; reports those left on either side. */
function unordered(what: string, expected: Json[], actual: Json[]): string[] {
  const left = [...actual];
  const unmatched = expected.filter((item) => {
    const i = left.findIndex((candidate) => mismatches(item, candidate, what).length === 0);
    if (i >= 0) left.splice(i, 1);
    return i < 0;
  });
  return [
    ...unmatched.map((item) => `${what}: nothing matches ${JSON.stringify(item)}`),
    ...(unmatched.length > 0 || left.length > 0 ? [`${what}: left unmatched ${JSON.stringify(left)}`] : []),
  ];
}

/** `body` over a fixture: objects merge key by key, anything else replaces. */
function merge(base: Json, over: Json | undefined): Json {
  if (over === undefined) return base;
  const isObject = (v: Json): v is { [key: string]: Json } =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObject(base) || !isObject(over)) return over;
  const merged = { ...base };
  for (const [key, value] of Object.entries(over))
    merged[key] = key in base ? merge(base[key] as Json, value) : value;
  return merged;
}

/** RFC 6901 JSON pointer. */
function at(value: Json | undefined, pointer: string): Json | undefined {
  const tokens = pointer
    .split("/")
    .slice(1)
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
  return tokens.reduce<Json | undefined>(
    (node, token) =>
      node !== null && typeof node === "object" ? (node as Record<string, Json>)[token] : undefined,
    value,
  );
}

/** Replaces `${name}` in every string with a variable's value; an unknown name is a mistake in the sequence. */
function substitute<T>(value: T, vars: Vars, where: string): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === "string"
        ? v.replace(/\$\{(\w+)\}/g, (_, name: string) => {
            const found = vars.get(name);
            if (found === undefined) assert.fail(`${where}: \${${name}} is not set by an earlier step`);
            return found;
          })
        : v,
    ),
  ) as T;
}
