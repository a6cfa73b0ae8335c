/**
 * parseJsonBytes (src/cli/json_bytes.ts) against the text it stands for: every input gives
 * exactly what `JSON.parse` of the decoded text gives (the same value, or the same exception,
 * message included), whether the long strings take the fast path or not.
 */
import assert from "node:assert/strict";
import { JsonLineParser, LONG_STRING_BYTES, parseJsonBytes } from "../../src/cli/json_bytes.ts";
import { rng } from "../../bench/gen_ifc.ts";

const enc = new TextEncoder();
const bytesOf = (...parts: (string | number[])[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? enc.encode(p) : p));
  return new Uint8Array(out);
};

/** What the bytes mean as text: the reference. */
function reference(bytes: Uint8Array): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Piece sizes the line is fed in: whole, odd cuts (escapes and characters split), bytes. */
const CUTS = [Infinity, 65536, 4099, 7, 1];

/**
 * Parses `bytes` fed in pieces of every size in {@linkcode CUTS} and compares with the
 * reference; `fast`: whether the fast path must take it (true) or hand it over (false).
 */
function same(bytes: Uint8Array, label: string, fast?: boolean): void {
  const expected = reference(bytes);
  for (const n of bytes.length > 300_000 ? CUTS.slice(0, 3) : CUTS) {
    const p = new JsonLineParser();
    const original = bytes.slice();
    for (let at = 0; at < bytes.length; at += n) p.push(original.subarray(at, at + n));
    let got: { value?: unknown; error?: string };
    try {
      got = { value: p.finish() };
    } catch (e) {
      got = { error: `${(e as Error).name}: ${(e as Error).message}` };
    }
    const how = `${label}, pieces of ${n}`;
    assert.deepStrictEqual(got, expected, how);
    if (expected.value !== undefined) {
      assert.equal(JSON.stringify(got.value), JSON.stringify(expected.value), `${how}: key order`);
    }
    if (fast !== undefined) assert.equal(p.tookFastPath, fast, `${how}: fast path`);
  }
}

const LONG = LONG_STRING_BYTES + 17;
const xml = (n: number) => {
  let s = "";
  let i = 0;
  while (s.length < n) s += `<specification name="Spec ${i++}" ifcVersion="IFC4">ä✓𝄞</s>\n\t`;
  return s;
};

Deno.test("parseJsonBytes: a load_ids message with a long IDS string equals JSON.parse of its text", () => {
  const text = xml(LONG * 3);
  const line = JSON.stringify({
    method: "tools/call",
    params: { name: "load_ids", arguments: { source: text, source_type: "string" } },
    jsonrpc: "2.0",
    id: 7,
  });
  const bytes = enc.encode(line);
  same(bytes, "message", true);
  const value = parseJsonBytes(bytes.slice()) as { params: { arguments: { source: string } } };
  assert.equal(value.params.arguments.source, text);
  // A line ending in CRLF: the "\r" is not part of it, wherever the pieces are cut.
  same(enc.encode(line + "\r"), "message, CR", true);
  const p = new JsonLineParser();
  p.push(enc.encode(line + "\r"));
  p.push(new Uint8Array(0));
  assert.equal(
    (p.finish() as { params: { arguments: { source: string } } }).params.arguments.source,
    text,
  );
});

