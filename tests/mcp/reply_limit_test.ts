/**
 * The reply measure of src/mcp/reply_limit.ts: the UTF-8 size of `JSON.stringify(value)`,
 * counted without building it, for the values MCP replies are made of (escapes, non-ASCII,
 * surrogate pairs, lone surrogates, nested objects and arrays, undefined members), and its early
 * stop past a limit.
 */
import assert from "node:assert/strict";
import { jsonBytes } from "../../src/mcp/reply_limit.ts";

const size = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

Deno.test("jsonBytes equals the UTF-8 length of JSON.stringify", () => {
  const values: unknown[] = [
    null,
    true,
    false,
    0,
    -1.5e-7,
    NaN,
    "",
    'a "quoted" \\ back\nslash\t\u0001\u001f',
    "é ✓ 𝄞 \u2028",
    "\ud800 lone \udc00",
    [],
    [1, undefined, null, "x"],
    { a: 1, b: undefined, c: [{ d: "e" }], 'ké"y': { f: () => 1 } },
    { contents: [{ uri: "ids://session/document", mimeType: "application/xml", text: "<a/>" }] },
    { when: new Date(0) },
  ];
  for (const v of values) assert.equal(jsonBytes(v), size(v), JSON.stringify(v));
  // A random mix of code points.
  let s = "";
  for (let i = 0; i < 5000; i++) s += String.fromCharCode((i * 7919) % 0x10000);
  assert.equal(jsonBytes({ s }), size({ s }));
});

Deno.test("jsonBytes stops counting past the limit", () => {
  const big = { text: "x".repeat(1_000_000) };
  assert.ok(jsonBytes(big, 1000) > 1000);
  assert.equal(jsonBytes(big, 2_000_000), size(big));
  assert.ok(jsonBytes([big, big, big], 1_500_000) > 1_500_000);
});
