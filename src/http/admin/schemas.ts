// Schemas shared by the admin routes: identifiers, names, timestamps, the error body, and the OpenAPI helpers
// that say the same thing on every route.
import { z } from "@hono/zod-openapi";
import { domainNameProblem, NAME_MAX_LENGTH, slugProblem } from "../../domain/names";
import { OVERLAP_DEFAULT_HOURS, OVERLAP_MAX_HOURS } from "../../domain/tokens";

/** Identifiers are server-generated (UUIDs); anything longer than this is not one of ours. */
const ID_MAX_LENGTH = 128;

const checkedBy =
  (problem: (value: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  };

export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine(checkedBy(slugProblem))
  .openapi({ description: "The subdomain label: <slug>.<SCIM_DOMAIN>. Lower-cased.", example: "acme" });

export const DomainName = z.string().trim().toLowerCase().superRefine(checkedBy(domainNameProblem));

export const Name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`);

/** A page size: a whole number from 1 to `max`, `fallback` when left out. */
export const pageLimit = (fallback: number, max: number) =>
  z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`)
    .default(fallback);

export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-01-31T12:00:00.000Z" });

export const pathId = (name: string, description: string) =>
  z
    .string()
    .min(1)
    .max(ID_MAX_LENGTH)
    .openapi({ param: { name, in: "path" }, description });

export const OrgParams = z.object({ orgId: pathId("orgId", "The organisation's id.") });
export const DirectoryParams = OrgParams.extend({
  directoryId: pathId("directoryId", "The SCIM directory's id."),
});

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum([
        "invalid_request",
        "unauthorized",
        "not_found",
        "conflict",
        "verified_domain_required",
        "payload_too_large",
        "unsupported_media_type",
        "internal",
        "not_configured",
        "unavailable",
      ]),
      message: z.string().openapi({ description: "What is wrong, in a sentence meant for a person." }),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .openapi({ description: "Each problem, with where it is: body.slug, query.limit, path.orgId." }),
    }),
  })
  .openapi("Error");

const ERROR_DESCRIPTION = {
  400: "The input is invalid; the message and details say what is wrong.",
  401: "The operator secret is missing or wrong.",
  404: "No such resource in this organisation.",
  409: "A conflicting slug, domain, hostname or name, or a rule about the current state.",
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTION;

const errorResponse = (status: ErrorStatus) => ({
  description: ERROR_DESCRIPTION[status],
  content: { "application/json": { schema: ErrorBody } },
});

/** The error responses of a route; 401 applies to every route behind the operator secret. */
export function errors<S extends ErrorStatus>(
  ...statuses: S[]
): Record<S | 401, ReturnType<typeof errorResponse>> {
  const all = [401 as const, ...statuses];
  return Object.fromEntries(all.map((status) => [status, errorResponse(status)])) as Record<
    S | 401,
    ReturnType<typeof errorResponse>
  >;
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

/** How long the credentials a rotation supersedes keep working; 0 (the default) stops them at once. */
export const OverlapHours = z
  .number({ error: "must be a number" })
  .int("must be a whole number of hours")
  .min(0, "must not be negative")
  .max(OVERLAP_MAX_HOURS, `must be at most ${OVERLAP_MAX_HOURS} (a week)`)
  .default(OVERLAP_DEFAULT_HOURS)
  .openapi({
    description: `Hours during which the previous credentials keep working, for rotation without downtime. Default ${OVERLAP_DEFAULT_HOURS}: they stop at once. At most ${OVERLAP_MAX_HOURS}.`,
  });

export const CredentialStatus = z.enum(["active", "revoked", "expired"]).openapi({
  description: "Whether it works now. revokedAt in the future is an overlap window: active until then.",
});

/** When a rotation's superseded credentials stop (now, or the end of the overlap window), and how many. */
export const Superseded = z.object({ count: z.number().int(), stopAt: Timestamp });
