/**
 * XSD regular expressions (`xs:pattern`) for IDS: parsed by the XSD grammar, translated to RE2
 * syntax and matched with re2js, whose automaton runs in time linear in the input. A
 * backtracking engine (JavaScript's RegExp) needs seconds or more for a hostile pattern such as
 * `(a+)+b` against `aaa…c`; an IDS is untrusted input, so patterns never reach it.
 *
 * The parser also reports what XSD does not allow, with a message an agent can act on:
 * JavaScript/Perl-only syntax (`(?:`, lookarounds, backreferences, lazy quantifiers, `\b`),
 * unknown escapes and malformed patterns are errors; a leading `^` or trailing `$` (literal
 * characters in XSD, where patterns are always anchored) is a warning.
 *
 * XSD specifics handled: implicit anchoring (the whole value must match), `^`/`$` literal,
 * `.` excludes CR and LF, `\i \I \c \C \d \D \w \W \s \S`, `\p{…}`/`\P{…}` categories and
 * common `Is…` blocks, character-class subtraction `[a-z-[aeiou]]`.
 *
 * @module
 */
import { RE2JS } from "../deps/re2js.ts";
import { decodeRanges, PZC_RANGES } from "./unicode_pzc.ts";

/** One thing wrong (or suspicious) in a pattern. */
export interface PatternProblem {
  readonly severity: "error" | "warning";
  /**
   * `pattern_syntax` (malformed or not XSD), `pattern_anchor` (literal ^/$ at an end) or
   * `pattern_escape` (a needless escape of punctuation, which some XSD engines refuse).
   */
  readonly code: "pattern_syntax" | "pattern_anchor" | "pattern_escape";
  readonly message: string;
}

/** A compiled pattern: `test` is true when the whole value matches. */
export interface XsdPattern {
  test(value: string): boolean;
}

/** The outcome of analysing a pattern: the RE2 translation when it is valid. */
export interface PatternAnalysis {
  readonly re2?: string;
  readonly problems: readonly PatternProblem[];
}

class PatternError extends Error {}

export type Range = [number, number];

const NAME_START: Range[] = [
  [0x3a, 0x3a],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x2ff],
  [0x370, 0x37d],
  [0x37f, 0x1fff],
  [0x200c, 0x200d],
  [0x2070, 0x218f],
  [0x2c00, 0x2fef],
  [0x3001, 0xd7ff],
  [0xf900, 0xfdcf],
  [0xfdf0, 0xfffd],
  [0x10000, 0xeffff],
];
const NAME_CHAR: Range[] = normalize([
  ...NAME_START,
  [0x2d, 0x2e],
  [0x30, 0x39],
  [0xb7, 0xb7],
  [0x300, 0x36f],
  [0x203f, 0x2040],
]);
const SPACE: Range[] = [[0x9, 0xa], [0xd, 0xd], [0x20, 0x20]];
const MAX_CP = 0x10ffff;

/** Unicode blocks XSD names with `\p{IsX}` (the common ones; others are reported). */
const BLOCKS: Record<string, Range> = {
  BasicLatin: [0x0, 0x7f],
  "Latin-1Supplement": [0x80, 0xff],
  "LatinExtended-A": [0x100, 0x17f],
  "LatinExtended-B": [0x180, 0x24f],
  IPAExtensions: [0x250, 0x2af],
  SpacingModifierLetters: [0x2b0, 0x2ff],
  CombiningDiacriticalMarks: [0x300, 0x36f],
  Greek: [0x370, 0x3ff],
  GreekandCoptic: [0x370, 0x3ff],
  Cyrillic: [0x400, 0x4ff],
  Armenian: [0x530, 0x58f],
  Hebrew: [0x590, 0x5ff],
  Arabic: [0x600, 0x6ff],
  Devanagari: [0x900, 0x97f],
  Thai: [0xe00, 0xe7f],
  LatinExtendedAdditional: [0x1e00, 0x1eff],
  GreekExtended: [0x1f00, 0x1fff],
  GeneralPunctuation: [0x2000, 0x206f],
  SuperscriptsandSubscripts: [0x2070, 0x209f],
  CurrencySymbols: [0x20a0, 0x20cf],
  LetterlikeSymbols: [0x2100, 0x214f],
  NumberForms: [0x2150, 0x218f],
  Arrows: [0x2190, 0x21ff],
  MathematicalOperators: [0x2200, 0x22ff],
  BoxDrawing: [0x2500, 0x257f],
  GeometricShapes: [0x25a0, 0x25ff],
  CJKSymbolsandPunctuation: [0x3000, 0x303f],
  Hiragana: [0x3040, 0x309f],
  Katakana: [0x30a0, 0x30ff],
  CJKUnifiedIdeographs: [0x4e00, 0x9fff],
  HangulSyllables: [0xac00, 0xd7af],
  HalfwidthandFullwidthForms: [0xff00, 0xffef],
};

