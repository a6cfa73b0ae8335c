/**
 * A hardened, namespace-aware XML reader that turns untrusted text into a small element tree
 * with line numbers. IDS files come from users and agents, so the reader refuses DTDs (the
 * door to XXE and "billion laughs"), caps the input size and the nesting depth, and reports
 * well-formedness errors with the line they occur on. Everything above it (structural rules,
 * model mapping) works on this tree and never sees raw XML.
 *
 * It is a purpose-built scanner rather than a general SAX parser: IDS needs no DTD support,
 * so refusing DTDs outright keeps the grammar small, and scanning with indexOf and sticky
 * regular expressions is several times faster than an event-based parser. It checks XML 1.0
 * and Namespaces 1.0 well-formedness (characters, names, references, attribute uniqueness,
 * tag matching, prefix bindings) and is differential-tested against saxes.
 *
 * @module
 */
import { IdsError } from "./errors.ts";
import { runSync, type Sliced } from "./time_slice.ts";

/** Default maximum input size: 20 MB. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** Default maximum element nesting depth (an IDS needs about 10). */
export const DEFAULT_MAX_DEPTH = 64;

const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** An attribute with its resolved namespace ("" when unqualified). */
export interface XmlAttr {
  readonly ns: string;
  readonly local: string;
  /** The name as written, e.g. `xsi:schemaLocation`. */
  readonly qname: string;
  readonly value: string;
}

/** An element: resolved name, attributes, children (elements and text), start line. */
export interface XmlElement {
  readonly type: "element";
  readonly ns: string;
  readonly local: string;
  readonly qname: string;
  readonly attrs: readonly XmlAttr[];
  readonly children: readonly XmlNode[];
  readonly line: number;
  /** Namespace bindings in scope (prefix → URI; "" is the default namespace). */
  readonly scope: Readonly<Record<string, string>>;
}

/** Character data (text and CDATA sections, with references already expanded). */
export interface XmlTextNode {
  readonly type: "text";
  readonly text: string;
  readonly line: number;
}

export type XmlNode = XmlElement | XmlTextNode;

/** Limits applied to untrusted input. */
export interface XmlLimits {
  readonly maxBytes?: number;
  readonly maxDepth?: number;
}

/**
 * Takes elements at one depth as they end, for a reader that processes the document part by
 * part (document_reader.ts reads each specification as soon as it is scanned) instead of
 * keeping the whole tree.
 */
export interface SubtreeSink {
  /** Depth of the elements handed over (the root is at 0). */
  readonly depth: number;
  /**
   * Called as an element at `depth` ends, with its ancestors (root first), its content as
   * written (the text between its tags; undefined when it is self-closing), where it begins
   * and ends in the text, and a function that reads it again from there. True drops its
   * children and attributes from the tree (the element itself stays, with its name and line).
   */
  end(
    el: XmlElement,
    ancestors: readonly XmlElement[],
    content: string | undefined,
    start: number,
    end: number,
    reread: Reread,
  ): boolean;
  /**
   * Called after the start tag of an element at `depth` with what would be its content if it
   * ends at the first end tag of its name. True when the sink knows that content already (it
   * was the content of an element `end` was given, in the same namespace scope): the scanner
   * then skips it, since the same text in the same scope is as well-formed as it was, and
   * drops the element's attributes as `end` does.
   */
  known?(
    el: XmlElement,
    ancestors: readonly XmlElement[],
    content: string,
    start: number,
    end: number,
    reread: Reread,
  ): boolean;
}

/**
 * Reads the element at `start`–`end` of the text (its start tag on line `line`) again,
 * children and all, inside an element whose namespace scope is `scope`.
 */
export type Reread = (
  start: number,
  end: number,
  line: number,
  scope: Readonly<Record<string, string>>,
) => XmlElement;

interface MutableElement {
  type: "element";
  ns: string;
  local: string;
  qname: string;
  attrs: XmlAttr[];
  children: XmlNode[];
  line: number;
  scope: Record<string, string>;
}

/**
 * Scopes are null-prototype objects chained by prototype: a declaration costs O(1) whatever is
 * already in scope, and prefixes such as `constructor` or `__proto__` are plain keys.
 */
