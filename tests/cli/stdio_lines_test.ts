/**
 * The stdio line transport (src/cli/stdio_lines.ts) on byte streams cut anywhere: a message
 * split across many chunks, a UTF-8 character split between two chunks, CRLF line ends, two
 * messages in one chunk, a line that is not JSON-RPC (reported and skipped), invalid UTF-8
 * (U+FFFD, as the SDK's `Buffer#toString` decodes it), and an over-long line dropped with a
 * JSON-RPC error reply while the next message still arrives.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { PassThrough } from "node:stream";
import { lineStdin, LineStdioTransport } from "../../src/cli/stdio_lines.ts";

/** Feeds `chunks` to a transport; resolves with what it reported. */
async function run(chunks: Uint8Array[], maxLineBytes?: number) {
  const source = new PassThrough();
  const replies: string[] = [];
  const lines = lineStdin(source, { maxLineBytes, reply: (j) => replies.push(j), log: () => {} });
  const sent: string[] = [];
  const output = new PassThrough();
  output.on("data", (d: Buffer) => sent.push(d.toString()));
  const t = new LineStdioTransport(lines, output);
  const messages: unknown[] = [];
  const errors: string[] = [];
  t.onmessage = (m) => messages.push(m);
  t.onerror = (e) => errors.push(e.name);
  await t.start();
  for (const c of chunks) source.write(c);
  source.end();
  await new Promise((r) => setTimeout(r, 20));
  await t.send({ jsonrpc: "2.0", id: 9, result: {} });
  await t.close();
  return { messages, errors, replies, sent };
}

const enc = new TextEncoder();
const msg = (id: number, text: string) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { arguments: { text } } });

/** `bytes` cut into pieces of `n` bytes. */
function cut(bytes: Uint8Array, n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += n) out.push(bytes.subarray(i, i + n));
  return out;
}

Deno.test("stdio lines: messages cut anywhere, multi-byte characters across chunks, CRLF", async () => {
  const text = "♫ ÄôЊетóö 𝄞 ".repeat(5000);
  const bytes = enc.encode(`${msg(1, text)}\r\n${msg(2, "a")}\n${msg(3, "b")}\n`);
  for (const n of [1, 7, 4096, 65536, bytes.length]) {
    const r = await run(cut(bytes, n));
    assert.deepStrictEqual(r.errors, [], `pieces of ${n}`);
    assert.deepStrictEqual(r.messages, [
      JSON.parse(msg(1, text)),
      JSON.parse(msg(2, "a")),
      JSON.parse(msg(3, "b")),
    ], `pieces of ${n}`);
    assert.deepStrictEqual(r.sent, ['{"jsonrpc":"2.0","id":9,"result":{}}\n']);
  }
});

Deno.test("stdio lines: a line that is not JSON-RPC is reported and skipped; invalid UTF-8 reads as U+FFFD", async () => {
  const bad = new Uint8Array([
    ...enc.encode(msg(4, "x").slice(0, -4)),
    0xff,
    0xc3,
    ...enc.encode('"}}}\n'),
  ]);
  const r = await run([enc.encode("not json\n\n"), bad, enc.encode(`${msg(5, "ok")}\n`)]);
  assert.deepStrictEqual(r.errors, ["SyntaxError", "SyntaxError"]);
  const expected = Buffer.from(bad.subarray(0, -1)).toString("utf8");
  assert.deepStrictEqual(r.messages, [JSON.parse(expected), JSON.parse(msg(5, "ok"))]);
  assert.ok(expected.includes("\uFFFD\uFFFD"));
});

Deno.test("stdio lines: an over-long line is dropped with an error reply, the next one arrives", async () => {
  const long = enc.encode(`${msg(6, "z".repeat(10_000))}\n${msg(7, "after")}\n`);
  const r = await run(cut(long, 1000), 4096);
  assert.equal(r.replies.length, 1);
  assert.match(r.replies[0], /"id":6.*larger than the stdio limit of 4096 bytes/);
  assert.deepStrictEqual(r.messages, [JSON.parse(msg(7, "after"))]);
});

Deno.test("stdio lines: read from a Deno-style reader (as Deno.stdin), long lines parsed as they come, the end noticed", async () => {
  const text = '<ids a="1">ä ✓ 𝄞\n</ids>\t'.repeat(20_000);
  const bytes = enc.encode(`${msg(1, text)}\r\n${msg(2, "short")}\n`);
  let at = 0;
  let step = 0;
  const reads: number[] = [];
  const reader = {
    read(into: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      // Reads of varying size, as a pipe gives them; the reader's buffer is reused.
      const n = Math.min([65536, 1, 4099, 300_000][step++ % 4], into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      reads.push(n);
      return Promise.resolve(n);
    },
  };
  const lines = lineStdin(reader);
  const t = new LineStdioTransport(lines, new PassThrough());
  const messages: unknown[] = [];
  t.onmessage = (m) => messages.push(m);
  const ended = new Promise((resolve) => lines.once("end", resolve));
  await t.start();
  await ended;
  assert.ok(reads.length > 5, `${reads.length} reads`);
  assert.deepStrictEqual(messages, [JSON.parse(msg(1, text)), JSON.parse(msg(2, "short"))]);
  await t.close();
});
