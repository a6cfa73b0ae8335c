/** IDS value matching: simple values, restrictions, tolerance and XSD patterns. */
import assert from "node:assert/strict";
import {
  compilePattern,
  parseNumber,
  realEquals,
  simpleMatches,
  valueMatches,
} from "../../src/ids/match.ts";
import type { RestrictionFacet, RestrictionValue } from "../../src/ids/model.ts";

function r(base: string, ...facets: [RestrictionFacet["kind"], string][]): RestrictionValue {
  return { kind: "restriction", base, facets: facets.map(([kind, value]) => ({ kind, value })) };
}

Deno.test("simple values cast to the model value's type", () => {
  assert.equal(simpleMatches("Waldo", "Waldo"), true);
  assert.equal(simpleMatches("waldo", "Waldo"), false, "strings are case-sensitive");
  assert.equal(simpleMatches("42", 42n), true);
  assert.equal(simpleMatches("42.0", 42n), true);
  assert.equal(simpleMatches("42.3", 42n), false);
  assert.equal(simpleMatches("1e3", 1000), true);
  assert.equal(simpleMatches("42,3", 42.3), false, "only XSD number forms");
  assert.equal(simpleMatches("true", true), true);
  assert.equal(simpleMatches("TRUE", true), false, "booleans are lower case");
  assert.equal(simpleMatches("0", false), true);
  assert.equal(simpleMatches("42", "42"), true, "a number in a string stays a string");
  assert.equal(simpleMatches("42.0", "42"), false);
});

Deno.test("reals compare with the 1e-6 relative tolerance of IDS 1.0", () => {
  assert.equal(realEquals(100000.100001, 100000), true);
  assert.equal(realEquals(100000.1000011, 100000), false);
  assert.equal(realEquals(-999998.999999, -1000000), true);
  assert.equal(realEquals(-999998.9999989, -1000000), false);
  assert.equal(realEquals(0.000001, 0), true);
  assert.equal(realEquals(-0.0000011, 0), false);
  // Inclusive bounds widen, exclusive bounds narrow by the tolerance.
  assert.equal(valueMatches(r("xs:double", ["minInclusive", "0"]), -0.000001), true);
  assert.equal(valueMatches(r("xs:double", ["minInclusive", "0"]), -0.0000011), false);
  assert.equal(valueMatches(r("xs:double", ["minExclusive", "0"]), 0.0000009), false);
  assert.equal(valueMatches(r("xs:double", ["minExclusive", "0"]), 0.0000011), true);
  assert.equal(valueMatches(r("xs:double", ["maxExclusive", "0"]), -0.0000009), false);
  // Integers are exact.
  assert.equal(valueMatches(r("xs:integer", ["maxInclusive", "10"]), 11n), false);
});

Deno.test("restrictions: enumerations, lengths, digits, bounds on strings", () => {
  const e = r("xs:string", ["enumeration", "EI60"], ["enumeration", "EI90"]);
  assert.equal(valueMatches(e, "EI90"), true);
  assert.equal(valueMatches(e, "ei90"), false);
  assert.equal(valueMatches(r("xs:double", ["enumeration", "42"]), 42.0000001), true);
  assert.equal(valueMatches(r("xs:string", ["length", "3"]), "abc"), true);
  assert.equal(valueMatches(r("xs:string", ["minLength", "2"], ["maxLength", "3"]), "abcd"), false);
  assert.equal(valueMatches(r("xs:string", ["minLength", "2"], ["maxLength", "3"]), "ab"), true);
  assert.equal(valueMatches(r("xs:string", ["length", "2"]), "日本"), true, "characters");
  const digits = r("xs:decimal", ["totalDigits", "4"], ["fractionDigits", "2"]);
  // Outside IDS 1.0: not enforced (the audit warns).
  assert.equal(valueMatches(digits, 12.34), true);
  assert.equal(valueMatches(digits, 12.345), true);
  assert.equal(valueMatches(digits, 123.45), true);
  assert.equal(valueMatches(r("xs:double", ["minInclusive", "1"]), "abc"), false);
  assert.equal(valueMatches(r("xs:boolean", ["minInclusive", "0"]), true), false);
});

Deno.test("XSD patterns are anchored and translated to JS", () => {
  const m = (p: string, s: string) => valueMatches(r("xs:string", ["pattern", p]), s);
  assert.equal(m("IFC.*TYPE", "IFCWALLTYPE"), true);
  assert.equal(m("IFC.*TYPE", "XIFCWALLTYPE"), false, "implicitly anchored");
  assert.equal(m("IFC.*TYPE", "IFCWALLTYPES"), false);
  assert.equal(m("[A-Z]{2}\\d{2}", "EF25"), true);
  assert.equal(m("\\w+", ""), false);
  assert.equal(m("^abc$", "abc"), false, "^ and $ are literal characters in XSD");
  assert.equal(m("^abc$", "^abc$"), true);
  assert.equal(m("\\i\\c*", "x-1"), true, "name start and name characters");
  assert.equal(m("\\i\\c*", "1x"), false);
  assert.equal(m("[a-z-[aeiou]]+", "xyz"), true, "character class subtraction");
  assert.equal(m("[a-z-[aeiou]]+", "xaz"), false);
  assert.equal(m("a\\-b", "a-b"), true);
  assert.equal(m(".*", "42"), true);
  assert.equal(
    valueMatches(r("xs:string", ["pattern", ".*"]), 42),
    false,
    "patterns: strings only",
  );
  assert.equal(compilePattern("(unclosed"), undefined);
  assert.equal(compilePattern("(?i)abc"), undefined, "no JS-only syntax");
});

Deno.test("parseNumber accepts XSD lexical forms only", () => {
  assert.equal(parseNumber("42"), 42);
  assert.equal(parseNumber("-1.5e-3"), -0.0015);
  assert.equal(parseNumber(".5"), 0.5);
  assert.equal(parseNumber("5."), 5);
  assert.equal(parseNumber("INF"), Infinity);
  assert.equal(parseNumber("42,3"), undefined);
  assert.equal(parseNumber("123,4.5"), undefined);
  assert.equal(parseNumber("0x10"), undefined);
  assert.equal(parseNumber(""), undefined);
});