const BASE_SCOPE: Record<string, string> = Object.assign(Object.create(null), {
  xml: "http://www.w3.org/XML/1998/namespace",
  xmlns: XMLNS_NS,
});

/** Decodes bytes the way an XML processor would: BOM first, then the declared encoding. */
export function decodeXml(bytes: Uint8Array): string {
  let label = "utf-8";
  let offset = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) offset = 3;
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [label, offset] = ["utf-16be", 2];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [label, offset] = ["utf-16le", 2];
  else {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
    const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
    if (m) label = m[1].toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new IdsError("xml_malformed", `unsupported encoding '${label}'`, [
      { kind: "xml", message: `unsupported encoding '${label}'`, line: 1 },
    ]);
  }
  try {
    return decoder.decode(bytes.subarray(offset));
  } catch {
    const message = `input is not valid ${label.toUpperCase()} text`;
    throw new IdsError("xml_malformed", message, [{ kind: "xml", message }]);
  }
}

// deno-lint-ignore no-control-regex
const NON_ASCII_RUN = /[^\x00-\x7F]+/g;
warmUp(NON_ASCII_RUN);

/**
 * UTF-8 length of `s`: one byte per code unit, plus what the runs of non-ASCII characters add.
 * Most IDS files are ASCII, or nearly: a compiled search finds the few runs (9.5 MB with 932
 * non-ASCII characters: ≈ 4 ms, where a loop over every character cost ≈ 18 ms cold).
 */
function utf8Length(s: string): number {
  let n = s.length;
  NON_ASCII_RUN.lastIndex = 0;
  for (let m = NON_ASCII_RUN.exec(s); m !== null; m = NON_ASCII_RUN.exec(s)) {
    const run = m[0];
    for (let i = 0; i < run.length; i++) {
      const c = run.charCodeAt(i);
      // 2 bytes below U+0800, else 3; a high surrogate and the code unit after it make 4 (so
      // does one that ends the text).
      n += c < 0x800 ? 1 : 2;
      if (c >= 0xd800 && c <= 0xdbff) {
        if (m.index + i + 1 === s.length) n++;
        i++;
      }
    }
  }
  return n;
}

