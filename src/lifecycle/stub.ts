// The one function that names a user's Durable Object: the organisation is part of the name (platform-notes).
import type { DirectoryScope } from "../db/users";
import type { UserLifecycle } from "./user-lifecycle";

/** The object's RPC methods. Their results are structured clones of plain JSON data, so they keep their types. */
export type UserLifecycleApi = Pick<UserLifecycle, "create" | "reprovision" | "replace" | "patch" | "remove">;

export function userLifecycle(env: Env, scope: DirectoryScope, userId: string): UserLifecycleApi {
  const id = env.USER_LIFECYCLE.idFromName(`${scope.orgId}/${scope.directoryId}/${userId}`);
  // The generated stub type maps `unknown` JSON values to `never`; the methods themselves are these.
  return env.USER_LIFECYCLE.get(id) as unknown as UserLifecycleApi;
}
