// nestingDepth: counts brackets outside strings, in one pass, whatever the depth.
import { describe, expect, it } from "vitest";
import { nestingDepth } from "../../../src/http/body";

describe("nestingDepth", () => {
  it("counts objects and arrays", () => {
    expect(nestingDepth('{"a":[{"b":1}]}')).toBe(3);
    expect(nestingDepth("42")).toBe(0);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(nestingDepth('{"a":"[[[{{{","b":"\\"[[["}')).toBe(1);
  });

  it("measures very deep input without recursion", () => {
    expect(nestingDepth("[".repeat(100_000) + "]".repeat(100_000))).toBe(100_000);
  });
});
