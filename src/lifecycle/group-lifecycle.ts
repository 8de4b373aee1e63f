// The per-group Durable Object: every change to one group passes through it, serialised in arrival order, so
// parallel member PATCHes, replaces and renames apply one after another (Entra sends about five at once).
import { DurableObject } from "cloudflare:workers";
import { type Database, organisationDatabase } from "../db/client";
import type { GroupRow } from "../db/groups";
import type { DirectoryScope } from "../db/users";
import { wakeWebhook } from "../webhooks/wake";
import {
  type CreateGroup,
  createGroup,
  type DeleteGroup,
  type PatchGroup,
  patchGroup,
  type ReplaceGroup,
  removeGroup,
  replaceGroup,
} from "./group-changes";
import type { Outcome, Written } from "./outcome";
import { SerialQueue } from "./serial-queue";

type Change<T> = (db: Database, now: string) => Promise<Outcome<Written<T>>>;

export class GroupLifecycle extends DurableObject<Env> {
  private readonly queue = new SerialQueue();

  create(command: CreateGroup): Promise<Outcome<GroupRow>> {
    return this.run(command.scope, (db, now) => createGroup(db, command, now));
  }

  replace(command: ReplaceGroup): Promise<Outcome<GroupRow>> {
    return this.run(command.scope, (db, now) => replaceGroup(db, command, now));
  }

  patch(command: PatchGroup): Promise<Outcome<GroupRow>> {
    return this.run(command.scope, (db, now) => patchGroup(db, command, now));
  }

  remove(command: DeleteGroup): Promise<Outcome<{ id: string }>> {
    return this.run(command.scope, (db, now) => removeGroup(db, command, now));
  }

  private run<T>(scope: DirectoryScope, change: Change<T>): Promise<Outcome<T>> {
    return this.queue.run(async () => {
      const outcome = await change(organisationDatabase(this.env, scope.orgId), new Date().toISOString());
      if (!outcome.ok) return outcome;
      if (outcome.value.wakeWebhook) await wakeWebhook(this.env, scope.orgId);
      return { ok: true, value: outcome.value.value };
    });
  }
}
