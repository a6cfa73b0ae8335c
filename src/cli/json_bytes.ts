/**
 * `JSON.parse` of a JSON-RPC line that arrives as UTF-8 bytes in pieces and holds a few very
 * long strings (a `load_ids` message carries a whole IDS document as one string).
 *
 * Why: decoding a 9.7 MB message to text and then parsing it builds the document's characters
 * twice after its last byte has come (the message text, then the string value), each a 19 MB
 * two-byte string as soon as one character is outside Latin-1; on a small machine that is
 * 0.15–0.2 s of fresh memory and copying before the tool can start. Here the strings are
 * unescaped in place while the pieces arrive; after the last byte each long string is decoded
 * once and the rest of the message (a few hundred bytes) goes through `JSON.parse` with a
 * placeholder where each long string was.
 *
 * The value is exactly `JSON.parse(new TextDecoder("utf-8", { ignoreBOM: true }).decode(line))`,
 * or its exception: whatever the fast path does not handle itself (an escaped surrogate, a raw
 * control character, an unknown escape, a long string that is a key, text that is not JSON)
 * goes that way, from the pieces as they came.
 *
 * @module
 */

/** Strings at least this long (UTF-8 bytes, unescaped) are decoded on their own. */
export const LONG_STRING_BYTES = 64 * 1024;

import { Buffer } from "node:buffer";

