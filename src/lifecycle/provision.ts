// POST /Users: a new user, or an existing one the IdP is provisioning again, each through its own object.
import type { Database } from "../db/client";
import { withPolicy } from "../db/policy";
import { type DirectoryScope, findUsersByKeys, type UserRow } from "../db/users";
import { reprovisionTarget } from "../domain/reprovisioning";
import type { Outcome } from "./outcome";
import { userLifecycle } from "./stub";
import { userKeys } from "./user-record";

export async function provisionUser(
  env: Env,
  db: Database,
  scope: DirectoryScope,
  resource: Record<string, unknown>,
): Promise<{ id: string; outcome: Outcome<UserRow>; reprovisioned: boolean }> {
  const keys = userKeys(resource);
  const { rows, policy } = await withPolicy(db, scope, findUsersByKeys(db, scope, keys));
  const target = reprovisionTarget(rows, keys);
  if (target) {
    const outcome = await userLifecycle(env, scope, target.id).reprovision({
      scope,
      id: target.id,
      resource,
    });
    return { id: target.id, outcome, reprovisioned: true };
  }
  const id = crypto.randomUUID();
  const outcome = await userLifecycle(env, scope, id).create({ scope, id, resource, policy });
  return { id, outcome, reprovisioned: false };
}
