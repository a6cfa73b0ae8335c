/**
 * `.ifczip` support: a zip holding one `.ifc` file, inflated as a stream so the zip itself is
 * never held in memory when it comes from a file, and the inflated model is written once into
 * a buffer of its declared size. fflate's streaming `Unzip` walks the zip's local headers; the
 * deflate data goes to the runtime's native `DecompressionStream("deflate-raw")` (measured 5×
 * faster than inflating in JavaScript, BENCHMARKS.md). Zip bombs are refused before and while
 * inflating: a declared or actual inflated size over `maxInflatedBytes`, or an
 * inflated/compressed ratio over `maxRatio` (checked once the output passes 1 MiB, so tiny
 * well-compressed files pass).
 *
 * @module
 */
import { Unzip, type UnzipDecoder, type UnzipFile } from "../deps/fflate.ts";
import { ModelReadError } from "./read_error.ts";

/** Limits for inflating a model from a zip. */
export interface ZipLimits {
  /** Largest inflated model in bytes (default 2 GiB). */
  readonly maxInflatedBytes?: number;
  /** Largest inflated/compressed ratio (default 1000; IFC text compresses 5–30×). */
  readonly maxRatio?: number;
}

/** 2 GiB less a byte: the index keeps byte offsets in 32-bit integers (open_model.ts). */
export const DEFAULT_MAX_INFLATED = 2 ** 31 - 1;
export const DEFAULT_MAX_RATIO = 1000;
const RATIO_FLOOR = 1024 * 1024;

function isIfcEntry(name: string): boolean {
  const base = name.split("/").pop() ?? "";
  return /\.ifc$/i.test(base) && !name.startsWith("__MACOSX/") && !base.startsWith("._");
}

function mib(n: number): string {
  return `${(n / 1024 ** 2).toFixed(n < 1024 ** 2 ? 2 : 0)} MiB`;
}

/**
 * Hands deflate data through untouched (copied: fflate may reuse its buffer), so the native
 * decompressor inflates it; registered for compression method 8.
 */
class PassDeflate implements UnzipDecoder {
  static compression = 8;
  ondata: UnzipDecoder["ondata"] = () => {};
  push(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, chunk.slice(), final);
  }
}

/** Growable output that writes inflated chunks straight into one buffer. */
class Output {
  buf: Uint8Array;
  length = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(size, 64 * 1024));
  }
  push(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + chunk.length));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(chunk, this.length);
    this.length += chunk.length;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * A streaming reader for one `.ifczip`: `push` the zip's bytes in chunks (awaiting each, which
 * lets the inflater keep up), then `finish()` resolves to the inflated `.ifc`. Rejects with
 * {@linkcode ModelReadError} saying what was found when the zip holds no `.ifc`, several, a
 * bomb, or is cut off or corrupt.
 */
export class IfcZipReader {
  private readonly unzip = new Unzip();
  private readonly maxBytes: number;
  private readonly maxRatio: number;
  private readonly entries: string[] = [];
  private readonly ifcs: string[] = [];
  private out: Output | undefined;
  private done = false;
  private compressedIn = 0;
  private error: ModelReadError | undefined;
  private writer: WritableStreamDefaultWriter<BufferSource> | undefined;
  private pending: Promise<unknown>[] = [];
  private inflating: Promise<void> | undefined;

  constructor(private readonly zipName: string, limits: ZipLimits = {}) {
    this.maxBytes = limits.maxInflatedBytes ?? DEFAULT_MAX_INFLATED;
    this.maxRatio = limits.maxRatio ?? DEFAULT_MAX_RATIO;
    this.unzip.register(PassDeflate);
    this.unzip.onfile = (file) => this.onFile(file);
  }

  private fail(message: string): void {
    this.error ??= new ModelReadError(`'${this.zipName}' ${message}`);
  }

  /** Appends inflated bytes, enforcing the size and ratio limits. */
  private accept(name: string, chunk: Uint8Array): boolean {
    const out = this.out!;
    if (out.length + chunk.length > this.maxBytes) {
      this.fail(`inflates ${name} past the limit of ${mib(this.maxBytes)}`);
      return false;
    }
    out.push(chunk);
    if (
      out.length > RATIO_FLOOR && this.compressedIn > 0 &&
      out.length / this.compressedIn > this.maxRatio
    ) {
      this.fail(
        `inflates ${name} more than ${this.maxRatio}× (a zip bomb?); unzip it yourself if it is genuine`,
      );
      return false;
    }
    return true;
  }