/** The first buffer of a long line. */
const FIRST_BUFFER_BYTES = 16 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Decodes as `Buffer#toString("utf8")` (the SDK's transport) does: a BOM stays. */
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

/** The byte each one-character escape stands for (`n` → 0x0a), by the byte after `\`. */
const SIMPLE_ESCAPES = new Int16Array(128).fill(-1);
const ESCAPED = { '"': 34, "\\": 92, "/": 47, b: 8, f: 12, n: 10, r: 13, t: 9 };
for (const [escape, value] of Object.entries(ESCAPED)) SIMPLE_ESCAPES[escape.charCodeAt(0)] = value;

/**
 * One line of JSON fed piece by piece ({@linkcode JsonLineParser.push}), parsed at its end
 * ({@linkcode JsonLineParser.finish}).
 *
 * @example
 * ```ts
 * const p = new JsonLineParser();
 * p.push(new TextEncoder().encode('{"a":"x'));
 * p.push(new TextEncoder().encode('y"}'));
 * p.finish(); // { a: "xy" }
 * ```
 */
export class JsonLineParser {
  /** The pieces as they came, for the plain way. */
  readonly #pieces: Uint8Array[] = [];
  /** The bytes so far, string contents unescaped in place (outside text as it came). */
  #buf = new Uint8Array(0);
  #size = 0;
  /** Next byte to read. */
  #read = 0;
  /** Inside a string: where its unescaped content ends so far. */
  #write = 0;
  #inString = false;
  #start = 0;
  /** Per string: start of its content, unescaped length, index of its closing quote. */
  readonly #strings: number[] = [];
  /** The fast path gave up: parse the pieces the plain way. */
  #plain = false;
  #tookFastPath = false;

  /** Appends the next piece of the line (without its line end). */
  push(piece: Uint8Array): void {
    this.#pieces.push(piece);
    if (this.#plain) return;
    if (this.#size + piece.length > this.#buf.length) {
      // Fresh memory is what costs: 16 MiB at once (the pages are only made as they are
      // written, so a short line costs no more), then 4× at a time. Growing from 64 KiB by
      // doubling made the pushes of a 9.7 MB line ≈ 30 % dearer, from 1 MiB by 4× ≈ 20 %.
      const grown = new Uint8Array(
        Math.max(this.#buf.length * 4, FIRST_BUFFER_BYTES, this.#size + piece.length),
      );
      grown.set(this.#buf.subarray(0, this.#size));
      this.#buf = grown;
    }
    this.#buf.set(piece, this.#size);
    this.#size += piece.length;
    this.#scan();
  }

  /** Moves through the bytes received, unescaping each string's content where it stands. */
  #scan(): void {
    const buf = this.#buf;
    const size = this.#size;
    let read = this.#read;
    let write = this.#write;
    while (read < size) {
      if (!this.#inString) {
        const open = buf.subarray(0, size).indexOf(QUOTE, read);
        if (open < 0) {
          read = size;
          break;
        }
        this.#inString = true;
        this.#start = write = read = open + 1;
        continue;
      }
      // One pass over the bytes: copying, checking and finding the next escape or quote in
      // the same loop costs less than a native search and a copy per escape (an IDS has one
      // escaped quote every ≈ 20 bytes).
      let b = 0;
      while (read < size) {
        b = buf[read];
        if (b === QUOTE || b === BACKSLASH) break;
        if (b < 0x20) return this.#givenUp();
        buf[write++] = b;
        read++;
      }
      if (read === size) break; // more to come
      if (b === QUOTE) {
        this.#strings.push(this.#start, write - this.#start, read);
        this.#inString = false;
        read++;
        continue;
      }
      // An escape at `read`: wait for all of it.
      if (read + 1 >= size) break;
      const kind = buf[read + 1];
      if (kind === 0x75) { // \uXXXX
        if (read + 6 > size) break;
        const code = hex4(buf, read + 2);
        if (code < 0 || (code >= 0xd800 && code <= 0xdfff)) return this.#givenUp();
        if (code < 0x80) {
          buf[write++] = code;
        } else if (code < 0x800) {
          buf[write++] = 0xc0 | (code >> 6);
          buf[write++] = 0x80 | (code & 0x3f);
        } else {
          buf[write++] = 0xe0 | (code >> 12);
          buf[write++] = 0x80 | ((code >> 6) & 0x3f);
          buf[write++] = 0x80 | (code & 0x3f);
        }
        read += 6;
      } else {
        const value = kind < 128 ? SIMPLE_ESCAPES[kind] : -1;
        if (value < 0) return this.#givenUp();
        buf[write++] = value;
        read += 2;
      }
    }
    this.#read = read;
    this.#write = write;
  }

  /** The first `n` bytes of the line as they came. */
  head(n: number): Buffer {
    return firstBytes(this.#pieces, n);
  }

  #givenUp(): void {
    this.#plain = true;
    this.#buf = new Uint8Array(0);
    this.#strings.length = 0;
  }

  /**
   * The line's JSON value; throws what `JSON.parse` of its text throws. A `\r` ending the
   * line is not part of it (as the SDK reads lines).
   */
  finish(): unknown {
    const pieces = this.#pieces;
    let end = pieces.length - 1;
    while (end > 0 && pieces[end].length === 0) end--;
    if (pieces[end]?.at(-1) === 0x0d) {
      pieces[end] = pieces[end].subarray(0, -1);
      // Read outside a string it was whitespace; inside one it made the fast path give up.
      this.#size--;
    }
    const fast = this.#plain || this.#inString ? undefined : this.#fast();
    this.#tookFastPath = fast !== undefined;
    if (fast !== undefined) return fast.value;
    return JSON.parse(decodePieces(this.#pieces));
  }

  /** Whether {@linkcode finish} decoded the long strings on their own (for tests). */
  get tookFastPath(): boolean {
    return this.#tookFastPath;
  }

  #fast(): { value: unknown } | undefined {
    const buf = this.#buf;
    const strings = this.#strings;
    let long = 0;
    for (let i = 0; i < strings.length; i += 3) {
      if (strings[i + 1] >= LONG_STRING_BYTES) {
        if (isKey(buf, strings[i + 2], this.#size)) return undefined;
        long++;
      }
    }
    if (long === 0) return undefined;
    const token = `\\u0000ids-mcp long string ${crypto.randomUUID()} `;
    const envelope: string[] = [];
    const values: string[] = [];
    let at = 0;
    for (let i = 0; i < strings.length; i += 3) {
      const [start, length, close] = [strings[i], strings[i + 1], strings[i + 2]];
      // The text before the string, its opening quote included (as it came).
      envelope.push(lenient.decode(buf.subarray(at, start)));
      const text = lenient.decode(buf.subarray(start, start + length));
      if (length >= LONG_STRING_BYTES) {
        envelope.push(`${token}${values.length}"`);
        values.push(text);
      } else {
        // Written again: the same value, maybe escaped differently.
        envelope.push(JSON.stringify(text).slice(1));
      }
      at = close + 1;
    }
    envelope.push(lenient.decode(buf.subarray(at, this.#size)));
    let value: unknown;
    try {
      value = JSON.parse(envelope.join(""));
    } catch {
      return undefined; // the whole text fails the same way, with its own message
    }
    return { value: substitute(value, JSON.parse(`"${token}"`), values) };
  }
}

/** {@linkcode JsonLineParser} on a whole line at once. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const p = new JsonLineParser();
  p.push(bytes);
  return p.finish();
}

/** The first `n` bytes of `pieces` (fewer when they hold fewer). */
export function firstBytes(pieces: readonly Uint8Array[], n: number): Buffer {
  const taken: Uint8Array[] = [];
  let size = 0;
  for (const p of pieces) {
    if (size >= n) break;
    taken.push(p);
    size += p.length;
  }
  return Buffer.concat(taken).subarray(0, n);
}

/**
 * The text of the pieces (a UTF-8 sequence may be cut between two), decoded as the SDK's
 * transport decodes a line: invalid bytes become U+FFFD, a BOM stays.
 */
export function decodePieces(pieces: readonly Uint8Array[]): string {
  if (pieces.length === 1) return lenient.decode(pieces[0]);
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const parts = pieces.map((p, i) => decoder.decode(p, { stream: i < pieces.length - 1 }));
  return parts.join("");
}

/**
 * `value` with each string `prefix + n` replaced by `strings[n]` (in place: `value` is fresh
 * from `JSON.parse`). Properties are defined, not assigned, so a `__proto__` key stays data.
 */
function substitute(value: unknown, prefix: string, strings: readonly string[]): unknown {
  if (typeof value === "string") {
    return value.startsWith(prefix) ? strings[Number(value.slice(prefix.length))] : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = substitute(value[i], prefix, strings);
    return value;
  }
  for (const [key, v] of Object.entries(value)) {
    const next = substitute(v, prefix, strings);
    if (next !== v) {
      Object.defineProperty(value, key, {
        value: next,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return value;
}

/** True when the string closing at `close` is an object key (a `:` follows it). */
function isKey(bytes: Uint8Array, close: number, size: number): boolean {
  let at = close + 1;
  while (
    at < size &&
    (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)
  ) at++;
  return at < size && bytes[at] === 0x3a;
}

/** The value of four hex digits at `at`, or -1. */
function hex4(bytes: Uint8Array, at: number): number {
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i];
    const d = c >= 0x30 && c <= 0x39
      ? c - 0x30
      : c >= 0x61 && c <= 0x66
      ? c - 0x57
      : c >= 0x41 && c <= 0x46
      ? c - 0x37
      : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
