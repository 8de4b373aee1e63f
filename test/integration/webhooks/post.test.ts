// One webhook POST against a receiver that answers late: the timeout ends the wait, and it is an outcome to record
// and retry like a 503, not an exception.
import { describe, expect, it } from "vitest";
import { postEvents } from "../../../src/webhooks/post";
import { generateWebhookSecret } from "../../../src/webhooks/signature";
import { newReceiver, type Receiver } from "../../support/webhooks";

/** A receiver that answers 200 after `afterMs`, and one POST to it that waits at most `timeoutMs`. */
async function postAnsweredAfter(afterMs: number, timeoutMs: number) {
  const receiver: Receiver = newReceiver();
  await receiver.script({ status: 200, afterMs });
  const outcome = await postEvents({
    url: receiver.url,
    secret: generateWebhookSecret(),
    deliveryId: `dlv_${crypto.randomUUID()}`,
    events: [],
    timeoutMs,
  });
  return { receiver, outcome };
}

describe("a webhook POST", () => {
  it("reports a receiver that answers after the timeout as failed, with no status", async () => {
    const { receiver, outcome } = await postAnsweredAfter(2_000, 200);
    expect(outcome).toMatchObject({ succeeded: false, status: null, error: "No answer within 0.2 s" });
    expect(outcome.durationMs).toBeLessThan(2_000);
    // The receiver did get the POST: a timeout says nothing of whether the events arrived, hence the retries.
    expect(await receiver.received()).toHaveLength(1);
  });

  it("succeeds when the receiver answers within the timeout", async () => {
    const { outcome } = await postAnsweredAfter(50, 2_000);
    expect(outcome).toMatchObject({ succeeded: true, status: 200, error: null });
  });
});
