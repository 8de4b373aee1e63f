// /organisations/{orgId}/directories/{directoryId}/oauth-clients: client credentials (RFC 6749 §4.4) for IdPs
// that obtain short-lived access tokens instead of holding a long-lived one (Entra gallery apps).
import { z } from "@hono/zod-openapi";
import {
  createOAuthClient,
  listOAuthClients,
  type OAuthClientView,
  revokeOAuthClient,
} from "../../db/admin/oauth-clients";
import { getOrganisation } from "../../db/admin/organisations";
import { catalogDatabase } from "../../db/client";
import { ACCESS_TOKEN_LIFETIME_SECONDS, isRevoked } from "../../domain/tokens";
import { OAUTH_TOKEN_PATH } from "../oauth/token-endpoint";
import { unwrap } from "./failures";
import { createItemRoute, listRoute, revokeRoute } from "./route-shapes";
import { adminRouter, NO_STORE, tenantHost, tenantUrl } from "./router";
import { CredentialStatus, DirectoryParams, OverlapHours, pathId, Superseded, Timestamp } from "./schemas";

const ClientInfo = z
  .object({
    clientId: z.string(),
    status: CredentialStatus.exclude(["expired"]),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
  })
  .openapi("OAuthClient");

const CreatedClient = ClientInfo.extend({
  clientSecret: z.string().openapi({ description: "Shown this once: only its hash is stored." }),
  tokenEndpoint: z.string().openapi({
    description: `POST grant_type=client_credentials here (client_secret_basic or client_secret_post); access tokens last ${ACCESS_TOKEN_LIFETIME_SECONDS} seconds.`,
  }),
  previousClients: Superseded.openapi({ description: "The clients this one replaces, and when they stop." }),
}).openapi("CreatedOAuthClient");

const info = (row: OAuthClientView, now: Date): z.infer<typeof ClientInfo> => ({
  clientId: row.clientId,
  // A client never expires; only revocation ends it.
  status: isRevoked(row.revokedAt, now) ? "revoked" : "active",
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});

const tags = ["OAuth clients"];
const collection = {
  path: "/organisations/{orgId}/directories/{directoryId}/oauth-clients",
  tags,
  params: DirectoryParams,
};

const list = listRoute({
  ...collection,
  summary: "List a directory's OAuth clients, newest first",
  item: ClientInfo,
});
const create = createItemRoute({
  ...collection,
  summary: "Create client credentials, superseding the previous ones",
  description:
    "The secret is returned once. The directory's previous clients, and the access tokens they obtained, stop at once or after overlapHours.",
  body: z.strictObject({ overlapHours: OverlapHours }),
  item: CreatedClient,
});
const revoke = revokeRoute({
  path: `${collection.path}/{clientId}/revoke`,
  tags,
  summary: "Revoke a client and the directory's OAuth access tokens at once",
  params: DirectoryParams.extend({ clientId: pathId("clientId", "The client id.") }),
  item: ClientInfo,
});

export const oauthClientRoutes = adminRouter()
  .openapi(list, async (c) => {
    const rows = unwrap(await listOAuthClients(catalogDatabase(c.env), c.req.valid("param")));
    const now = new Date();
    return c.json({ items: rows.map((row) => info(row, now)) }, 200);
  })
  .openapi(create, async (c) => {
    const db = catalogDatabase(c.env);
    const scope = c.req.valid("param");
    const now = new Date();
    const created = unwrap(await createOAuthClient(db, scope, c.req.valid("json"), now));
    const org = unwrap(await getOrganisation(db, scope.orgId));
    c.header("Cache-Control", NO_STORE);
    return c.json(
      {
        ...info(created.view, now),
        clientSecret: created.clientSecret,
        tokenEndpoint: tenantUrl(c, tenantHost(c, org.slug), OAUTH_TOKEN_PATH),
        previousClients: { count: created.superseded.count, stopAt: created.superseded.at },
      },
      201,
    );
  })
  .openapi(revoke, async (c) => {
    const { clientId, ...scope } = c.req.valid("param");
    const now = new Date();
    return c.json(
      info(unwrap(await revokeOAuthClient(catalogDatabase(c.env), scope, clientId, now)), now),
      200,
    );
  });
