/**
 * The one way every entry point opens a model (`check`, `validate_ifc_model`,
 * `inspect_ifc_model`): STEP bytes as they are, or an `.ifczip` detected by its magic bytes
 * (not its name) and inflated with zip-bomb limits. Files are streamed, so a zip is never
 * held in memory next to its inflated model.
 *
 * @module
 */
import type { ZipLimits } from "./ifczip.ts";
import { ModelReadError } from "./read_error.ts";
import { SPLIT_MIN_BYTES } from "./scan_elsewhere.ts";

export type { ZipLimits } from "./ifczip.ts";

/**
 * The zip reader (and fflate, an npm package) loads only for a zip: loading it took 40–90 ms
 * of every `check` before the model's read could start.
 */
const zipModule = () => import("./ifczip.ts");

/** True when the bytes start with a zip local file header (`PK\x03\x04`). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 &&
    head[3] === 0x04;
}

/**
 * Largest STEP model read (bytes): the index keeps byte offsets in 32-bit integers, so a
 * larger file would be misread, not just slow. An .ifczip inflates to at most 2 GiB too
 * (`ZipLimits`).
 */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

/** Refuses, before reading it, a model file larger than {@linkcode MAX_MODEL_BYTES}. */
function refuseTooLarge(size: number, path: string): void {
  if (size > MAX_MODEL_BYTES) {
    const n = (x: number) => x.toLocaleString("en-US");
    throw new ModelReadError(
      `'${path.split(/[\\/]/).pop()}' has ${n(size)} bytes; models of up to 2 GiB (${
        n(MAX_MODEL_BYTES)
      } bytes) can be read (split the model, e.g. by storey or discipline)`,
    );
  }
}

/** The STEP bytes of a model given as bytes: inflated when they are a zip. */
export async function openModelBytes(
  bytes: Uint8Array,
  name: string,
  limits?: ZipLimits,
): Promise<Uint8Array> {
  return isZip(bytes) ? await (await zipModule()).inflateIfcZip(bytes, name, limits) : bytes;
}

/**
 * Bytes asked for per read call: one call for most models, as each call is issued only when
 * the event loop turns and `check` audits the IDS (synchronously) while the model is read.
 */
const READ_CHUNK = 1 << 28;

/**
 * The whole file into one buffer of the file's size: `Deno.readFile` grows its buffer as it
 * reads, which here doubled the peak memory and took 2.3x as long (page faults of the copies).
 * A big model is read as two halves at once, each on its own I/O thread: filling fresh memory
 * is mostly page faults, and two threads fault pages in on both cores (100 MB: ~0.21 s instead
 * of ~0.39 s here). It goes to shared memory, so that a worker can index half of it
 * (scan_elsewhere.ts).
 */
async function readRest(
  file: Deno.FsFile,
  head: Uint8Array,
  size: number,
  path: string,
): Promise<Uint8Array> {
  if (size < SPLIT_MIN_BYTES) {
    const buf = new Uint8Array(Math.max(size, head.length));
    buf.set(head);
    return await readOn(file, buf, head.length);
  }
  const buf = new Uint8Array(new SharedArrayBuffer(size));
  buf.set(head);
  const mid = head.length + ((size - head.length) >> 1);
  const second = Deno.openSync(path, { read: true });
  try {
    second.seekSync(mid, Deno.SeekMode.Start);
    const [a, b] = await Promise.all([
      fill(file, buf, head.length, mid),
      fill(second, buf, mid, size),
    ]);
    // Grown meanwhile: the rest follows the second half.
    if (a === mid && b === size) return await readOn(second, buf, size);
  } finally {
    second.close();
  }
  // Shrunk while being read (a half ended early): read it again from the start, in order.
  file.seekSync(0, Deno.SeekMode.Start);
  return await readOn(file, new Uint8Array(size), 0);
}

/** Reads into `buf[from…to)` until it is full or the file ends; where it stopped. */
async function fill(file: Deno.FsFile, buf: Uint8Array, from: number, to: number) {
  let got = from;
  while (got < to) {
    const n = await file.read(buf.subarray(got, Math.min(to, got + READ_CHUNK)));
    if (n === null) break;
    got += n;
  }
  return got;
}

/** Reads the rest of the file into `buf` from `got` on, growing it if the file grew. */
async function readOn(file: Deno.FsFile, buf: Uint8Array, got: number): Promise<Uint8Array> {
  for (;;) {
    got = await fill(file, buf, got, buf.length);
    if (got < buf.length) break;
    // The file grew while being read: keep reading, into a bigger buffer.
    const probe = new Uint8Array(1);
    const n = await file.read(probe);
    if (n === null) break;
    const bigger = new Uint8Array(buf.length * 2 + 1);
    bigger.set(buf);
    bigger[got++] = probe[0];
    buf = bigger;
  }
  return got === buf.length ? buf : buf.slice(0, got);
}

/** The size of a file in bytes, or 0 when it cannot be read (reading it then says why). */
export function fileSize(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Reads a model file (`.ifc` or `.ifczip`). File-system errors propagate as `Deno.errors.*`;
 * a bad zip throws `ModelReadError`.
 */
export async function readModelFile(path: string, limits?: ZipLimits): Promise<Uint8Array> {
  // Opening, the first bytes and the size are read synchronously (each a syscall of
  // microseconds), so that the bulk read is issued before this call returns: `check` audits
  // the IDS meanwhile, and an await here would leave the read waiting for that to finish.
  const file = Deno.openSync(path, { read: true });
  try {
    const head = new Uint8Array(4);
    let got = 0;
    while (got < 4) {
      const n = file.readSync(head.subarray(got));
      if (n === null) break;
      got += n;
    }
    if (!isZip(head.subarray(0, got))) {
      const size = file.statSync().size;
      refuseTooLarge(size, path);
      const bytes = await readRest(file, head.subarray(0, got), size, path);
      file.close();
      return bytes;
    }
    const name = path.split(/[\\/]/).pop() ?? path;
    const reader = new (await zipModule()).IfcZipReader(name, limits);
    await reader.push(head.slice(0, got));
    for (;;) {
      // A fresh buffer per read: the unzipper may keep views of a chunk it has not consumed.
      const buf = new Uint8Array(1024 * 1024);
      const n = await file.read(buf);
      if (n === null) break;
      await reader.push(buf.subarray(0, n));
    }
    await reader.push(new Uint8Array(0), true);
    file.close();
    return await reader.finish();
  } catch (e) {
    try {
      file.close();
    } catch { /* already closed */ }
    throw e;
  }
}
