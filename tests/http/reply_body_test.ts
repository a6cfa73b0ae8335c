/**
 * Large reply bodies must be read in time (src/http/reply_body.ts): a body nobody reads fails
 * after its deadline (Deno then drops the connection and the bytes go); one read in time
 * arrives whole; small ones are passed as they are.
 */
import assert from "node:assert/strict";
import { replyBody } from "../../src/http/reply_body.ts";

Deno.test("a large reply read in time arrives whole; small replies are not streamed", async () => {
  const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251);
  const body = replyBody(bytes, 5_000);
  assert.ok(body instanceof ReadableStream);
  const got = new Uint8Array(await new Response(body).arrayBuffer());
  assert.deepEqual(got, bytes);
  const small = new Uint8Array(100);
  assert.equal(replyBody(small, 5_000), small);
});

Deno.test("a large reply not read before its deadline fails (the connection is dropped)", async () => {
  const body = replyBody(new Uint8Array(1_000_000), 100) as ReadableStream<Uint8Array>;
  const reader = body.getReader();
  // One chunk is taken at once; then nobody reads until the deadline has passed.
  assert.equal((await reader.read()).value?.length, 64 * 1024);
  await new Promise((r) => setTimeout(r, 300));
  let failed: unknown;
  try {
    for (;;) if ((await reader.read()).done) break;
  } catch (e) {
    failed = e;
  }
  assert.match(String(failed), /the client did not read its reply in time/);
});
