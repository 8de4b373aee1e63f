// Catches the ScimError a piece of pure code throws, so tests can assert its status, scimType and detail.
import { ScimError } from "../../src/scim/errors";

/** The ScimError `run` throws; fails the test if it throws something else or nothing. */
export function scimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}
