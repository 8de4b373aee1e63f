export default {
  async fetch() {
    return new Response("hello");
  },
} satisfies ExportedHandler<Env>;
export class UserLifecycle {}
