// One webhook POST against a receiver that answers too late: the timeout ends the wait, and it is an outcome to
// record and retry like a 503, not an exception.
import { describe, expect, it } from "vitest";
import { postEvents } from "../../../src/webhooks/post";
import { generateWebhookSecret } from "../../../src/webhooks/signature";
import { newReceiver } from "../../support/webhooks";

describe("a webhook POST", () => {
  it("reports a receiver that answers after the timeout as failed, with no status", async () => {
    const receiver = newReceiver();
    await receiver.script({ status: 200, afterMs: 2_000 });
    const outcome = await postEvents({
      url: receiver.url,
      secret: generateWebhookSecret(),
      deliveryId: "dlv_timeout",
      events: [],
      timeoutMs: 200,
    });
    expect(outcome).toMatchObject({ succeeded: false, status: null, error: "No answer within 0.2 s" });
    expect(outcome.durationMs).toBeLessThan(2_000);
    // The receiver did get the POST: a timeout says nothing of whether the events arrived, hence the retries.
    expect(await receiver.received()).toHaveLength(1);
  });

  it("succeeds when the receiver answers within the timeout", async () => {
    const receiver = newReceiver();
    await receiver.script({ status: 200, afterMs: 50 });
    const outcome = await postEvents({
      url: receiver.url,
      secret: generateWebhookSecret(),
      deliveryId: "dlv_in_time",
      events: [],
      timeoutMs: 2_000,
    });
    expect(outcome).toMatchObject({ succeeded: true, status: 200, error: null });
  });
});
