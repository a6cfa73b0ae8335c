/**
 * The JSON depth scan against the true nesting of generated documents whose strings are full of
 * brackets, quotes and backslashes (the cases a scan that mis-reads strings gets wrong).
 */
import assert from "node:assert/strict";
import { jsonTooDeep } from "../../src/http/body.ts";
import { rng } from "../ids/_mutate.ts";

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 12 || pick < 0.3) {
    const alphabet = ['"', "\\", "[", "]", "{", "}", "a", " ", "\\\\", '\\"'];
    let s = "";
    for (let i = Math.floor(r() * 8); i > 0; i--) s += alphabet[Math.floor(r() * alphabet.length)];
    return s;
  }
  const n = Math.floor(r() * 3);
  if (pick < 0.65) return Array.from({ length: n }, () => value(r, depth + 1));
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}[{"`, value(r, depth + 1)]));
}

function depthOf(v: unknown): number {
  if (v === null || typeof v !== "object") return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + Math.max(0, ...children.map(depthOf));
}

Deno.test("jsonTooDeep agrees with the true depth of 2000 generated documents", () => {
  const r = rng(42);
  for (let i = 0; i < 2000; i++) {
    const v = value(r, 0);
    const text = JSON.stringify(v);
    const d = depthOf(v);
    assert.equal(jsonTooDeep(text, d), false, text);
    if (d > 0) assert.equal(jsonTooDeep(text, d - 1), true, text);
  }
});

Deno.test("jsonTooDeep: deep arrays refused at once; unterminated strings left to JSON.parse", () => {
  assert.equal(jsonTooDeep("[".repeat(1_000_000), 64), true);
  assert.equal(jsonTooDeep('{"a":"[[[[', 1), false);
  assert.equal(jsonTooDeep('["\\\\"]', 1), false);
  assert.equal(jsonTooDeep('["\\\\",[]]', 1), true);
});
