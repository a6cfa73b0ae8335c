/**
 * How a document becomes Kv values: JSON bytes, inline in the session header when small, else
 * split into chunks that each fit one Kv value (64 KiB) and are grouped into commits that fit
 * one atomic operation (800 KiB, 1000 mutations).
 *
 * @module
 */

import type { IdsDocument } from "../ids/model.ts";
import { IdsError } from "../ids/errors.ts";

/** Bytes per chunk: under Kv's 65,536-byte value limit with room to spare. */
export const CHUNK_BYTES = 63 * 1024;
/** Documents up to this size live inside the header value itself (one read per load). */
export const INLINE_MAX_BYTES = 60 * 1024;
/** Chunks per atomic commit: 11 × 63 KiB ≈ 693 KiB, under the 800 KiB commit limit. */
export const CHUNKS_PER_COMMIT = 11;
/** Mutations per atomic commit we allow ourselves (Kv's limit is 1000). */
export const MUTATIONS_PER_COMMIT = 990;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Marks the stored form in which specifications name their applicability and requirements by
 * index into `parts` (the first key, so a reader tells the forms apart at once).
 */
const PARTS_KEY = "sharedParts";

/**
 * The stored form of a document: UTF-8 JSON of the model, each distinct applicability and
 * requirements object written once.
 *
 * Big documents repeat the same content: the reader shares one object between specifications
 * with the same applicability and requirements text (20,000 specifications of the corpus have
 * 2,990 different contents), and edits keep the objects they do not change. Writing each shared
 * object once (by identity) makes the stored JSON of that document 3.5 MB instead of 7.3 MB and
 * its encoding 35 ms instead of 46–65 ms warm (74 instead of 125 ms cold); reading it back
 * restores the sharing. Each specification
 * keeps its keys in their order, the two parts replaced by their index into `sharedParts`.
 *
 * @example
 * ```ts
 * const doc = { info: { title: "t" }, specifications: [] };
 * decodeDocument(encodeDocument(doc)); // deep-equal to doc, frozen
 * ```
 */
export function encodeDocument(doc: IdsDocument): Uint8Array {
  if (
    doc === null || typeof doc !== "object" || typeof doc.info !== "object" ||
    doc.info === null || !Array.isArray(doc.specifications)
  ) {
    throw new IdsError(
      "invalid_argument",
      "cannot store the session document: expected an IdsDocument with `info` and a " +
        "`specifications` array",
    );
  }
  const index = new Map<object, number>();
  const parts: object[] = [];
  const ref = (part: unknown): unknown => {
    if (part === null || typeof part !== "object") return part;
    let at = index.get(part);
    if (at === undefined) {
      at = parts.push(part) - 1;
      index.set(part, at);
    }
    return at;
  };
  const specifications = doc.specifications.map((spec) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(spec)) {
      out[key] = key === "applicability" || key === "requirements" ? ref(value) : value;
    }
    return out;
  });
  const out: Uint8Array[] = [encoder.encode(`{"${PARTS_KEY}":[`)];
  jsonItems(parts, out);
  out.push(encoder.encode(`],"info":${JSON.stringify(doc.info)},"specifications":[`));
  jsonItems(specifications, out);
  out.push(encoder.encode("]}"));
  return joinChunks(out);
}

/** Items per `JSON.stringify` call in {@linkcode jsonItems}. */
const ITEMS_PER_BATCH = 256;
const COMMA = encoder.encode(",");

/**
 * The JSON of `items` without the brackets, as UTF-8 pieces appended to `out`: stringified a
 * batch at a time, because one `JSON.stringify` of the whole document costs ≈ 2× more (one
 * character outside Latin-1 makes V8 write the whole multi-MB result as a two-byte string).
 */
function jsonItems(items: readonly unknown[], out: Uint8Array[]): void {
  for (let at = 0; at < items.length; at += ITEMS_PER_BATCH) {
    const text = JSON.stringify(items.slice(at, at + ITEMS_PER_BATCH));
    if (at > 0) out.push(COMMA);
    out.push(encoder.encode(text.slice(1, -1)));
  }
}

/**
 * Reads back {@linkcode encodeDocument}'s bytes, and the plain JSON of the model that sessions
 * stored before shared parts; the result is deep-frozen.
 */
