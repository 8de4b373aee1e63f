// Every recorded IdP request sequence (test/fixtures/replays/), replayed against its own fresh organisation.
import { describe, expect, it } from "vitest";
import { replay, replaySequences } from "../../support/replay";

describe("IdP replays", () => {
  it("finds every recorded sequence", () => {
    // Okta, Entra (two modes), OneLogin, JumpCloud, Google: a broken glob must not leave this file empty.
    expect(replaySequences().length).toBeGreaterThanOrEqual(6);
  });

  for (const [name, sequence] of replaySequences()) {
    it(name, () => replay(name, sequence));
  }
});
