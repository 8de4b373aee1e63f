// The per-user Durable Object: every change to one user passes through it, serialised in arrival order. After a
// change that recorded a transfer, it sends the transfer to the queue (a lost send is re-sent by the sweeper).
import { DurableObject } from "cloudflare:workers";
import { organisationDatabase } from "../db/client";
import type { DirectoryScope, UserRow } from "../db/users";
import { transferMessageFor } from "../transfers/message";
import { wakeWebhook } from "../webhooks/wake";
import type { Outcome, Written } from "./outcome";
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

type Change<T> = (db: ReturnType<typeof organisationDatabase>, now: string) => Promise<Outcome<Written<T>>>;

export class UserLifecycle extends DurableObject<Env> {
  private readonly queue = new SerialQueue();

  create(command: CreateUser): Promise<Outcome<UserRow>> {
    return this.run(command.scope, (db, now) => createUser(db, command, now));
  }

  reprovision(command: ReprovisionUser): Promise<Outcome<UserRow>> {
    return this.run(command.scope, (db, now) => reprovisionUser(db, command, now));
  }

  replace(command: ReplaceUser): Promise<Outcome<UserRow>> {
    return this.run(command.scope, (db, now) => replaceUser(db, command, now));
  }

  patch(command: PatchUser): Promise<Outcome<UserRow>> {
    return this.run(command.scope, (db, now) => patchUser(db, command, now));
  }

  remove(command: DeleteUser): Promise<Outcome<{ id: string }>> {
    return this.run(command.scope, (db, now) => removeUser(db, command, now));
  }

  private run<T>(scope: DirectoryScope, change: Change<T>): Promise<Outcome<T>> {
    return this.queue.run(async () => {
      const outcome = await change(organisationDatabase(this.env, scope.orgId), new Date().toISOString());
      if (!outcome.ok) return outcome;
      const { value, transferId, wakeWebhook: wake } = outcome.value;
      if (transferId) await this.enqueue(scope.orgId, transferId);
      if (wake) await wakeWebhook(this.env, scope.orgId);
      return { ok: true, value };
    });
  }

  private async enqueue(orgId: string, transferId: string): Promise<void> {
    try {
      await this.env.TRANSFERS.send(transferMessageFor({ id: transferId, orgId }));
    } catch (error) {
      // The transfer is recorded as pending; the scheduled sweep sends it again (src/transfers/sweep.ts).
      console.error(JSON.stringify({ transferId, enqueueFailed: String(error) }));
    }
  }
}