Deno.test("parseJsonBytes: every escape, raw multi-byte text, several long strings, arrays, nesting, __proto__", () => {
  const all = '" \\ / \b \f \n \r \t \u0000 \u001f \u007f é € ￿ 𝄞 \u2028';
  const long = (all + xml(100)).repeat(Math.ceil(LONG / 120));
  // JSON.stringify writes most escapes; these are the ones it never writes.
  const escapedByHand = JSON.stringify(long).replace(/é/g, "\\u00e9").replace(/€/g, "\\u20AC")
    .replace(/\//g, "\\/");
  same(enc.encode(`{"a":${escapedByHand}}`), "hand-written escapes", true);
  same(enc.encode(JSON.stringify([long, 1, { b: [long, null] }, "short", long])), "several", true);
  same(enc.encode(`{"__proto__":${JSON.stringify(long)},"x":1}`), "__proto__ key", true);
  same(enc.encode(`  [ ${JSON.stringify(long)} ]  `), "whitespace around", true);
  same(bytesOf([0xef, 0xbb, 0xbf], JSON.stringify([long])), "BOM before the text", false);
  same(
    bytesOf('["', [0xef, 0xbb, 0xbf], JSON.stringify(long).slice(1), "]"),
    "BOM in the string",
    true,
  );
});

Deno.test("parseJsonBytes: what the fast path hands over gives JSON.parse's own result or error", () => {
  const long = xml(LONG);
  const q = JSON.stringify(long);
  // Escaped surrogates (a pair, and a lone one).
  same(enc.encode(`["\\ud834\\udd1e${q.slice(1)}]`), "escaped pair", false);
  same(enc.encode(`["\\udc00${q.slice(1)}]`), "lone surrogate", false);
  // A raw control character, an unknown escape, a short \u: JSON.parse's SyntaxError.
  same(bytesOf(`["${q.slice(1, -1)}`, [0x01], `"]`), "raw control character", false);
  same(enc.encode(`["\\x${q.slice(1)}]`), "unknown escape", false);
  same(enc.encode(`["\\u12${q.slice(1)}]`), "short \\u", false);
  // Broken JSON outside the long string, and a string never closed.
  same(enc.encode(`[${q},]`), "trailing comma", false);
  same(enc.encode(`{"a" ${q}}`), "missing colon", false);
  same(enc.encode(`[${q.slice(0, -1)}`), "unterminated", false);
  // A long key.
  same(enc.encode(`{${q}:1}`), "long key", false);
  same(enc.encode(`{${q} \n : 1}`), "long key, whitespace before the colon", false);
});

Deno.test("parseJsonBytes: invalid UTF-8 next to escapes reads as the same U+FFFD", () => {
  const long = JSON.stringify(xml(LONG)).slice(1, -1);
  const cases: number[][] = [[0xff], [0xe2, 0x82], [0xf0, 0x9d], [0xc3], [0xed, 0xa0, 0x80]];
  for (const bad of cases) {
    for (const escape of ["\\n", '\\"', "\\u00e9", "\\u20ac", "\\\\", "x"]) {
      same(bytesOf(`["`, bad, escape, long, bad, `", "`, bad, `"]`), `${bad} then ${escape}`, true);
      same(bytesOf(`["`, long, escape, bad, `"]`), `${escape} then ${bad}`, true);
    }
  }
});

Deno.test("parseJsonBytes: random long strings of every character class round-trip", () => {
  const random = rng(20261204);
  const alphabet = [..."abc<>=\"'/\\ \t\n\r\b\f", "\u0000", "\u0019", "é", "€", "𝄞", "\u2028"];
  for (let round = 0; round < 20; round++) {
    let s = "";
    while (s.length < LONG) {
      s += random() < 0.9 ? "spec " : alphabet[Math.floor(random() * alphabet.length)];
    }
    let json = JSON.stringify({ id: round, s, t: [s.slice(0, 10)] });
    if (round % 2) json = json.replace(/é/g, "\\u00E9");
    const bytes = enc.encode(json);
    same(bytes, `round ${round}`, true);
    assert.equal((parseJsonBytes(bytes.slice()) as { s: string }).s, s);
  }
});

Deno.test("parseJsonBytes: short strings only, and a text that is not JSON", () => {
  same(enc.encode(JSON.stringify({ a: "x".repeat(100), b: [1, 2] })), "short", false);
  same(enc.encode("not json"), "not json", false);
  same(enc.encode(`"${"y".repeat(LONG)}`), "one unterminated string", false);
  same(enc.encode(`${JSON.stringify("z".repeat(LONG))} trailing`), "trailing text", false);
});
