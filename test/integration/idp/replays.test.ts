// Every recorded IdP request sequence (test/fixtures/replays/), replayed against its own fresh organisation.
import { describe, it } from "vitest";
import { replay, replaySequences } from "../../support/replay";

describe("IdP replays", () => {
  for (const [name, sequence] of replaySequences()) {
    it(name, () => replay(name, sequence));
  }
});
