/**
 * IDS value matching: does a value found in a model satisfy an `ids:idsValue` (a simple value
 * or an `xs:restriction`)? Pure functions shared by the IFC checker and the semantic audit.
 *
 * Semantics follow IDS 1.0 and its official test cases:
 * - the IDS side is text; it is cast to the type of the model value (string, real, integer,
 *   boolean). Strings compare case-sensitively; booleans are written `true`/`false` (or 1/0).
 * - reals compare with a tolerance of 1e-6 · (1 + |expected|); inclusive bounds widen by that
 *   tolerance and exclusive bounds narrow by it.
 * - patterns are XSD regular expressions: implicitly anchored (whole value), matched in linear
 *   time by xsd_pattern.ts (`\i`, `\c`, class subtraction, literal `^`/`$`); they only match
 *   strings.
 * - lengths count the characters of the value's text form; `xs:totalDigits` and
 *   `xs:fractionDigits` are outside IDS 1.0: the audit warns and checking ignores them.
 *
 * @module
 */
import type { IdsValue, RestrictionFacet, RestrictionValue } from "./model.ts";
import { compileXsdPattern, type XsdPattern } from "./xsd_pattern.ts";

/**
 * A model value as the checker hands it over: `string` for text types, `number` for reals,
 * `bigint` for integers, `boolean` for booleans (and logicals other than UNKNOWN).
 */
export type Actual = string | number | bigint | boolean;

const NUMBER_RE = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|INF|NaN)\s*$/;

/** Parses IDS text as a number (xs:double/xs:decimal lexical forms), or undefined. */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER_RE.test(text)) return undefined;
  const t = text.trim();
  if (t.endsWith("INF")) return t.startsWith("-") ? -Infinity : Infinity;
  const n = Number(t);
  return Number.isNaN(n) && !t.includes("NaN") ? undefined : n;
}

/** Parses IDS text as a boolean (`true`, `false`, `1`, `0`), or undefined. */
export function parseBoolean(text: string): boolean | undefined {
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  return undefined;
}

/** The real-number tolerance of IDS 1.0 around an expected value. */
export function tolerance(expected: number): number {
  return 1e-6 * (1 + Math.abs(expected)) * (1 + 1e-9);
}

/** True when real `actual` equals `expected` within the IDS tolerance. */
export function realEquals(actual: number, expected: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tolerance(expected);
}

/** The text form of a model value used by length facets and messages. */
export function actualText(a: Actual): string {
  if (typeof a === "string") return a;
  if (typeof a === "boolean") return a ? "true" : "false";
  if (typeof a === "bigint") return a.toString();
  return Number.isInteger(a) ? a.toFixed(1) : String(a);
}

/** Does a simple value (IDS text) equal the model value, cast to the model value's type? */
export function simpleMatches(expected: string, actual: Actual): boolean {
  if (typeof actual === "string") return actual === expected;
  if (typeof actual === "boolean") return parseBoolean(expected) === actual;
  const n = parseNumber(expected);
  if (n === undefined) return false;
  if (typeof actual === "bigint") return n === Number(actual);
  return realEquals(actual, n);
}

function numeric(a: Actual): number | undefined {
  if (typeof a === "number") return a;
  if (typeof a === "bigint") return Number(a);
  if (typeof a === "string") return parseNumber(a);
  return undefined;
}

function facetMatches(f: RestrictionFacet, actual: Actual): boolean {
  switch (f.kind) {
    case "enumeration":
      return simpleMatches(f.value, actual) ||
        (typeof actual === "number" && parseNumber(f.value) === actual);
    case "pattern": {
      if (typeof actual !== "string") return false;
      const re = compilePattern(f.value);
      return re !== undefined && re.test(actual);
    }
    case "length":
      return [...actualText(actual)].length === Number(f.value);
    case "minLength":
      return [...actualText(actual)].length >= Number(f.value);
    case "maxLength":
      return [...actualText(actual)].length <= Number(f.value);
    case "minInclusive":
    case "maxInclusive":
    case "minExclusive":
    case "maxExclusive": {
      if (typeof actual === "boolean") return false;
      const a = numeric(actual);
      const b = parseNumber(f.value);
      if (a === undefined || b === undefined) return false;
      const tol = typeof actual === "number" ? tolerance(b) : 0;
      if (f.kind === "minInclusive") return a >= b - tol;
      if (f.kind === "maxInclusive") return a <= b + tol;
      if (f.kind === "minExclusive") return a > b + tol;
      return a < b - tol;
    }
    case "totalDigits":
    case "fractionDigits":
      // Outside IDS 1.0: the audit warns about them and checking ignores them.
      return true;
  }
}

/**
 * Does a restriction accept the model value? Enumerations match if any value matches; every
 * other facet must hold (several patterns: XSD ORs patterns in one derivation step).
 */
export function restrictionMatches(r: RestrictionValue, actual: Actual): boolean {
  // Enumerations, then patterns, then the rest, each in document order (as a filter and `some`
  // would), by index: no lists made per test (the audit and the checker test a lot of them).
  const facets = r.facets;
  if (!anyOfKindMatches(facets, "enumeration", actual)) return false;
  if (!anyOfKindMatches(facets, "pattern", actual)) return false;
  for (let i = 0; i < facets.length; i++) {
    const f = facets[i];
    if (f.kind === "enumeration" || f.kind === "pattern") continue;
    if (!facetMatches(f, actual)) return false;
  }
  return true;
}

/** True when no facet is of `kind`, or one of them matches (the first that does ends it). */
function anyOfKindMatches(
  facets: RestrictionValue["facets"],
  kind: "enumeration" | "pattern",
  actual: Actual,
): boolean {
  let any = false;
  for (let i = 0; i < facets.length; i++) {
    if (facets[i].kind !== kind) continue;
    if (facetMatches(facets[i], actual)) return true;
    any = true;
  }
  return !any;
}

/** Does an IDS value accept the model value? */
export function valueMatches(expected: IdsValue, actual: Actual): boolean {
  return expected.kind === "simple"
    ? simpleMatches(expected.value, actual)
    : restrictionMatches(expected, actual);
}

/** Convenience for names (entity, property set, property, system): string comparison. */
export function nameMatches(expected: IdsValue, actual: string): boolean {
  return valueMatches(expected, actual);
}

/**
 * Compiles an XSD pattern for whole-value matching in linear time (re2js, see
 * xsd_pattern.ts), or undefined when it is not a valid XSD regular expression.
 */
export function compilePattern(pattern: string): XsdPattern | undefined {
  return compileXsdPattern(pattern);
}
