// /organisations/{orgId}/directories/{directoryId}/tokens: generate (shown once), list, revoke bearer tokens.
import { z } from "@hono/zod-openapi";
import { generateBearerToken, listTokens, revokeToken, type TokenView } from "../../db/admin/tokens";
import { catalogDatabase } from "../../db/client";
import {
  TOKEN_VALIDITY_DEFAULT_DAYS,
  TOKEN_VALIDITY_MAX_DAYS,
  TOKEN_VALIDITY_MIN_DAYS,
  tokenStatus,
} from "../../domain/tokens";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, revokeRoute } from "./route-shapes";
import { adminRouter, NO_STORE } from "./router";
import { CredentialStatus, DirectoryParams, OverlapHours, pathId, Superseded, Timestamp } from "./schemas";

/** Every scim-edge token starts so; with the last four characters it is all an admin sees again. */
const TOKEN_PREFIX = "scim_";

const ValidityDays = z
  .number({ error: "must be a number" })
  .int("must be a whole number of days")
  .min(TOKEN_VALIDITY_MIN_DAYS, `must be at least ${TOKEN_VALIDITY_MIN_DAYS}`)
  .max(TOKEN_VALIDITY_MAX_DAYS, `must be at most ${TOKEN_VALIDITY_MAX_DAYS} (two years)`)
  .default(TOKEN_VALIDITY_DEFAULT_DAYS)
  .openapi({
    description: `Days until the token expires. Default ${TOKEN_VALIDITY_DEFAULT_DAYS}, from ${TOKEN_VALIDITY_MIN_DAYS} to ${TOKEN_VALIDITY_MAX_DAYS}.`,
  });

const TokenInfo = z
  .object({
    id: z.string(),
    prefix: z.literal(TOKEN_PREFIX),
    lastFour: z.string(),
    hint: z.string().openapi({ example: "scim_…x9Qa", description: "How to recognise the token." }),
    status: CredentialStatus,
    createdAt: Timestamp,
    expiresAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable().openapi({ description: "Recorded to within five minutes." }),
  })
  .openapi("Token");

const GeneratedToken = TokenInfo.extend({
  token: z.string().openapi({ description: "The token. Shown this once: only its hash is stored." }),
  previousTokens: Superseded.openapi({ description: "The tokens this one replaces, and when they stop." }),
}).openapi("GeneratedToken");

const info = (row: TokenView, now: Date): z.infer<typeof TokenInfo> => ({
  id: row.id,
  prefix: TOKEN_PREFIX,
  lastFour: row.lastFour,
  hint: `${TOKEN_PREFIX}…${row.lastFour}`,
  status: tokenStatus(row, now),
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
});

const tags = ["Tokens"];
const collection = {
  path: "/organisations/{orgId}/directories/{directoryId}/tokens",
  tags,
  params: DirectoryParams,
};

const list = listRoute({
  ...collection,
  summary: "List a directory's bearer tokens, newest first",
  item: TokenInfo,
});
const generate = createItemRoute({
  ...collection,
  summary: "Generate a bearer token, revoking the previous ones",
  description:
    "The token is returned once. The directory's previous tokens stop working at once, or after overlapHours so that the IdP can be switched to the new token without downtime.",
  body: z.strictObject({ validityDays: ValidityDays, overlapHours: OverlapHours }),
  item: GeneratedToken,
});
const revoke = revokeRoute({
  path: `${collection.path}/{tokenId}/revoke`,
  tags,
  summary: "Revoke a token at once",
  params: DirectoryParams.extend({ tokenId: pathId("tokenId", "The token's id.") }),
  item: TokenInfo,
});

export const tokenRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(await listTokens(catalogDatabase(c.env), c.req.valid("param")));
    const now = new Date();
    return c.json({ items: rows.map((row) => info(row, now)) }, 200);
  })
  .openapi(generate, async (c) => {
    const now = new Date();
    const created = unwrap(
      await generateBearerToken(catalogDatabase(c.env), c.req.valid("param"), c.req.valid("json"), now),
    );
    const previousTokens = { count: created.superseded.count, stopAt: created.superseded.at };
    c.header("Cache-Control", NO_STORE);
    return c.json({ ...info(created.view, now), token: created.token, previousTokens }, 201);
  })
  .openapi(revoke, async (c) => {
    const { tokenId, ...scope } = c.req.valid("param");
    const now = new Date();
    return c.json(info(unwrap(await revokeToken(catalogDatabase(c.env), scope, tokenId, now)), now), 200);
  });
