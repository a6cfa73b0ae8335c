/**
 * A tiny, deterministic XML writer: one element per line, tab indentation, attributes in the
 * order given, text and attribute values escaped so that any string survives a round trip
 * (CR, tab and newline in attributes become character references, because XML attribute
 * normalisation would otherwise turn them into spaces).
 *
 * @module
 */

/** Escapes character data. `>` is escaped too, so `]]>` can never appear. */
export function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ESC[c]);
}

/** Escapes an attribute value for double quotes. */
export function escapeAttr(s: string): string {
  return s.replace(/[&<>"\t\n\r]/g, (c) => ESC[c]);
}

const ESC: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Attributes as ordered pairs; undefined values are skipped. */
export type Attrs = ReadonlyArray<readonly [string, string | undefined]>;

/** Builds an XML document line by line. */
export class XmlWriter {
  #lines: string[] = [];
  #depth = 0;

  #attrs(attrs: Attrs): string {
    let s = "";
    for (const [k, v] of attrs) if (v !== undefined) s += ` ${k}="${escapeAttr(v)}"`;
    return s;
  }

  /** Opens an element that will hold child elements. */
  open(name: string, attrs: Attrs = []): void {
    this.#lines.push(`${"\t".repeat(this.#depth)}<${name}${this.#attrs(attrs)}>`);
    this.#depth++;
  }

  close(name: string): void {
    this.#depth--;
    this.#lines.push(`${"\t".repeat(this.#depth)}</${name}>`);
  }

  /** An element with text content only (or empty). */
  text(name: string, text: string, attrs: Attrs = []): void {
    const indent = "\t".repeat(this.#depth);
    this.#lines.push(
      text === ""
        ? `${indent}<${name}${this.#attrs(attrs)}/>`
        : `${indent}<${name}${this.#attrs(attrs)}>${escapeText(text)}</${name}>`,
    );
  }

  /** An empty element. */
  empty(name: string, attrs: Attrs = []): void {
    this.#lines.push(`${"\t".repeat(this.#depth)}<${name}${this.#attrs(attrs)}/>`);
  }

  /** Opens `name`, runs `body`, closes; writes `<name/>` if body wrote nothing. */
  element(name: string, attrs: Attrs, body: () => void): void {
    const at = this.#lines.length;
    this.open(name, attrs);
    body();
    if (this.#lines.length === at + 1) {
      this.#lines.pop();
      this.#depth--;
      this.empty(name, attrs);
    } else this.close(name);
  }

  raw(line: string): void {
    this.#lines.push(line);
  }

  toString(): string {
    return this.#lines.join("\n") + "\n";
  }
}
