// Which URLs a webhook may use: https, or plain http to development hosts only.
import { expect, it } from "vitest";
import { WEBHOOK_URL_MAX_LENGTH, webhookUrlProblem } from "../../../src/webhooks/url";

it.each([
  "https://app.example.com/webhooks/scim",
  "https://app.example.com:8443/hooks?tenant=1",
  "http://localhost:3000/hooks",
  "http://127.0.0.1:3000/hooks",
  "http://app.localhost/hooks",
  "http://receiver.test/hooks",
])("accepts %s", (url) => {
  expect(webhookUrlProblem(url)).toBeUndefined();
});

it.each([
  ["plain http on the internet", "http://app.example.com/hooks", /https/],
  ["another scheme", "ftp://app.example.com/hooks", /https/],
  ["a relative URL", "/hooks", /absolute/],
  ["credentials", "https://user:pass@app.example.com/hooks", /credentials/],
  ["a fragment", "https://app.example.com/hooks#x", /fragment/],
  ["an overlong URL", `https://app.example.com/${"a".repeat(WEBHOOK_URL_MAX_LENGTH)}`, /at most/],
])("refuses %s", (_, url, problem) => {
  expect(webhookUrlProblem(url)).toMatch(problem);
});