export function decodeDocument(bytes: Uint8Array): IdsDocument {
  const stored = JSON.parse(decoder.decode(bytes));
  const parts: unknown = stored?.[PARTS_KEY];
  if (parts === undefined) return deepFreeze(stored as IdsDocument);
  if (!Array.isArray(parts) || !Array.isArray(stored.specifications)) {
    throw new Error(`malformed stored document: ${PARTS_KEY} or specifications is not a list`);
  }
  const part = (at: unknown): unknown => {
    if (typeof at !== "number") return at;
    if (!Number.isInteger(at) || at < 0 || at >= parts.length) {
      throw new Error(`malformed stored document: no shared part ${at}`);
    }
    return parts[at];
  };
  for (const spec of stored.specifications as Record<string, unknown>[]) {
    if ("applicability" in spec) spec.applicability = part(spec.applicability);
    if ("requirements" in spec) spec.requirements = part(spec.requirements);
  }
  return deepFreeze({ info: stored.info, specifications: stored.specifications } as IdsDocument);
}

/** How stored bytes are encoded: raw UTF-8 JSON, or that compressed with raw DEFLATE. */
export type StoredEncoding = "json" | "deflate-raw";

/**
 * Compresses documents above {@linkcode INLINE_MAX_BYTES} (IDS JSON shrinks ~10×, so a 1 MB
 * document becomes one or two values and one commit instead of sixteen values and three
 * commits); smaller ones stay raw, where compressing costs more than it saves.
 */
export async function packDocument(
  json: Uint8Array,
): Promise<{ data: Uint8Array; encoding: StoredEncoding }> {
  if (json.length <= INLINE_MAX_BYTES) return { data: json, encoding: "json" };
  const data = await transform(json, new CompressionStream("deflate-raw"));
  return data.length < json.length
    ? { data, encoding: "deflate-raw" }
    : { data: json, encoding: "json" };
}

/** Undoes {@linkcode packDocument}. */
export async function unpackDocument(
  data: Uint8Array,
  encoding: StoredEncoding,
): Promise<Uint8Array> {
  return encoding === "json" ? data : await transform(data, new DecompressionStream("deflate-raw"));
}

async function transform(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  // Written in one piece: a Blob's stream would copy the bytes into the blob and read them
  // back in parts first (the same output, two more copies of a multi-MB document).
  const writer = stream.writable.getWriter();
  const [out] = await Promise.all([
    new Response(stream.readable).arrayBuffer(),
    writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close()),
  ]);
  return new Uint8Array(out);
}

/** Splits `bytes` into views of at most {@linkcode CHUNK_BYTES} (no copying). */
export function splitChunks(bytes: Uint8Array, size = CHUNK_BYTES): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/** Concatenates chunks back into one buffer. */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Freezes `value` and everything reachable from it. Stored documents are shared between callers
 * and the store's cache, so an accidental mutation must fail loudly instead of silently
 * diverging from what is in Kv. Already-frozen subtrees (shared with an earlier version) are
 * skipped.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value as object)) {
    deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** "1.2 MB", "830 KB", "512 B": sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * Parsed documents by chunk generation. A generation id is written once and never reused, so
 * a cached entry can never be stale: the header says which generation is current and the cache
 * only saves re-reading and re-parsing it.
 */
export class DocumentCache {
  readonly #entries = new Map<string, { doc: IdsDocument; bytes: number }>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  get(gen: string): IdsDocument | undefined {
    const hit = this.#entries.get(gen);
    if (!hit) return undefined;
    this.#entries.delete(gen);
    this.#entries.set(gen, hit);
    return hit.doc;
  }

  set(gen: string, doc: IdsDocument, bytes: number): void {
    if (bytes > this.maxBytes) return;
    const old = this.#entries.get(gen);
    if (old) {
      this.#entries.delete(gen);
      this.#bytes -= old.bytes;
    }
    this.#entries.set(gen, { doc, bytes });
    this.#bytes += bytes;
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }

  delete(gen: string): void {
    const old = this.#entries.get(gen);
    if (old) {
      this.#entries.delete(gen);
      this.#bytes -= old.bytes;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
