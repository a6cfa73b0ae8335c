/**
 * XSD patterns: translated by the XSD grammar and matched in linear time (re2js); constructs
 * XSD does not have are reported, with what to write instead.
 */
import assert from "node:assert/strict";
import {
  analyzeXsdPattern,
  compileXsdPattern,
  hostCategoryRanges,
} from "../../src/ids/xsd_pattern.ts";
import { decodeRanges, encodeRanges, PZC_RANGES } from "../../src/ids/unicode_pzc.ts";
import { valueMatches } from "../../src/ids/match.ts";
import { syntheticModel } from "../mcp/_helpers.ts";

const m = (p: string, v: string) => compileXsdPattern(p)!.test(v);

Deno.test("xsd pattern: (a+)+b does not backtrack (a×31+c and 100,000 characters)", () => {
  const t0 = performance.now();
  assert.equal(m("(a+)+b", "a".repeat(31) + "c"), false);
  assert.equal(m("(a+)+b", "a".repeat(100_000) + "c"), false);
  assert.equal(m("(a+)+b", "a".repeat(100_000) + "b"), true);
  const r = {
    kind: "restriction",
    base: "xs:string",
    facets: [{ kind: "pattern", value: "(a+)+b" }],
  } as const;
  assert.equal(valueMatches(r, "a".repeat(31) + "c"), false);
  // Recorded, not asserted (BENCHMARKS.md has the measured numbers).
  console.log(`(a+)+b on 3 inputs: ${(performance.now() - t0).toFixed(1)} ms`);
});

Deno.test("xsd pattern: XSD semantics (anchoring, literal ^ $, classes, escapes)", () => {
  assert.equal(m("abc", "xabcx"), false, "implicitly anchored");
  assert.equal(m("a|b", "a"), true);
  assert.equal(m("^abc$", "^abc$"), true, "^ and $ are literal");
  assert.equal(m("^abc$", "abc"), false);
  assert.equal(m(".", "\n"), false, "dot excludes newlines");
  assert.equal(m("[a-z-[aeiou]]+", "xyz"), true);
  assert.equal(m("[a-z-[aeiou]]+", "xaz"), false);
  assert.equal(m("[^a-z-[0-9]]", "5"), false, "negated class minus digits");
  assert.equal(m("[^a-z-[0-9]]", "A"), true);
  assert.equal(m("\\d{3}", "123"), true);
  assert.equal(m("\\p{Lu}\\p{Ll}+", "Wall"), true);
  assert.equal(m("\\p{IsBasicLatin}+", "abc"), true);
  assert.equal(m("\\p{IsBasicLatin}+", "äbc"), false);
  assert.equal(m("\\i\\c*", "IfcWall"), true);
  assert.equal(m("\\i\\c*", "1x"), false);
  assert.equal(m("\\w+", "abc"), true);
  assert.equal(m("\\w", "."), false);
  assert.equal(m("CUP\\d{8}", "CUP12345678"), true);
  assert.equal(m("(-|[0-9]{2,3})\\/(-|[0-9]{2,3})", "30/60"), true);
  assert.equal(m("a{2,3}", "aaaa"), false);
  assert.equal(m("😀+", "😀😀"), true, "astral characters");
});

Deno.test("xsd pattern: JavaScript-only constructs are errors that say so", () => {
  const err = (p: string, re: RegExp) => {
    const a = analyzeXsdPattern(p);
    assert.equal(a.re2, undefined, p);
    assert.equal(compileXsdPattern(p), undefined, p);
    const e = a.problems.find((x) => x.severity === "error");
    assert.ok(e && re.test(e.message), `${p}: ${e?.message}`);
  };
  err("(?:abc)", /non-capturing.*not XSD/);
  err("(?=a)a", /lookahead/);
  err("(?<=a)b", /lookbehind/);
  err("(a)\\1", /backreference/);
  err("a*?", /lazy quantifier/);
  err("a+?", /lazy quantifier/);
  err("\\bword", /word boundary/);
  err("(?i)abc", /inline flags/);
  err("(unclosed", /missing '\)'/);
  err("[abc", /missing '\]'/);
  err("a{3,1}", /less than/);
  err("\\q", /not an XSD escape/);
  err("[z-a]", /out of order/);
});