function fail(
  code: "xml_malformed" | "xml_forbidden" | "too_large",
  message: string,
  line?: number,
) {
  const where = line === undefined ? "" : `line ${line}: `;
  return new IdsError(code, `${where}${message}`, [
    { kind: "xml", message, ...(line === undefined ? {} : { line }) },
  ]);
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";

const NAME_START =
  "A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const NAME_CHAR = NAME_START + "\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040";
// XML Name (colons allowed), including supplementary-plane characters.
const NAME_RE = new RegExp(
  `(?:[:${NAME_START}]|[\\uD800-\\uDB7F][\\uDC00-\\uDFFF])(?:[:${NAME_CHAR}]|[\\uD800-\\uDB7F][\\uDC00-\\uDFFF])*`,
  "y",
);
/**
 * Characters XML 1.0 does not allow anywhere (CR is gone after line-end normalisation); text
 * holding one cannot be written as XML at all, so tools refuse it as input.
 */
export const BAD_CHAR: RegExp =
  // deno-lint-ignore no-control-regex
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The characters BAD_CHAR matches besides lone surrogates (`isWellFormed` finds those). */
// deno-lint-ignore no-control-regex
const SUSPECT_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
warmUp(SUSPECT_CHAR);

/**
 * V8 runs a regular expression in its bytecode interpreter until it has run a few times, then
 * compiles it: the first test of a 10 MB document would be interpreted (~40x slower, a quarter
 * of a second here). A few runs on a short string make the big one run compiled.
 */
export function warmUp(re: RegExp): void {
  for (let i = 0; i < 3; i++) re.test(`warm-up ${i}`);
}
/** For each ASCII code: 2 may start a name, 1 may continue one, 0 is no name character. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_NAME[c] = /[:A-Z_a-z]/.test(ch) ? 2 : /[-.0-9]/.test(ch) ? 1 : 0;
}
/** The attributes of every element without any (most IDS elements): one shared empty list. */
const NO_ATTRS = Object.freeze([]) as unknown as XmlAttr[];
/** The children of every element without any, until its end tag gives it its own list. */
const NO_CHILDREN = Object.freeze([]) as unknown as XmlNode[];
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** Thrown inside the scanner; turned into an IdsError with a line by readXmlTree. */
class ScanError {
  constructor(
    readonly code: "xml_malformed" | "xml_forbidden" | "too_large",
    readonly message: string,
    readonly pos: number,
  ) {}
}

/** Markup items between two chances to pause (a few hundred microseconds of work). */
const YIELD_EVERY = 1024;

class Scanner {
  pos = 0;
  #qnames = new Map<string, readonly [string, string]>();
  /** Each element name as first read, so 300,000 elements share a few dozen name strings. */
  #interned = new Map<string, string>();
  /** The attributes of the start tag being read: names and values (see {@linkcode startTag}). */
  readonly #attrNames: string[] = [];
  readonly #attrValues: string[] = [];
  /** `</name>` by name, for {@linkcode #skipKnown} (one string per name, not per element). */
  readonly #closeTags = new Map<string, string>();
  /** Whether the last start tag read ended with `/>`. */
  selfClosing = false;
  /** Names read so far by a hash of their characters (see {@linkcode name}). */
  readonly #names = new Map<number, string>();
  #lineCursor = 0;
  #line = 1;
  /** Index of the first newline at or after `#lineCursor` (-1: none; -2: not looked up yet). */
  #nextNewline = -2;

  /** Scope of the element the scan starts with (BASE_SCOPE for a whole document). */
  baseScope: Readonly<Record<string, string>> = BASE_SCOPE;

  constructor(
    readonly text: string,
    readonly maxDepth: number,
    readonly sink?: SubtreeSink,
  ) {}

  /** Starts counting lines at `pos`, which is on line `line` (a scan starting mid-text). */
  resumeLinesAt(pos: number, line: number): void {
    this.#lineCursor = pos;
    this.#line = line;
    this.#nextNewline = -2;
  }

  /**
   * Line of `pos`. Positions are mostly asked for in increasing order, so the count resumes
   * from the last one; the next newline is remembered, so a long line (a minified document of
   * megabytes) is never rescanned: the whole read stays linear in the text.
   */
  lineOf(pos: number): number {
    if (pos < this.#lineCursor) {
      this.#lineCursor = 0;
      this.#line = 1;
      this.#nextNewline = -2;
    }
    const t = this.text;
    if (this.#nextNewline === -2) this.#nextNewline = t.indexOf("\n", this.#lineCursor);
    while (this.#nextNewline !== -1 && this.#nextNewline < pos) {
      this.#line++;
      this.#nextNewline = t.indexOf("\n", this.#nextNewline + 1);
    }
    this.#lineCursor = pos;
    return this.#line;
  }

  fail(message: string, pos = this.pos): never {
    throw new ScanError("xml_malformed", message, pos);
  }

  skipWs(): boolean {
    // A loop over char codes: the sticky expression it replaces cost a call into the regular
    // expression engine per tag and attribute (≈ 0.3 s over 300,000 elements, cold).
    const t = this.text;
    const start = this.pos;
    let p = start;
    for (let c = t.charCodeAt(p); c === 0x20 || c === 0x0a || c === 0x09; c = t.charCodeAt(p)) p++;
    this.pos = p;
    return p > start;
  }

  name(what: string): string {
    // ASCII names (all of IDS) are read with a loop over char codes and looked up by a hash of
    // their characters: no slice, no string hashing and no regular expression per name, which
    // cold cost ≈ 50 ms over the 300,000 names of a 20,000-specification document.
    const t = this.text;
    const start = this.pos;
    let c = t.charCodeAt(start);
    if (c < 0x80 && ASCII_NAME[c] === 2) {
      let h = c;
      let p = start + 1;
      for (c = t.charCodeAt(p); c < 0x80 && ASCII_NAME[c] !== 0; c = t.charCodeAt(++p)) {
        h = (h * 31 + c) & 0x3fffffff;
      }
      // A name character past ASCII continues the name: NAME_RE reads it below. Anything else
      // (or the end of the text, NaN) ends it here, where NAME_RE would end it too.
      if (!(c >= 0x80)) {
        this.pos = p;
        const known = this.#names.get(h);
        if (known !== undefined && known.length === p - start && t.startsWith(known, start)) {
          return known;
        }
        const name = t.slice(start, p);
        this.#names.set(h, name);
        return name;
      }
    }
    NAME_RE.lastIndex = start;
    if (!NAME_RE.test(t)) this.fail(`expected ${what}`);
    this.pos = NAME_RE.lastIndex;
    return t.slice(start, this.pos);
  }

  expect(s: string, what = `'${s}'`): void {
    if (!this.text.startsWith(s, this.pos)) this.fail(`expected ${what}`);
    this.pos += s.length;
  }

  /** Expands entity and character references in `raw` (which starts at `at`). */
  references(raw: string, at: number): string {
    let out = "";
    let last = 0;
    let amp = raw.indexOf("&");
    while (amp !== -1) {
      const semi = raw.indexOf(";", amp);
      if (semi === -1) this.fail("'&' must start a reference such as &amp;", at + amp);
      const ref = raw.slice(amp + 1, semi);
      let ch: string;
      if (ref.startsWith("#")) {
        const hex = ref.startsWith("#x");
        const digits = ref.slice(hex ? 2 : 1);
        const ok = hex ? /^[0-9A-Fa-f]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (!ok || !isXmlChar(code)) {
          this.fail(`character reference &${ref}; is not an XML character`, at + amp);
        }
        ch = String.fromCodePoint(code);
      } else {
        const p = PREDEFINED[ref];
        if (p === undefined) {
          this.fail(
            ref === "" || !/^[^\s&;<]+$/.test(ref)
              ? "'&' must start a reference such as &amp;"
              : `undefined entity &${ref}; (only &lt; &gt; &amp; &quot; &apos; exist without a DTD)`,
            at + amp,
          );
        }
        ch = p;
      }
      out += raw.slice(last, amp) + ch;
      last = semi + 1;
      amp = raw.indexOf("&", last);
    }
    return last === 0 ? raw : out + raw.slice(last);
  }

  /** Skips a comment (`<!--` at pos). */
  comment(): void {
    const end = this.text.indexOf("--", this.pos + 4);
    if (end === -1) this.fail("unterminated comment");
    if (this.text.charCodeAt(end + 2) !== 0x3e) {
      this.fail("'--' is not allowed inside a comment", end);
    }
    this.pos = end + 3;
  }

  /** Skips a processing instruction (`<?` at pos). */
  pi(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.name("a processing-instruction target");
    if (target.toLowerCase() === "xml") {
      this.fail("the XML declaration is only allowed at the very start", start);
    }
    if (target.includes(":")) {
      this.fail("a processing-instruction target cannot contain ':'", start);
    }
    const end = this.text.indexOf("?>", this.pos);
    if (end === -1) this.fail("unterminated processing instruction", start);
    if (end > this.pos && !this.skipWs()) this.fail("expected whitespace after the PI target");
    this.pos = end + 2;
  }

  /** Comments, PIs and whitespace outside the root element; DOCTYPE is refused. */
  misc(): void {
    const t = this.text;
    for (;;) {
      this.skipWs();
      if (t.startsWith("<!--", this.pos)) this.comment();
      else if (t.startsWith("<?", this.pos)) this.pi();
      else if (t.startsWith("<!DOCTYPE", this.pos)) {
        throw new ScanError(
          "xml_forbidden",
          "DOCTYPE declarations are not allowed in IDS files (DTDs and entities are refused)",
          this.pos,
        );
      } else return;
    }
  }

  xmlDecl(): void {
    const t = this.text;
    if (!/^<\?xml[ \t\n]/.test(t.slice(0, 6))) return;
    const end = t.indexOf("?>");
    if (end === -1) this.fail("unterminated XML declaration", 0);
    const decl = t.slice(5, end);
    const m =
      /^[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*$/
        .exec(decl);
    if (!m) this.fail("malformed XML declaration", 0);
    this.pos = end + 2;
  }

  /** Parses the whole document and returns the root element (yields now and then). */
  *document(): Sliced<XmlElement> {
    const t = this.text;
    // The exact test has look-arounds (lone surrogates) and is slow on megabytes: it runs only
    // when a simple class or the native well-formedness test finds a suspect character.
    const bad = SUSPECT_CHAR.test(t) || !t.isWellFormed() ? BAD_CHAR.exec(t) : null;
    if (bad) {
      this.fail(
        `character U+${
          t.charCodeAt(bad.index).toString(16).toUpperCase().padStart(4, "0")
        } is not allowed in XML`,
        bad.index,
      );
    }
    this.xmlDecl();
    this.misc();
    if (t.charCodeAt(this.pos) !== 0x3c) {
      this.fail(
        this.pos >= t.length ? "no root element" : "text is not allowed before the root element",
      );
    }
    // Only a start tag may open the root: `<![CDATA[`, `</x>` or `<!x>` here is not a document.
    const next = t.charCodeAt(this.pos + 1);
    if (next === 0x2f) this.fail("a closing tag comes before any element was opened");
    if (t.startsWith("<![CDATA[", this.pos)) {
      this.fail("a CDATA section is not allowed outside the root element");
    }
    if (next === 0x21) this.fail("'<!' must start a comment; expected the root element");
    const root = yield* this.elements();
    this.misc();
    if (this.pos < t.length) {
      this.fail(
        t.charCodeAt(this.pos) === 0x3c
          ? "only one root element is allowed"
          : "text is not allowed after the root element",
      );
    }
    return root;
  }

  /**
   * Parses the root element and everything inside it, iteratively (no recursion); yields
   * every {@linkcode YIELD_EVERY} markup items, so a caller may pause a long read.
   */
  *elements(): Sliced<XmlElement> {
    const t = this.text;
    const stack: MutableElement[] = [];
    // The children of the open element at depth d gather in pending[d] (reused from element to
    // element, counted by counts[d]) and are copied into an array of their exact length when
    // it closes: a pushed-to `[]` reserves 17 slots on its first push, and over 200,000
    // elements that slack was a quarter of the tree's memory (and of its garbage collection).
    const pending: XmlNode[][] = [];
    const counts: number[] = [];
    /** Where each open element's start tag begins, and its content (for the sink). */
    const starts: number[] = [];
    const contents: number[] = [];
    const sink = this.sink;
    const sinkDepth = sink?.depth ?? -1;
    const text = this.text;
    const maxDepth = this.maxDepth;
    const reread: Reread = (from, to, line, scope) =>
      rescan(text.slice(from, to), line, scope, maxDepth);
    const dropped = (el: MutableElement) => {
      el.children = NO_CHILDREN;
      el.attrs = NO_ATTRS;
    };
    let root: MutableElement | undefined;
    const addChild = (node: XmlNode) => {
      const d = stack.length - 1;
      pending[d][counts[d]++] = node;
    };
    const addText = (s: string, at: number) => {
      const d = stack.length - 1;
      const n = counts[d];
      const last = n > 0 ? pending[d][n - 1] : undefined;
      if (last && last.type === "text") {
        pending[d][n - 1] = { type: "text", text: last.text + s, line: last.line };
      } else addChild({ type: "text", text: s, line: this.lineOf(at) });
    };
    let sinceYield = 0;
    for (;;) {
      if (++sinceYield === YIELD_EVERY) {
        sinceYield = 0;
        yield;
      }
      const lt = t.indexOf("<", this.pos);
      if (stack.length > 0 && lt !== this.pos) {
        const end = lt === -1 ? t.length : lt;
        const raw = t.slice(this.pos, end);
        const cdEnd = raw.indexOf("]]>");
        if (cdEnd !== -1) this.fail("']]>' is not allowed in text", this.pos + cdEnd);
        addText(raw.includes("&") ? this.references(raw, this.pos) : raw, this.pos);
        this.pos = end;
      }
      if (lt === -1) {
        this.fail(`element <${stack[stack.length - 1]?.qname}> is not closed`, t.length);
      }
      const c = t.charCodeAt(this.pos + 1);
      if (c === 0x2f) {
        // </name>
        const start = this.pos;
        this.pos += 2;
        const open = stack.pop()!;
        const d = stack.length;
        if (counts[d] > 0) open.children = pending[d].slice(0, counts[d]);
        // Fast path: the expected name followed by '>' (no allocation).
        if (
          t.startsWith(open.qname, this.pos) &&
          t.charCodeAt(this.pos + open.qname.length) === 0x3e
        ) {
          this.pos += open.qname.length + 1;
        } else {
          const name = this.name("a closing tag name");
          this.skipWs();
          this.expect(">", "'>' to end the closing tag");
          if (open.qname !== name) {
            this.fail(`closing tag </${name}> does not match <${open.qname}>`, start);
          }
        }
        if (d === sinkDepth) {
          const content = t.slice(contents[d], start);
          if (sink!.end(open, stack, content, starts[d], this.pos, reread)) dropped(open);
        }
        if (stack.length === 0) return root!;
      } else if (c === 0x21) {
        if (t.startsWith("<!--", this.pos)) this.comment();
        else if (t.startsWith("<![CDATA[", this.pos)) {
          const end = t.indexOf("]]>", this.pos + 9);
          if (end === -1) this.fail("unterminated CDATA section");
          addText(t.slice(this.pos + 9, end), this.pos);
          this.pos = end + 3;
        } else if (t.startsWith("<!DOCTYPE", this.pos) || t.startsWith("<!ENTITY", this.pos)) {
          throw new ScanError(
            "xml_forbidden",
            "DOCTYPE and ENTITY declarations are not allowed in IDS files",
            this.pos,
          );
        } else this.fail("'<!' must start a comment or CDATA section");
      } else if (c === 0x3f) {
        this.pi();
      } else {
        const from = this.pos;
        const element = this.startTag(stack[stack.length - 1]);
        if (stack.length >= this.maxDepth) {
          throw new ScanError(
            "too_large",
            `elements are nested deeper than ${this.maxDepth} levels`,
            this.pos,
          );
        }
        const parent = stack[stack.length - 1];
        if (parent) addChild(element);
        else root = element;
        if (this.selfClosing) {
          if (!parent) return root!;
          if (
            stack.length === sinkDepth &&
            sink!.end(element, stack, undefined, from, this.pos, reread)
          ) {
            dropped(element);
          }
        } else if (
          stack.length === sinkDepth && sink!.known &&
          this.#skipKnown(element, stack, from, reread)
        ) {
          // Its content was read before: skipped (see SubtreeSink.known).
          dropped(element);
        } else {
          const d = stack.length;
          pending[d] ??= [];
          counts[d] = 0;
          starts[d] = from;
          contents[d] = this.pos;
          stack.push(element);
        }
      }
    }
  }

  /**
   * Skips the content and end tag of `el` (its start tag just read) when the sink knows that
   * content; false (nothing skipped) otherwise.
   */
  #skipKnown(
    el: MutableElement,
    ancestors: readonly XmlElement[],
    start: number,
    reread: Reread,
  ): boolean {
    let close = this.#closeTags.get(el.qname);
    if (close === undefined) this.#closeTags.set(el.qname, close = `</${el.qname}>`);
    const end = this.text.indexOf(close, this.pos);
    if (end === -1) return false;
    const content = this.text.slice(this.pos, end);
    const after = end + el.qname.length + 3;
    if (!this.sink!.known!(el, ancestors, content, start, after, reread)) return false;
    this.pos = after;
    return true;
  }

  /**
   * Reads a start tag (`<` at pos) into an element; {@linkcode selfClosing} says whether it was
   * `<name/>`. Its attributes are gathered in two lists reused from tag to tag (no object per
   * attribute before the element's own).
   */
  startTag(parent: MutableElement | undefined): MutableElement {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    const qname = this.name("an element name");
    const names = this.#attrNames;
    const values = this.#attrValues;
    let n = 0;
    // Duplicate checks switch to a set for long attribute lists (no quadratic blow-up).
    let seen: Set<string> | undefined;
    this.selfClosing = false;
    for (;;) {
      const ws = this.skipWs();
      const c = t.charCodeAt(this.pos);
      if (c === 0x3e) {
        this.pos++;
        break;
      }
      if (c === 0x2f) {
        this.expect("/>", "'/>'");
        this.selfClosing = true;
        break;
      }
      if (Number.isNaN(c)) this.fail(`start tag <${qname}> is not closed`, start);
      if (!ws) this.fail("expected whitespace between attributes");
      const at = this.pos;
      const name = this.name("an attribute name");
      this.skipWs();
      this.expect("=", `'=' after attribute ${name}`);
      this.skipWs();
      const q = t.charCodeAt(this.pos);
      if (q !== 0x22 && q !== 0x27) this.fail(`the value of attribute ${name} must be quoted`);
      const end = t.indexOf(q === 0x22 ? '"' : "'", this.pos + 1);
      if (end === -1) this.fail(`unterminated value of attribute ${name}`);
      let value = t.slice(this.pos + 1, end);
      if (value.includes("<")) this.fail(`'<' is not allowed in the value of attribute ${name}`);
      // Attribute-value normalisation: literal whitespace becomes spaces, references do not.
      if (value.includes("\t") || value.includes("\n")) value = value.replace(/[\t\n]/g, " ");
      if (value.includes("&")) value = this.references(value, this.pos + 1);
      if (n < 8) {
        for (let k = 0; k < n; k++) {
          if (names[k] === name) this.fail(`attribute ${name} appears twice`, at);
        }
      } else {
        seen ??= new Set(names.slice(0, n));
        if (seen.has(name)) this.fail(`attribute ${name} appears twice`, at);
        seen.add(name);
      }
      names[n] = name;
      values[n] = value;
      n++;
      this.pos = end + 1;
    }
    return this.resolve(qname, n, parent, start);
  }

  /** Prefix and local part of a name, checked once per distinct name (names repeat a lot). */
  qname(name: string, start: number): readonly [string, string] {
    let r = this.#qnames.get(name);
    if (r === undefined) {
      const i = name.indexOf(":");
      r = i === -1 ? ["", name] : [name.slice(0, i), name.slice(i + 1)];
      if (
        i !== -1 &&
        (r[0] === "" || r[1] === "" || r[1].includes(":") ||
          !/^[^\d.\-\u00B7\u0300-\u036F\u203F\u2040]/.test(r[1]))
      ) {
        this.fail(`'${name}' is not a valid qualified name`, start);
      }
      this.#qnames.set(name, r);
      this.#interned.set(name, name);
    }
    return r;
  }

  namespace(
    prefix: string,
    name: string,
    scope: Readonly<Record<string, string>>,
    start: number,
    isElement: boolean,
  ): string {
    if (prefix === "" && isElement) return scope[""] ?? "";
    const ns = scope[prefix];
    if (ns === undefined || ns === "") {
      this.fail(`unbound namespace prefix '${prefix}' in ${name}`, start);
    }
    return ns;
  }

  /** Applies Namespaces in XML 1.0: declarations, prefixes, expanded-name uniqueness. */
  resolve(
    qname: string,
    /** How many attributes the start tag had (in `#attrNames`, `#attrValues`). */
    n: number,
    parent: MutableElement | undefined,
    start: number,
  ): MutableElement {
    let scope = parent ? parent.scope : this.baseScope;
    if (n === 0) {
      const q = this.qname(qname, start);
      const prefix = q[0];
      const local = q[1];
      if (prefix === "xmlns") this.fail("an element cannot use the prefix 'xmlns'", start);
      return {
        type: "element",
        ns: this.namespace(prefix, qname, scope, start, true),
        local,
        qname: this.#interned.get(qname) ?? qname,
        attrs: NO_ATTRS,
        children: NO_CHILDREN,
        line: this.lineOf(start),
        scope,
      };
    }
    const names = this.#attrNames;
    const values = this.#attrValues;
    let copied = false;
    let declarations = 0;
    for (let k = 0; k < n; k++) {
      const qn = names[k];
      let prefix: string | undefined;
      if (qn === "xmlns") prefix = "";
      else if (qn.startsWith("xmlns:")) prefix = qn.slice(6);
      if (prefix === undefined) continue;
      declarations++;
      const value = values[k];
      if (prefix.includes(":")) {
        this.fail(`'${qn}' is not a valid namespace declaration`, start);
      }
      if (prefix === "xmlns") this.fail("the prefix 'xmlns' cannot be declared", start);
      if (prefix === "xml" ? value !== XML_NS : value === XML_NS || value === XMLNS_NS) {
        this.fail(`prefix '${prefix}' cannot be bound to ${value || "nothing"}`, start);
      }
      if (prefix !== "" && value === "") {
        this.fail(`namespace prefix '${prefix}' cannot be undeclared`, start);
      }
      if (!copied) {
        scope = Object.create(scope);
        copied = true;
      }
      (scope as Record<string, string>)[prefix] = value;
    }
    const q = this.qname(qname, start);
    const prefix = q[0];
    const local = q[1];
    if (prefix === "xmlns") this.fail("an element cannot use the prefix 'xmlns'", start);
    const ns = this.namespace(prefix, qname, scope, start, true);
    let expanded: Set<string> | undefined;
    // Sized exactly: a pushed-to `[]` would reserve 17 slots for the one or two attributes of
    // an element.
    const attrs: XmlAttr[] = new Array(n - declarations);
    let out = 0;
    for (let k = 0; k < n; k++) {
      const qn = names[k];
      if (declarations > 0 && (qn === "xmlns" || qn.startsWith("xmlns:"))) continue;
      const q = this.qname(qn, start);
      const p = q[0];
      const l = q[1];
      const ans = p === "" ? "" : this.namespace(p, qn, scope, start, false);
      if (ans !== "") {
        expanded ??= new Set();
        const key = `{${ans}}${l}`;
        if (expanded.has(key)) this.fail(`attribute ${key} appears twice`, start);
        expanded.add(key);
      }
      attrs[out++] = { ns: ans, local: l, qname: this.#interned.get(qn) ?? qn, value: values[k] };
    }
    return {
      type: "element",
      ns,
      local,
      qname: this.#interned.get(qname) ?? qname,
      attrs,
      children: NO_CHILDREN,
      line: this.lineOf(start),
      scope,
    };
  }
}

/**
 * The element that `text` is (a slice of a document already read once, so well-formed), its
 * start tag on line `line`, inside an element whose namespace scope is `scope`: read again
 * with its children after a {@linkcode SubtreeSink} dropped them. Only the slice is scanned
 * (for lines too: a one-line document of megabytes is not searched to its end for a newline).
 */
function rescan(
  text: string,
  line: number,
  scope: Readonly<Record<string, string>>,
  maxDepth: number,
): XmlElement {
  const scanner = new Scanner(text, maxDepth);
  scanner.baseScope = scope;
  scanner.resumeLinesAt(0, line);
  return runSync(scanner.elements());
}

/**
 * Parses XML text (or bytes) into an element tree. Throws {@linkcode IdsError} with code
 * `too_large` (size or depth), `xml_forbidden` (DOCTYPE / ENTITY) or `xml_malformed`.
 */
export function readXmlTree(input: string | Uint8Array, limits: XmlLimits = {}): XmlElement {
  return runSync(readXmlTreeSliced(input, limits));
}

/**
 * {@linkcode readXmlTree} as sliced work: run it with `runSliced` (time_slice.ts) so that a
 * multi-MB document is read without blocking the event loop for its whole duration.
 */
export function* readXmlTreeSliced(
  input: string | Uint8Array,
  limits: XmlLimits = {},
  /** Takes elements at one depth as they end (and may drop their children). */
  sink?: SubtreeSink,
): Sliced<XmlElement> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const size = typeof input === "string"
    ? (input.length > maxBytes / 3 ? utf8Length(input) : input.length)
    : input.byteLength;
  if (size > maxBytes) {
    throw fail("too_large", `input is ${size} bytes; the limit is ${maxBytes} bytes`);
  }
  let text = typeof input === "string" ? input : decodeXml(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw fail("xml_malformed", "input is empty; expected an XML document");
  // XML end-of-line handling: CRLF and lone CR become LF before anything else.
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  const scanner = new Scanner(text, maxDepth, sink);
  try {
    return yield* scanner.document();
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    const line = scanner.lineOf(Math.min(e.pos, text.length));
    throw fail(
      e.code,
      e.code === "xml_malformed" ? `not well-formed XML: ${e.message}` : e.message,
      line,
    );
  }
}