const CATEGORIES = new Set([
  "L",
  "Lu",
  "Ll",
  "Lt",
  "Lm",
  "Lo",
  "M",
  "Mn",
  "Mc",
  "Me",
  "N",
  "Nd",
  "Nl",
  "No",
  "P",
  "Pc",
  "Pd",
  "Ps",
  "Pe",
  "Pi",
  "Pf",
  "Po",
  "Z",
  "Zs",
  "Zl",
  "Zp",
  "S",
  "Sm",
  "Sc",
  "Sk",
  "So",
  "C",
  "Cc",
  "Cf",
  "Co",
  "Cn",
]);

function normalize(rs: Range[]): Range[] {
  const sorted = rs.map((r) => [r[0], r[1]] as Range).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

function complement(rs: Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [a, b] of normalize(rs)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function subtract(a: Range[], b: Range[]): Range[] {
  const nb = complement(b);
  // a ∩ ¬b
  const out: Range[] = [];
  let j = 0;
  for (const [s, e] of normalize(a)) {
    while (j < nb.length && nb[j][1] < s) j++;
    for (let k = j; k < nb.length && nb[k][0] <= e; k++) {
      out.push([Math.max(s, nb[k][0]), Math.min(e, nb[k][1])]);
    }
  }
  return out;
}

const categoryCache = new Map<string, Range[]>([["P Z C", decodeRanges(PZC_RANGES)]]);

/** The code point ranges of the union of Unicode categories (once per process for each). */
function categoryRanges(...cats: string[]): Range[] {
  const key = cats.join(" ");
  let rs = categoryCache.get(key);
  if (!rs) categoryCache.set(key, rs = hostCategoryRanges(...cats));
  return rs;
}

/**
 * The code point ranges of the union of Unicode categories, computed with the host's Unicode
 * tables (`P Z C`, for `\w`, is written out in unicode_pzc.ts from this). Only needed for class
 * subtraction (RE2 has no set difference) and `\w`.
 * A union is one pass (not one per category), and a block of 256 code points all in or all
 * out (most of them) is settled by one test: ≈ 50 ms for `\w` instead of ≈ 150 ms.
 */
export function hostCategoryRanges(...cats: string[]): Range[] {
  const cls = cats.map((c) => `\\p{${c}}`).join("");
  const one = new RegExp(`^[${cls}]$`, "u");
  const all = new RegExp(`^[${cls}]+$`, "u");
  const none = new RegExp(`^[^${cls}]+$`, "u");
  const out: Range[] = [];
  let start = -1;
  const BLOCK = 256;
  const block: number[] = new Array(BLOCK);
  for (let base = 0; base <= MAX_CP; base += BLOCK) {
    // Surrogates one by one: two lone surrogates side by side would read as a pair.
    let s: string | undefined;
    if (base < 0xd800 || base >= 0xe000) {
      for (let i = 0; i < BLOCK; i++) block[i] = base + i;
      s = String.fromCodePoint(...block);
    }
    if (s !== undefined && all.test(s)) {
      if (start < 0) start = base;
    } else if (s !== undefined && none.test(s)) {
      if (start >= 0) out.push([start, base - 1]);
      start = -1;
    } else {
      for (let cp = base; cp < base + BLOCK; cp++) {
        const inCat = one.test(String.fromCodePoint(cp));
        if (inCat && start < 0) start = cp;
        else if (!inCat && start >= 0) {
          out.push([start, cp - 1]);
          start = -1;
        }
      }
    }
  }
  if (start >= 0) out.push([start, MAX_CP]);
  return out;
}

function hex(cp: number): string {
  return cp <= 0xffff ? `\\x{${cp.toString(16).padStart(4, "0")}}` : `\\x{${cp.toString(16)}}`;
}

function rangesToClass(rs: Range[], negate = false): string {
  const body = normalize(rs).map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join(
    "",
  );
  if (!body) return negate ? "(?s:.)" : "[^\\x{0}-\\x{10ffff}]";
  return `[${negate ? "^" : ""}${body}]`;
}

/** One item of a character class: explicit ranges, or an RE2 class atom like `\p{Lu}`. */
type ClassItem =
  | { kind: "ranges"; ranges: Range[] }
  | { kind: "category"; name: string; negate: boolean };

function itemRanges(i: ClassItem): Range[] {
  if (i.kind === "ranges") return i.ranges;
  const r = categoryRanges(i.name);
  return i.negate ? complement(r) : r;
}

const SINGLE_ESCAPES: Record<string, number> = {
  n: 0xa,
  r: 0xd,
  t: 0x9,
  "\\": 0x5c,
  "|": 0x7c,
  ".": 0x2e,
  "?": 0x3f,
  "*": 0x2a,
  "+": 0x2b,
  "(": 0x28,
  ")": 0x29,
  "{": 0x7b,
  "}": 0x7d,
  "-": 0x2d,
  "[": 0x5b,
  "]": 0x5d,
  "^": 0x5e,
  // Not in XSD 1.0's list, but harmless and widely accepted by XSD engines.
  $: 0x24,
};

const NOT_XSD_ESCAPES: Record<string, string> = {
  b: "'\\b' (word boundary) is JavaScript/Perl syntax, not XSD",
  B: "'\\B' (non-word boundary) is JavaScript/Perl syntax, not XSD",
  A: "'\\A' is not XSD: patterns always match the whole value",
  z: "'\\z' is not XSD: patterns always match the whole value",
  Z: "'\\Z' is not XSD: patterns always match the whole value",
  x: "'\\x' hexadecimal escapes are not XSD; write the character itself or use '&#x..;' in XML",
  u: "'\\u' escapes are not XSD; write the character itself or use '&#x..;' in XML",
  k: "named backreferences are not XSD",
  f: "'\\f' is not an XSD escape",
  v: "'\\v' is not an XSD escape",
  "0": "'\\0' is not an XSD escape",
};

/** Translates one XSD pattern; throws PatternError on what XSD does not allow. */
class Translator {
  i = 0;
  readonly warnings: { code: "pattern_anchor" | "pattern_escape"; message: string }[] = [];
  constructor(readonly p: string) {}

  fail(message: string): never {
    throw new PatternError(message);
  }

  translate(): string {
    const out = this.regExp();
    if (this.i < this.p.length) {
      this.fail(`unbalanced ')' at position ${this.i + 1}`);
    }
    return out;
  }

  private regExp(): string {
    const branches = [this.branch()];
    while (this.p[this.i] === "|") {
      this.i++;
      branches.push(this.branch());
    }
    return branches.join("|");
  }

  private branch(): string {
    let out = "";
    while (this.i < this.p.length && this.p[this.i] !== "|" && this.p[this.i] !== ")") {
      out += this.piece();
    }
    return out;
  }

  private piece(): string {
    const atom = this.atom();
    const q = this.quantifier();
    if (q) {
      const next = this.p[this.i];
      if (next === "?" || next === "+" || next === "*" || next === "{") {
        if (next === "?") {
          this.fail(`lazy quantifier '${q}?' is JavaScript/Perl syntax, not XSD`);
        }
        if (next === "+") {
          this.fail(`possessive quantifier '${q}+' is not XSD`);
        }
        this.fail(`a quantifier cannot follow the quantifier '${q}'`);
      }
    }
    return atom + q;
  }

  private quantifier(): string {
    const c = this.p[this.i];
    if (c === "?" || c === "*" || c === "+") {
      this.i++;
      return c;
    }
    if (c !== "{") return "";
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
    if (!m) this.fail(`malformed quantifier at position ${this.i + 1} (XSD: {n}, {n,} or {n,m})`);
    const min = Number(m[1]);
    const max = m[3] ? Number(m[3]) : undefined;
    if (max !== undefined && max < min) this.fail(`quantifier ${m[0]}: ${max} is less than ${min}`);
    if (min > 1000 || (max ?? 0) > 1000) {
      this.fail(`quantifier ${m[0]}: repetition counts above 1000 are not supported`);
    }
    this.i += m[0].length;
    return m[0];
  }

  private atom(): string {
    const p = this.p;
    const c = p[this.i];
    switch (c) {
      case "(": {
        if (p[this.i + 1] === "?") {
          const what = p.startsWith("(?:", this.i)
            ? "non-capturing groups '(?:…)'"
            : p.startsWith("(?=", this.i) || p.startsWith("(?!", this.i)
            ? "lookaheads '(?=…)'/'(?!…)'"
            : p.startsWith("(?<=", this.i) || p.startsWith("(?<!", this.i)
            ? "lookbehinds '(?<=…)'/'(?<!…)'"
            : p.startsWith("(?<", this.i) || p.startsWith("(?P<", this.i)
            ? "named groups '(?<name>…)'"
            : "inline flags and '(?…)' groups";
          this.fail(`${what} are JavaScript/Perl syntax, not XSD; use a plain group '(…)'`);
        }
        this.i++;
        const inner = this.regExp();
        if (p[this.i] !== ")") this.fail("unclosed '(': missing ')'");
        this.i++;
        return `(?:${inner})`;
      }
      case ")":
        return this.fail(`unbalanced ')' at position ${this.i + 1}`);
      case "[":
        return this.charClass();
      case "]":
        return this.fail(`unescaped ']' at position ${this.i + 1}; write '\\]'`);
      case "\\":
        return this.escapeAtom();
      case ".":
        this.i++;
        return "[^\\n\\r]";
      case "?":
      case "*":
      case "+":
        return this.fail(`'${c}' at position ${this.i + 1} has nothing to repeat`);
      case "{":
        return this.fail(`'{' at position ${this.i + 1} has nothing to repeat; write '\\{'`);
      case "}":
        this.i++;
        return "\\}"; // a normal character in XSD
      default: {
        const cp = p.codePointAt(this.i)!;
        if ((c === "^" && this.i === 0) || (c === "$" && this.i === p.length - 1)) {
          this.warnings.push({
            code: "pattern_anchor",
            message:
              `'${c}' is a literal character in XSD patterns, which always match the whole value; ` +
              `remove it unless the value really ${c === "^" ? "starts" : "ends"} with '${c}'`,
          });
        }
        this.i += cp > 0xffff ? 2 : 1;
        return hex(cp);
      }
    }
  }

  /** An escape outside a class. */
  private escapeAtom(): string {
    const item = this.escape();
    if (item.kind === "category") return `\\${item.negate ? "P" : "p"}{${item.name}}`;
    return rangesToClass(item.ranges);
  }

  /** Parses `\…` at the cursor into a class item. */
  private escape(): ClassItem {
    const p = this.p;
    const c = p[this.i + 1];
    if (c === undefined) this.fail("the pattern ends with a lone '\\'");
    this.i += 2;
    if (c in SINGLE_ESCAPES) {
      return { kind: "ranges", ranges: [[SINGLE_ESCAPES[c], SINGLE_ESCAPES[c]]] };
    }
    switch (c) {
      case "s":
        return { kind: "ranges", ranges: SPACE };
      case "S":
        return { kind: "ranges", ranges: complement(SPACE) };
      case "i":
        return { kind: "ranges", ranges: NAME_START };
      case "I":
        return { kind: "ranges", ranges: complement(NAME_START) };
      case "c":
        return { kind: "ranges", ranges: NAME_CHAR };
      case "C":
        return { kind: "ranges", ranges: complement(NAME_CHAR) };
      case "d":
        return { kind: "category", name: "Nd", negate: false };
      case "D":
        return { kind: "category", name: "Nd", negate: true };
      case "w":
      case "W": {
        // XSD: every character except punctuation, separators and "other".
        const not = categoryRanges("P", "Z", "C");
        return { kind: "ranges", ranges: c === "w" ? complement(not) : not };
      }
      case "p":
      case "P": {
        const m = /^\{([A-Za-z0-9-]+)\}/.exec(p.slice(this.i));
        if (!m) this.fail(`'\\${c}' needs a category in braces, e.g. \\${c}{Lu}`);
        this.i += m[0].length;
        const name = m[1];
        if (name.startsWith("Is")) {
          const block = BLOCKS[name.slice(2)];
          if (!block) this.fail(`unknown or unsupported Unicode block '${name}'`);
          return { kind: "ranges", ranges: c === "p" ? [block] : complement([block]) };
        }
        if (!CATEGORIES.has(name)) this.fail(`unknown Unicode category '\\${c}{${name}}'`);
        return { kind: "category", name, negate: c === "P" };
      }
    }
    if (/[1-9]/.test(c)) this.fail(`backreferences ('\\${c}') are not XSD`);
    const known = NOT_XSD_ESCAPES[c];
    if (known) this.fail(known);
    if (/[\p{L}\p{N}]/u.test(c)) this.fail(`'\\${c}' is not an XSD escape`);
    // XSD engines differ on escaped punctuation such as '\/': accept it as the literal.
    this.warnings.push({
      code: "pattern_escape",
      message: `'\\${c}' is not an XSD escape; '${c}' needs no backslash`,
    });
    const cp = c.codePointAt(0)!;
    return { kind: "ranges", ranges: [[cp, cp]] };
  }

  /** `[…]`, `[^…]`, with an optional subtraction `-[…]` before the closing bracket. */
  private charClass(): string {
    const { items, negate, sub } = this.classBody();
    if (!sub && !items.some((i) => i.kind === "category")) {
      return rangesToClass(items.flatMap(itemRanges), negate);
    }
    if (!sub) {
      const body = items.map((i) =>
        i.kind === "category"
          ? `\\${i.negate ? "P" : "p"}{${i.name}}`
          : i.ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join("")
      ).join("");
      return `[${negate ? "^" : ""}${body}]`;
    }
    let base = normalize(items.flatMap(itemRanges));
    if (negate) base = complement(base);
    return rangesToClass(subtract(base, sub));
  }

  private classBody(): { items: ClassItem[]; negate: boolean; sub?: Range[] } {
    const p = this.p;
    this.i++; // [
    let negate = false;
    if (p[this.i] === "^") {
      negate = true;
      this.i++;
    }
    const items: ClassItem[] = [];
    let sub: Range[] | undefined;
    let first = true;
    while (this.i < p.length && p[this.i] !== "]") {
      if (p[this.i] === "-" && p[this.i + 1] === "[") {
        this.i++;
        const inner = this.classBody();
        let r = normalize(inner.items.flatMap(itemRanges));
        if (inner.negate) r = complement(r);
        if (inner.sub) r = subtract(r, inner.sub);
        sub = r;
        if (p[this.i] !== "]") this.fail("a class subtraction must end the character class");
        break;
      }
      if (p[this.i] === "[" && !first) {
        this.fail(`unescaped '[' inside a character class at position ${this.i + 1}; write '\\['`);
      }
      const lo = this.classChar(first);
      first = false;
      if (lo.kind === "category" || lo.ranges.length !== 1 || lo.ranges[0][0] !== lo.ranges[0][1]) {
        items.push(lo);
        continue;
      }
      if (p[this.i] === "-" && p[this.i + 1] !== "]" && p[this.i + 1] !== "[") {
        this.i++;
        const hi = this.classChar(false);
        if (
          hi.kind === "category" || hi.ranges.length !== 1 || hi.ranges[0][0] !== hi.ranges[0][1]
        ) {
          this.fail("a character range must end with a single character");
        }
        const a = lo.ranges[0][0];
        const b = hi.ranges[0][0];
        if (b < a) {
          this.fail(
            `character range out of order: '${String.fromCodePoint(a)}-${String.fromCodePoint(b)}'`,
          );
        }
        items.push({ kind: "ranges", ranges: [[a, b]] });
      } else {
        items.push(lo);
      }
    }
    if (p[this.i] !== "]") this.fail("unclosed character class: missing ']'");
    this.i++;
    if (!items.length) this.fail("empty character class '[]'");
    return { items, negate, sub };
  }

  private classChar(first: boolean): ClassItem {
    const p = this.p;
    const c = p[this.i];
    if (c === "\\") return this.escape();
    if (c === "[" && first) this.fail(`unescaped '[' inside a character class; write '\\['`);
    const cp = p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { kind: "ranges", ranges: [[cp, cp]] };
  }
}

const analysisCache = new Map<string, PatternAnalysis>();
const compiledCache = new Map<string, XsdPattern | undefined>();
const CACHE_LIMIT = 2048;

function remember<T>(m: Map<string, T>, k: string, v: T): T {
  if (m.size >= CACHE_LIMIT) m.delete(m.keys().next().value!);
  m.set(k, v);
  return v;
}

/** Parses an XSD pattern: its RE2 translation when valid, and every problem found. */
export function analyzeXsdPattern(pattern: string): PatternAnalysis {
  const hit = analysisCache.get(pattern);
  if (hit) return hit;
  const t = new Translator(pattern);
  let out: PatternAnalysis;
  try {
    const re2 = t.translate();
    out = {
      re2,
      problems: t.warnings.map((w) => ({ severity: "warning", ...w })),
    };
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    out = { problems: [{ severity: "error", code: "pattern_syntax", message: e.message }] };
  }
  return remember(analysisCache, pattern, out);
}

/**
 * Compiles an XSD pattern for matching whole values in linear time, or undefined when it is
 * not a valid XSD regular expression.
 */
export function compileXsdPattern(pattern: string): XsdPattern | undefined {
  if (compiledCache.has(pattern)) return compiledCache.get(pattern);
  const { re2 } = analyzeXsdPattern(pattern);
  let compiled: XsdPattern | undefined;
  if (re2 !== undefined) {
    try {
      const re = RE2JS.compile(re2);
      compiled = { test: (value: string) => re.matches(value) };
    } catch {
      compiled = undefined;
    }
  }
  return remember(compiledCache, pattern, compiled);
}