  private onFile(file: UnzipFile): void {
    if (this.error) return;
    if (file.name.endsWith("/")) return;
    this.entries.push(file.name);
    if (!isIfcEntry(file.name)) return;
    this.ifcs.push(file.name);
    if (this.ifcs.length > 1) return; // reported at the end, with every name
    const declared = file.originalSize;
    if (declared !== undefined && declared > this.maxBytes) {
      this.fail(
        `declares ${file.name} as ${mib(declared)} inflated, over the limit of ${
          mib(this.maxBytes)
        }`,
      );
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      this.fail(`stores ${file.name} with compression method ${file.compression}; use deflate`);
      return;
    }
    this.out = new Output(Math.min(declared ?? file.size ?? 0, this.maxBytes));
    if (file.compression === 0) {
      file.ondata = (err, chunk, final) => {
        if (this.error) return;
        if (err) return this.fail(`cannot be read: ${err.message}`);
        if (!this.accept(file.name, chunk)) return file.terminate();
        if (final) this.done = true;
      };
    } else {
      const stream = new DecompressionStream("deflate-raw");
      const writer = stream.writable.getWriter();
      this.writer = writer;
      this.inflating = (async () => {
        try {
          for await (const chunk of stream.readable) {
            if (!this.accept(file.name, chunk)) {
              await writer.abort().catch(() => {});
              return;
            }
          }
          this.done = true;
        } catch (e) {
          this.fail(`cannot be inflated: ${(e as Error).message}`);
        }
      })();
      file.ondata = (err, chunk, final) => {
        if (this.error) return;
        if (err) return this.fail(`cannot be read: ${err.message}`);
        this.pending.push(writer.write(chunk).catch(() => {}));
        if (final) this.pending.push(writer.close().catch(() => {}));
      };
    }
    file.start();
  }

  /** Feeds the next chunk of the zip. */
  async push(chunk: Uint8Array, final = false): Promise<void> {
    if (this.error) throw this.error;
    this.compressedIn += chunk.length;
    try {
      this.unzip.push(chunk, final);
    } catch (e) {
      this.fail(`is not a readable zip: ${(e as Error).message}`);
    }
    // Let the inflater catch up before the next chunk (bounded memory, early bomb detection).
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
    if (this.error) throw this.error;
  }

  /** The inflated `.ifc` after the last chunk. */
  async finish(): Promise<Uint8Array> {
    if (this.writer && !this.done && !this.error) {
      // Cut off inside the entry: close the stream so the inflater reports or ends.
      await this.writer.close().catch(() => {});
    }
    await this.inflating;
    if (this.error) throw this.error;
    if (this.ifcs.length > 1) {
      throw new ModelReadError(
        `'${this.zipName}' holds ${this.ifcs.length} IFC files (${
          this.ifcs.join(", ")
        }); an .ifczip must hold exactly one`,
      );
    }
    if (!this.ifcs.length) {
      throw new ModelReadError(
        `'${this.zipName}' holds no .ifc file (entries: ${
          this.entries.length ? this.entries.slice(0, 10).join(", ") : "none"
        }${this.entries.length > 10 ? " …" : ""})`,
      );
    }
    if (!this.out || !this.done) {
      throw new ModelReadError(`'${this.zipName}' is cut off inside ${this.ifcs[0]}`);
    }
    return this.out.bytes();
  }
}

const CHUNK = 1024 * 1024;

/** Inflates the one `.ifc` of zip bytes already in memory (chunks are views, not copies). */
export async function inflateIfcZip(
  bytes: Uint8Array,
  name: string,
  limits?: ZipLimits,
): Promise<Uint8Array> {
  const r = new IfcZipReader(name, limits);
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const end = Math.min(off + CHUNK, bytes.length);
    await r.push(bytes.subarray(off, end), end === bytes.length);
  }
  if (!bytes.length) await r.push(bytes, true);
  return await r.finish();
}
