// The per-user Durable Object: every change to one user passes through it, serialised in arrival order.
import { DurableObject } from "cloudflare:workers";
import { organisationDatabase } from "../db/client";
import type { UserRow } from "../db/users";
import type { Outcome } from "./outcome";
import { SerialQueue } from "./serial-queue";
import {
  type CreateUser,
  createUser,
  type DeleteUser,
  type PatchUser,
  patchUser,
  type ReplaceUser,
  type ReprovisionUser,
  removeUser,
  replaceUser,
  reprovisionUser,
} from "./user-changes";

export class UserLifecycle extends DurableObject<Env> {
  private readonly queue = new SerialQueue();

  create(command: CreateUser): Promise<Outcome<UserRow>> {
    return this.queue.run(() => createUser(this.db(command), command, now()));
  }

  reprovision(command: ReprovisionUser): Promise<Outcome<UserRow>> {
    return this.queue.run(() => reprovisionUser(this.db(command), command, now()));
  }

  replace(command: ReplaceUser): Promise<Outcome<UserRow>> {
    return this.queue.run(() => replaceUser(this.db(command), command, now()));
  }

  patch(command: PatchUser): Promise<Outcome<UserRow>> {
    return this.queue.run(() => patchUser(this.db(command), command, now()));
  }

  remove(command: DeleteUser): Promise<Outcome<{ id: string }>> {
    return this.queue.run(() => removeUser(this.db(command), command));
  }

  private db(command: { scope: { orgId: string } }) {
    return organisationDatabase(this.env, command.scope.orgId);
  }
}

const now = () => new Date().toISOString();
