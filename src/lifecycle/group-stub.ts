// The one function that names a group's Durable Object: organisation and directory are part of the name.
import type { DirectoryScope } from "../db/users";
import type { GroupLifecycle } from "./group-lifecycle";

/** The object's RPC methods. Their results are structured clones of plain JSON data, so they keep their types. */
export type GroupLifecycleApi = Pick<GroupLifecycle, "create" | "replace" | "patch" | "remove">;

export function groupLifecycle(env: Env, scope: DirectoryScope, groupId: string): GroupLifecycleApi {
  const id = env.GROUP_LIFECYCLE.idFromName(`${scope.orgId}/${scope.directoryId}/${groupId}`);
  // The generated stub type maps `unknown` JSON values to `never`; the methods themselves are these.
  return env.GROUP_LIFECYCLE.get(id) as unknown as GroupLifecycleApi;
}
