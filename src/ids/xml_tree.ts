/**
 * A hardened, namespace-aware XML reader that turns untrusted text into a small element tree
 * with line numbers. IDS files come from users and agents, so the reader refuses DTDs (the
 * door to XXE and "billion laughs"), caps the input size and the nesting depth, and reports
 * well-formedness errors with the line they occur on. Everything above it (structural rules,
 * model mapping) works on this tree and never sees raw XML.
 *
 * @module
 */
import { SaxesParser } from "saxes";
import { IdsError } from "./errors.ts";

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

const BASE_SCOPE: Record<string, string> = {
  xml: "http://www.w3.org/XML/1998/namespace",
  xmlns: XMLNS_NS,
};

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

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
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

/**
 * Parses XML text (or bytes) into an element tree. Throws {@linkcode IdsError} with code
 * `too_large` (size or depth), `xml_forbidden` (DOCTYPE / ENTITY) or `xml_malformed`.
 */
export function readXmlTree(input: string | Uint8Array, limits: XmlLimits = {}): XmlElement {
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

  const parser = new SaxesParser({ xmlns: true, position: true, additionalNamespaces: {} });
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  let startLine = 1;

  parser.on("error", (err) => {
    const msg = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, "").replace(/\.$/, "");
    throw fail("xml_malformed", `not well-formed XML: ${msg}`, parser.line);
  });
  parser.on("doctype", () => {
    throw fail(
      "xml_forbidden",
      "DOCTYPE declarations are not allowed in IDS files (DTDs and entities are refused)",
      parser.line,
    );
  });
  parser.on("opentagstart", () => {
    startLine = parser.line;
  });
  parser.on("opentag", (tag) => {
    if (stack.length >= maxDepth) {
      throw fail("too_large", `elements are nested deeper than ${maxDepth} levels`, startLine);
    }
    const parent = stack[stack.length - 1];
    let scope = parent ? parent.scope : BASE_SCOPE;
    const decls = Object.keys(tag.ns);
    if (decls.length > 0) scope = { ...scope, ...tag.ns };
    const attrs: XmlAttr[] = [];
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS_NS || a.name === "xmlns") continue;
      attrs.push({ ns: a.uri ?? "", local: a.local, qname: a.name, value: a.value });
    }
    const el: MutableElement = {
      type: "element",
      ns: tag.uri ?? "",
      local: tag.local,
      qname: tag.name,
      attrs,
      children: [],
      line: startLine,
      scope,
    };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const addText = (t: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    if (last && last.type === "text") {
      parent.children[parent.children.length - 1] = {
        type: "text",
        text: last.text + t,
        line: last.line,
      };
    } else parent.children.push({ type: "text", text: t, line: parser.line });
  };
  parser.on("text", addText);
  parser.on("cdata", addText);

  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof IdsError) throw e;
    throw fail("xml_malformed", e instanceof Error ? e.message : String(e), parser.line);
  }
  if (!root) throw fail("xml_malformed", "no root element");
  return root;
}
