import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";
it("works", async () => {
  const r = await exports.default.fetch("https://acme.scim.test/");
  expect(await r.text()).toBe("hello");
  const x = await env.DB.prepare("select count(*) as n from users").first();
  expect(x).toEqual({ n: 0 });
});