Deno.test("xsd pattern: a leading ^ or trailing $ is a warning, the pattern still compiles", () => {
  const a = analyzeXsdPattern("^abc$");
  assert.ok(a.re2);
  assert.equal(a.problems.length, 2);
  assert.ok(a.problems.every((p) => p.severity === "warning" && p.code === "pattern_anchor"));
  assert.match(a.problems[0].message, /literal character/);
  assert.deepEqual(analyzeXsdPattern("[^a]b").problems, [], "class negation is not an anchor");
  const esc = analyzeXsdPattern("a\\/b");
  assert.equal(esc.problems[0].severity, "warning");
  assert.equal(esc.problems[0].code, "pattern_escape");
});

Deno.test("xsd pattern: checking a wall named a×31+c against (a+)+b ends (fails, fast)", async () => {
  const { checkIdsXml } = await import("../../src/check/run.ts");
  const ids = `<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>ReDoS</title></info><specifications>
  <specification name="s" ifcVersion="IFC4"><applicability maxOccurs="unbounded">
    <entity><name><simpleValue>IFCWALL</simpleValue></name></entity></applicability>
  <requirements><attribute><name><simpleValue>Name</simpleValue></name><value>
    <xs:restriction base="xs:string"><xs:pattern value="(a+)+b"/></xs:restriction>
  </value></attribute></requirements></specification></specifications></ids>`;
  const name = "a".repeat(31) + "c";
  const ifc = syntheticModel(1).replace("'Wall 0'", `'${name}'`);
  const t0 = performance.now();
  assert.ok(ifc.includes(name));
  const report = await checkIdsXml(ids, new TextEncoder().encode(ifc));
  assert.equal(report.status, "fail");
  console.log(`check with (a+)+b on a×31+c: ${(performance.now() - t0).toFixed(1)} ms`);
});

/** The code points of an RE2 class `[\x{…}-\x{…}…]` as a membership test. */
function classMembers(re2: string): (cp: number) => boolean {
  const ranges = [...re2.matchAll(/\\x\{([0-9a-f]+)\}(?:-\\x\{([0-9a-f]+)\})?/g)].map((m) =>
    [parseInt(m[1], 16), parseInt(m[2] ?? m[1], 16)] as const
  );
  const negated = re2.startsWith("[^");
  const inside = new Uint8Array(0x110000);
  for (const [a, b] of ranges) inside.fill(1, a, b + 1);
  return (cp) => (inside[cp] === 1) !== negated;
}

Deno.test("xsd pattern: \\w and class subtraction take the host's Unicode categories, code point by code point", () => {
  const cases: [string, RegExp, (cp: number) => boolean][] = [
    ["\\w", /^[^\p{P}\p{Z}\p{C}]$/u, () => true],
    ["\\W", /^[\p{P}\p{Z}\p{C}]$/u, () => true],
    ["[\\p{Lu}-[A]]", /^\p{Lu}$/u, (cp) => cp !== 0x41],
  ];
  for (const [pattern, unicode, also] of cases) {
    const re2 = analyzeXsdPattern(pattern).re2!;
    const member = classMembers(re2);
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff && wrong.length < 5; cp++) {
      const expected = unicode.test(String.fromCodePoint(cp)) && also(cp);
      if (member(cp) !== expected) wrong.push(cp.toString(16));
    }
    assert.deepStrictEqual(wrong, [], `${pattern}: code points translated wrongly`);
  }
});

Deno.test("xsd pattern: the written-out P, Z and C code points are this runtime's", () => {
  assert.deepStrictEqual(
    decodeRanges(PZC_RANGES),
    hostCategoryRanges("P", "Z", "C"),
    "this Deno's Unicode tables differ: run `deno run --allow-write scripts/gen_unicode_pzc.ts`",
  );
  assert.deepStrictEqual(decodeRanges(encodeRanges([[0, 0], [2, 5], [0x10ffff, 0x10ffff]])), [
    [0, 0],
    [2, 5],
    [0x10ffff, 0x10ffff],
  ]);
});
