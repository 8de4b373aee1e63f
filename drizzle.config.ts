// drizzle-kit generates the SQL under migrations/ from the TypeScript schema; wrangler applies it.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
