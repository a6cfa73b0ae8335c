/**
 * A lean ISO 10303-21 (STEP physical file) reader for IFC models.
 *
 * Why our own instead of web-ifc's wasm parser: checking an IDS touches a small fraction of a
 * model (elements, relationships, properties) and never its geometry. One byte scan indexes
 * every instance (id → offset, type) without decoding it; attributes are decoded lazily, only
 * for the instances a facet asks about. That keeps memory near the file size, needs no wasm
 * (so `deno compile` embeds nothing extra and no read permission on node_modules), and reads
 * any schema identifier in the header (IFC4X3 release candidates included).
 *
 * @module
 */

import { runSliced, runSync } from "../ids/time_slice.ts";
import { free, IdMap } from "./int_index.ts";
import { scanElsewhere, SPLIT_MIN_BYTES } from "./scan_elsewhere.ts";

/** An instance reference `#123`. */
export class Ref {
  constructor(readonly id: number) {}
}
/** An enumeration value `.NOTDEFINED.` (booleans and logicals are `.T.`, `.F.`, `.U.`). */
export class Enum {
  constructor(readonly value: string) {}
}
/** A typed parameter `IFCLABEL('x')` (select values carry their defined type). */
export class Typed {
  constructor(readonly type: string, readonly value: StepValue) {}
}
/** The derived-value marker `*`. */
export const DERIVED: unique symbol = Symbol("derived");

/**
 * A decoded STEP parameter: `null` for `$`, `bigint` for integers (so that `42` and `42.`
 * stay distinguishable, as IFC integer and real types require), `number` for reals.
 */
export type StepValue =
  | null
  | typeof DERIVED
  | string
  | number
  | bigint
  | Ref
  | Enum
  | Typed
  | StepValue[];

/**
 * Slots of the cache of whole decoded instances ({@linkcode StepFile.attributes}). Small on
 * purpose: single parameters are decoded straight from the bytes ({@linkcode StepFile.param}),
 * and a big cache of decoded values outlives the young generation, which made the garbage
 * collector a fifth of a big check.
 */
const CACHE_SLOTS = 1 << 12;
/**
 * Deepest list nesting decoded. IFC needs about four levels (lists of lists of coordinates);
 * a hostile file with 100,000 `(` would otherwise exhaust the call stack of the recursive
 * parameter parser.
 */
export const MAX_LIST_DEPTH = 256;

/** Raised for files that are not STEP or are cut off. */
export class StepSyntaxError extends Error {
  override readonly name = "StepSyntaxError";
}

const enum C {
  HASH = 35,
  QUOTE = 39,
  LPAR = 40,
  RPAR = 41,
  STAR = 42,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  SLASH = 47,
  SEMI = 59,
  EQ = 61,
  DOLLAR = 36,
  BACKSLASH = 92,
  PLUS = 43,
  DQUOTE = 34,
}

/**
 * From the opening quote of a STEP string to just after its closing quote (`''` is an escaped
 * quote inside it); the length when the string never closes.
 */
function skipString(b: Uint8Array, i: number): number {
  const n = b.length;
  i++;
  while (i < n) {
    if (b[i] === C.QUOTE) {
      if (b[i + 1] === C.QUOTE) i += 2;
      else return i + 1;
    } else i++;
  }
  return n + 1;
}

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * What the header (the first 64 KiB) of a STEP file says, without indexing its instances:
 * lets a caller refuse bytes that are not STEP cheaply. Throws {@linkcode StepSyntaxError}
 * when they do not start with `ISO-10303-21;`.
 */
export function readStepHeader(bytes: Uint8Array): { header: string; schemaIdentifier: string } {
  const header = ascii(bytes, 0, Math.min(bytes.length, 65536));
  if (!/^(\xEF\xBB\xBF)?\s*(\/\*[\s\S]*?\*\/\s*)*ISO-10303-21\s*;/.test(header)) {
    throw new StepSyntaxError("not a STEP file: it does not start with 'ISO-10303-21;'");
  }
  const schemaMatch = /FILE_SCHEMA\s*\(\s*\(\s*'([^']*)'/i.exec(header);
  return { header, schemaIdentifier: (schemaMatch?.[1] ?? "").trim().toUpperCase() };
}

/** Progress of reading: bytes done of the total. */
export type StepProgress = (done: number, total: number) => void;

/** Passed by {@linkcode StepFile.open} so that the constructor leaves the scan to it. */
const DEFERRED: unique symbol = Symbol("deferred");

/** Bytes scanned between two progress reports. */
const SCAN_SLICE = 1 << 22;
/**
 * Bytes scanned between two chances to pause (well under a millisecond of work); `open`
 * pauses by elapsed time (time_slice.ts), so the event loop gets a turn about every 10 ms.
 */
const SCAN_STEP = 1 << 18;

/** What a scan of a range of the DATA section found (see {@linkcode scanRange}). */
export interface ScanPart {
  /** Instance ids, byte offsets of their `(` and type indexes (into `typeNames`), in order. */
  readonly ids: Int32Array;
  readonly offsets: Int32Array;
  readonly types: Uint16Array;
  readonly count: number;
  readonly maxId: number;
  /** Upper-case type names, in the order first seen in the range. */
  readonly typeNames: string[];
  /** Where the scan stopped: at `stop`, after `ENDSEC;`, or the end of the bytes. */
  readonly end: number;
  /** True when it stopped at `ENDSEC;`. */
  readonly endsec: boolean;
}

/**
 * Indexes the instances from byte `from` (a position between instances) until `ENDSEC;`, the
 * end of the bytes, or the first position between instances at or past `stop`; yields every
 * {@linkcode SCAN_STEP} bytes. Throws {@linkcode StepSyntaxError} (with the line, counted from
 * the start of `b`) for bytes that are not instances. A pure function of the bytes, so that a
 * worker can scan one part of a file while the main thread scans another (scan_worker.ts).
 */
export function* scanRange(
  b: Uint8Array,
  from: number,
  stop = b.length,
  onProgress?: StepProgress,
  sizeFor = stop,
): Generator<void, ScanPart> {
  const n = b.length;
  let i = from;
  // About one instance per 60 bytes (`sizeFor`: the end of what the lists are sized for).
  let cap = Math.max(1024, Math.floor((Math.min(sizeFor, n) - from) / 60));
  let ids = new Int32Array(cap);
  let offsets = new Int32Array(cap);
  let types = new Uint16Array(cap);
  let count = 0;
  let maxId = 0;
  const typeNames: string[] = [];
  const typeIndex = new Map<string, number>();
  const hashIndex = new Map<number, number[]>();
  let nextProgress = from + SCAN_SLICE;
  let nextStep = from + SCAN_STEP;
  let endsec = false;
  while (i < n && i < stop) {
    const c = b[i];
    if (c === C.HASH) {
      // #id = TYPE ( … ) ;
      let j = i + 1;
      let id = 0;
      while (j < n && b[j] >= 48 && b[j] <= 57) id = id * 10 + (b[j++] - 48);
      while (j < n && b[j] <= 32) j++;
      if (b[j] !== C.EQ) throw syntaxAt(b, j, "expected '=' after instance id");
      j++;
      while (j < n && b[j] <= 32) j++;
      const nameStart = j;
      let h = 2166136261;
      while (j < n && isNameChar(b[j])) {
        let ch = b[j];
        if (ch >= 97 && ch <= 122) ch -= 32;
        h = Math.imul(h ^ ch, 16777619);
        j++;
      }
      const nameEnd = j;
      while (j < n && b[j] <= 32) j++;
      if (nameEnd === nameStart && b[j] === C.LPAR) {
        // A complex (multi-leaf) instance `#n=(A(…)B(…));`: not used by IFC; skip it.
        i = skipInstance(b, j);
        continue;
      }
      if (b[j] !== C.LPAR) throw syntaxAt(b, j, "expected '(' after the entity name");
      let t = -1;
      const bucket = hashIndex.get(h);
      if (bucket) {
        for (const cand of bucket) {
          if (sameName(b, typeNames[cand], nameStart, nameEnd)) {
            t = cand;
            break;
          }
        }
      }
      if (t < 0) {
        const name = ascii(b, nameStart, nameEnd).toUpperCase();
        t = typeIndex.get(name) ?? -1;
        if (t < 0) {
          t = typeNames.length;
          typeNames.push(name);
          typeIndex.set(name, t);
        }
        if (bucket) bucket.push(t);
        else hashIndex.set(h, [t]);
      }
      if (count === cap) {
        cap *= 2;
        const ni = new Int32Array(cap);
        ni.set(ids);
        ids = ni;
        const no = new Int32Array(cap);
        no.set(offsets);
        offsets = no;
        const nt = new Uint16Array(cap);
        nt.set(types);
        types = nt;
      }
      ids[count] = id;
      offsets[count] = j;
      types[count] = t;
      count++;
      if (id > maxId) maxId = id;
      i = skipInstance(b, j);
      if (i > nextStep) {
        nextStep = i + SCAN_STEP;
        if (i > nextProgress) {
          onProgress?.(i, n);
          nextProgress += SCAN_SLICE;
        }
        yield;
      }
      continue;
    }
    if (c === C.SLASH && b[i + 1] === C.STAR) {
      i = skipComment(b, i);
      continue;
    }
    if (c === 69 /* E */ && ascii(b, i, i + 7) === "ENDSEC;") {
      endsec = true;
      break;
    }
    i++;
  }
  return { ids, offsets, types, count, maxId, typeNames, end: Math.min(i, n), endsec };
}

/**
 * Where the DATA section of a STEP file starts (just after `DATA;`), or -1. Searched in
 * windows past the first 64 KiB, as one string of a 1 GB file would pass V8's limit of 2^29
 * characters.
 */
function findData(b: Uint8Array, header: string): number {
  const dataMatch = /\bDATA\s*;/.exec(header);
  if (dataMatch) return dataMatch.index + dataMatch[0].length;
  const WINDOW = 1 << 24;
  const n = b.length;
  for (let s = 0; s < n; s += WINDOW) {
    // The overlap keeps `DATA ;` whole when it straddles two windows.
    const text = ascii(b, s, Math.min(n, s + WINDOW + 4096));
    const re = /\bDATA\s*;/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // \b at the window's start may be inside a word (…XDATA;).
      if (m.index === 0 && s > 0 && isNameChar(b[s - 1])) continue;
      return s + m.index + m[0].length;
    }
  }
  return -1;
}

function syntaxAt(b: Uint8Array, at: number, what: string): StepSyntaxError {
  return new StepSyntaxError(`STEP syntax error at line ${lineOf(b, at)}: ${what}`);
}

function lineOf(b: Uint8Array, at: number): number {
  let line = 1;
  for (let k = 0; k < at && k < b.length; k++) if (b[k] === 10) line++;
  return line;
}

function sameName(b: Uint8Array, name: string, s: number, e: number): boolean {
  if (name.length !== e - s) return false;
  for (let k = 0; k < name.length; k++) {
    let ch = b[s + k];
    if (ch >= 97 && ch <= 122) ch -= 32;
    if (name.charCodeAt(k) !== ch) return false;
  }
  return true;
}

function skipComment(b: Uint8Array, i: number): number {
  const n = b.length;
  const start = i;
  i += 2;
  while (i < n && !(b[i] === C.STAR && b[i + 1] === C.SLASH)) i++;
  if (i >= n) throw syntaxAt(b, start, "a comment '/*' is never closed with '*/'");
  return i + 2;
}

/**
 * From the '(' of an instance to just after its terminating ';'. Refuses lists nested deeper
 * than {@linkcode MAX_LIST_DEPTH} here, for every instance: parameters are decoded one by one
 * when asked for, so the parser alone would not see a hostile nesting in a parameter that
 * no facet reads.
 */
function skipInstance(b: Uint8Array, i: number): number {
  const n = b.length;
  let depth = 0;
  while (i < n) {
    const c = b[i];
    if (c === C.LPAR) {
      if (++depth > MAX_LIST_DEPTH) {
        throw syntaxAt(b, i, `parameter lists are nested deeper than ${MAX_LIST_DEPTH} levels`);
      }
      i++;
    } else if (c === C.RPAR) {
      depth--;
      i++;
    } else if (c === C.QUOTE) {
      i = skipString(b, i);
    } else if (c === C.SEMI) {
      return i + 1;
    } else if (c === C.SLASH && b[i + 1] === C.STAR) {
      i = skipComment(b, i);
    } else i++;
  }
  throw syntaxAt(b, n, "the file ends inside an instance (truncated?)");
}

/**
 * The position of the first instance (`#` at a line start) at or after `at`, or -1: where a
 * second scanner may start. Not necessarily between instances (a string may hold a line
 * break and `#`): the first scanner confirms it by arriving there exactly.
 */
function instanceStartAfter(b: Uint8Array, at: number): number {
  for (let i = b.indexOf(10, at); i >= 0 && i + 1 < b.length; i = b.indexOf(10, i + 1)) {
    if (b[i + 1] === C.HASH) return i + 1;
  }
  return -1;
}

/** `to` with the first `count` items of `from`. */
function grown<T extends Int32Array | Uint16Array>(from: T, to: T, count: number): T {
  to.set(from.subarray(0, count));
  return to;
}

/**
 * Frees the lists of a part copied elsewhere now, not at the next full garbage collection
 * (detaching a buffer drops its memory): a big model's second half is megabytes.
 */
function release(part: ScanPart): void {
  for (const list of [part.ids, part.offsets, part.types]) free(list);
}

/** A scan of the second part of the bytes, running elsewhere (a worker; scan_worker.ts). */
export type ScanElsewhere = (bytes: Uint8Array, from: number) => ScanRunning | undefined;

/** A scan running elsewhere. */
export interface ScanRunning {
  /** Its part of the index; rejects when it could not scan (not for errors in the bytes). */
  readonly result: Promise<ScanPart>;
  /** True once `result` has settled or is about to (checked synchronously, often). */
  finished(): boolean;
  /** Stops it (no-op once finished). */
  cancel(): void;
}

/** `work` until `stop()` says so: its result, or undefined when stopped. */
function* unless<T>(work: Generator<void, T>, stop: () => boolean): Generator<void, T | undefined> {
  for (;;) {
    if (stop()) return undefined;
    const r = work.next();
    if (r.done) return r.value;
    yield;
  }
}

/** The indexed file: every instance's id, type and where its parameters start. */
export class StepFile {
  /** Interned upper-case type names; `typeOf` holds indexes into this list. */
  readonly typeNames: string[] = [];
  #schemaIdentifier = "";
  #count = 0;
  private offsets!: Int32Array;
  private types!: Uint16Array;
  private dense?: Int32Array;
  /** Id → position when ids are too sparse for `dense` (typed: a Map holds at most 2^24). */
  private sparse?: IdMap;
  /** Instance ids grouped by type (file order within a type): `byType[typeStart[t]…]`. */
  private byType!: Int32Array;
  private typeStart!: Int32Array;
  /**
   * A direct-mapped cache of decoded instances (slot = id & mask): O(1), fixed size, no
   * hashing; a Map here cost more in hashing and churn than re-parsing saved.
   */
  private readonly cacheIds = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly cacheValues: (StepValue[] | undefined)[] = new Array(CACHE_SLOTS);
  private readonly utf8 = new TextDecoder("utf-8", { fatal: false });
  /** One parser reused for every decode (a decode never re-enters another). */
  private parser?: Parser;

  /** Indexes `bytes` at once (synchronously); see {@linkcode open} for big files. */
  constructor(
    readonly bytes: Uint8Array,
    onProgress?: StepProgress,
    deferred?: typeof DEFERRED,
  ) {
    if (deferred === DEFERRED) return;
    const part = runSync(scanRange(bytes, this.dataStart(), bytes.length, onProgress));
    this.index([part]);
    onProgress?.(bytes.length, bytes.length);
  }

  /**
   * Indexes `bytes` giving the event loop a turn about every 10 ms of work, so that a server
   * keeps serving other calls while it reads a big model, and stopping when `signal` aborts.
   * A DATA section of `SPLIT_MIN_BYTES` or more has its second half scanned `elsewhere` (by
   * default a worker on another core, when the bytes are shared) while this thread scans the
   * first; the
   * index is the same as a scan from start to end (if the halves do not meet exactly where
   * the second began, or the other scan fails to run, this thread scans the rest itself).
   */
  static async open(
    bytes: Uint8Array,
    options: {
      onProgress?: StepProgress;
      signal?: AbortSignal;
      elsewhere?: ScanElsewhere;
      /** Smallest DATA section split (tests split small files). */
      splitMinBytes?: number;
    } = {},
  ): Promise<StepFile> {
    const { onProgress, signal, elsewhere = scanElsewhere } = options;
    const file = new StepFile(bytes, undefined, DEFERRED);
    const from = file.dataStart();
    const n = bytes.length;
    const split = n - from >= (options.splitMinBytes ?? SPLIT_MIN_BYTES)
      ? instanceStartAfter(bytes, from + ((n - from) >> 1))
      : -1;
    const second = split > 0 ? elsewhere(bytes, split) : undefined;
    const parts: ScanPart[] = [];
    try {
      const first = await runSliced(
        scanRange(bytes, from, second ? split : n, onProgress, n),
        { signal },
      );
      parts.push(first);
      if (second && !first.endsec && first.end < n) {
        // The halves meet where the second began (else `split` was inside an instance, and
        // this thread scans on). This thread scans the second half too until the other scan
        // is done: on a busy machine the worker may be slow to start or to get a core. A
        // failed other scan is no error of the file: the same errors are found here.
        const own = first.end === split
          ? await runSliced(unless(scanRange(bytes, split, n, onProgress), second.finished), {
            signal,
          })
          : await runSliced(scanRange(bytes, first.end, n, onProgress), { signal });
        parts.push(
          own ?? await second.result.catch(() => undefined) ??
            await runSliced(scanRange(bytes, split, n, onProgress), { signal }),
        );
      }
    } finally {
      second?.cancel();
    }
    file.index(parts);
    onProgress?.(n, n);
    return file;
  }

  /** Reads the header; the position of the first instance. */
  private dataStart(): number {
    const { header, schemaIdentifier } = readStepHeader(this.bytes);
    this.#schemaIdentifier = schemaIdentifier;
    const i = findData(this.bytes, header);
    if (i < 0) throw new StepSyntaxError("not a STEP file: no DATA section");
    return i;
  }

  /** The first FILE_SCHEMA identifier, upper case (e.g. `IFC4`, `IFC4X3_RC2`). */
  get schemaIdentifier(): string {
    return this.#schemaIdentifier;
  }

  /** Instance count. */
  get count(): number {
    return this.#count;
  }

  /**
   * The index from the scans of consecutive parts of the DATA section: one list of offsets
   * and types (the parts' type indexes mapped to one list of names), the id index, and the
   * instances grouped by type.
   */
  private index(parts: readonly ScanPart[]): void {
    let { ids, offsets, types, count, maxId } = parts[0];
    const typeNames = this.typeNames;
    typeNames.push(...parts[0].typeNames);
    // Later parts are appended in place (the first part's lists are sized for the whole
    // file), so that no second copy of the index is made.
    for (const p of parts.slice(1)) {
      const map = p.typeNames.map((name) => {
        let t = typeNames.indexOf(name);
        if (t < 0) t = typeNames.push(name) - 1;
        return t;
      });
      if (count + p.count > ids.length) {
        const size = count + p.count;
        ids = grown(ids, new Int32Array(size), count);
        offsets = grown(offsets, new Int32Array(size), count);
        types = grown(types, new Uint16Array(size), count);
      }
      ids.set(p.ids.subarray(0, p.count), count);
      offsets.set(p.offsets.subarray(0, p.count), count);
      for (let k = 0; k < p.count; k++) types[count + k] = map[p.types[k]];
      count += p.count;
      if (p.maxId > maxId) maxId = p.maxId;
      release(p);
    }
    this.#count = count;
    this.offsets = offsets = offsets.subarray(0, count);
    this.types = types.subarray(0, count);
    // A repeated id would make every reference to it ambiguous: refuse the file.
    if (maxId < count * 4 + 1024) {
      const dense = new Int32Array(maxId + 1).fill(-1);
      for (let k = 0; k < count; k++) {
        if (dense[ids[k]] >= 0) throw this.duplicate(ids[k], offsets[dense[ids[k]]], offsets[k]);
        dense[ids[k]] = k;
      }
      this.dense = dense;
    } else {
      const sparse = new IdMap(count);
      for (let k = 0; k < count; k++) {
        const first = sparse.get(ids[k]);
        if (first >= 0) throw this.duplicate(ids[k], offsets[first], offsets[k]);
        sparse.set(ids[k], k);
      }
      this.sparse = sparse;
    }
    this.groupByType(ids);
    // The ids in file order are not kept (byType and the id index hold them): free them now.
    free(ids);
  }

  private duplicate(id: number, first: number, second: number): StepSyntaxError {
    return new StepSyntaxError(
      `STEP syntax error: instance #${id} is defined twice (lines ${
        lineOf(this.bytes, first)
      } and ${lineOf(this.bytes, second)}); instance ids must be unique`,
    );
  }

  private indexOf(id: number): number {
    if (this.dense) return id < this.dense.length ? this.dense[id] : -1;
    return this.sparse!.get(id);
  }

  /** True when instance `#id` exists. */
  has(id: number): boolean {
    return this.indexOf(id) >= 0;
  }

  /** Index into `typeNames` of `#id`'s type, or -1. */
  typeIndexOf(id: number): number {
    const k = this.indexOf(id);
    return k < 0 ? -1 : this.types[k];
  }

  /** Upper-case type name of `#id`, or undefined. */
  typeOf(id: number): string | undefined {
    const k = this.indexOf(id);
    return k < 0 ? undefined : this.typeNames[this.types[k]];
  }

  /** Instance ids grouped by type (a counting sort of `ids` by type; `ids` is not kept). */
  private groupByType(ids: Int32Array): void {
    const types = this.types;
    const start = new Int32Array(this.typeNames.length + 1);
    for (let k = 0; k < this.count; k++) start[types[k] + 1]++;
    for (let t = 0; t < this.typeNames.length; t++) start[t + 1] += start[t];
    const fill = start.slice(0, this.typeNames.length);
    const byType = new Int32Array(this.count);
    for (let k = 0; k < this.count; k++) byType[fill[types[k]]++] = ids[k];
    this.byType = byType;
    this.typeStart = start;
  }

  /** Ids of all instances whose type name is one of `names` (upper case), in file order. */
  idsOfTypes(names: Iterable<string>): number[] {
    const wanted = new Set(names);
    const out: number[] = [];
    const byType = this.byType;
    const start = this.typeStart;
    this.typeNames.forEach((t, idx) => {
      if (!wanted.has(t)) return;
      for (let i = start[idx], e = start[idx + 1]; i < e; i++) out.push(byType[i]);
    });
    if (wanted.size > 1) out.sort((a, b) => a - b);
    return out;
  }

  /** How many instances have the type `name` (upper case, exact). */
  countOfType(name: string): number {
    const t = this.typeNames.indexOf(name);
    if (t < 0) return 0;
    return this.typeStart[t + 1] - this.typeStart[t];
  }

  /**
   * The instance references (`#n`, also inside lists) of top-level parameters `a` and `b` of
   * `#id`, read straight from the bytes without decoding anything else: relationship indexes
   * over millions of instances stay allocation-light (pass `out` to reuse its two lists).
   */
  refsOfParams(
    id: number,
    a: number,
    b: number,
    out: [number[], number[]] = [[], []],
  ): [number[], number[]] {
    out[0].length = 0;
    out[1].length = 0;
    const k = this.indexOf(id);
    if (k < 0) return out;
    const bytes = this.bytes;
    const n = bytes.length;
    let i = this.offsets[k] + 1; // after '('
    let param = 0;
    let depth = 0;
    const last = Math.max(a, b);
    while (i < n) {
      const c = bytes[i];
      if (c === C.QUOTE) {
        i = skipString(bytes, i);
        continue;
      }
      if (c === C.HASH) {
        i++;
        let ref = 0;
        while (i < n && bytes[i] >= 48 && bytes[i] <= 57) ref = ref * 10 + (bytes[i++] - 48);
        if (param === a) out[0].push(ref);
        else if (param === b) out[1].push(ref);
        continue;
      }
      if (c === C.LPAR) depth++;
      else if (c === C.RPAR) {
        if (depth === 0) break;
        depth--;
      } else if (c === C.COMMA && depth === 0) {
        param++;
        if (param > last) break;
      } else if (c === C.SEMI) break;
      i++;
    }
    return out;
  }

  /** Decoded parameters of `#id` (cached), or undefined when there is no such instance. */
  attributes(id: number): StepValue[] | undefined {
    const slot = id & (CACHE_SLOTS - 1);
    if (this.cacheIds[slot] === id) return this.cacheValues[slot];
    const k = this.indexOf(id);
    if (k < 0) return undefined;
    const v = this.parserAt(this.offsets[k]).list();
    this.cacheIds[slot] = id;
    this.cacheValues[slot] = v;
    return v;
  }

  private parserAt(i: number): Parser {
    const p = this.parser ??= new Parser(this.bytes, 0, this.utf8);
    p.reset(i);
    return p;
  }

  /**
   * Top-level parameter `index` of `#id`, decoded alone straight from the bytes (the others
   * are skipped, not decoded): `null` for `$` and for a parameter the instance does not have,
   * undefined when there is no instance `#id`.
   */
  param(id: number, index: number): StepValue | undefined {
    const k = this.indexOf(id);
    if (k < 0) return undefined;
    const slot = id & (CACHE_SLOTS - 1);
    if (this.cacheIds[slot] === id) return this.cacheValues[slot]![index] ?? null;
    const at = this.paramOffset(this.offsets[k], index);
    return at < 0 ? null : this.parserAt(at).valueOrEnd() ?? null;
  }

  /**
   * Where top-level parameter `index` starts (its first byte; whitespace before it skipped by
   * the parser), from the `(` at `open`; -1 when the list has fewer parameters.
   */
  private paramOffset(open: number, index: number): number {
    const b = this.bytes;
    const n = b.length;
    let i = open + 1;
    if (index === 0) return i;
    let param = 0;
    let depth = 0;
    while (i < n) {
      const c = b[i];
      if (c === C.QUOTE) {
        i = skipString(b, i);
        continue;
      }
      if (c === C.LPAR) depth++;
      else if (c === C.RPAR) {
        if (depth === 0) return -1;
        depth--;
      } else if (c === C.COMMA && depth === 0) {
        if (++param === index) return i + 1;
      } else if (c === C.SEMI) return -1;
      else if (c === C.SLASH && b[i + 1] === C.STAR) {
        i = skipComment(b, i);
        continue;
      }
      i++;
    }
    return -1;
  }
}

const LATIN1 = new TextDecoder("latin1");

/**
 * Interning of the short upper-case texts a model repeats (enumeration values, type names of
 * typed values such as IFCLABEL): a direct-mapped table from the bytes' hash to the
 * string decoded last time, checked character by character. A big check decodes millions of
 * such texts; returning the same string spares the allocation and the garbage collection.
 */
const INTERN_SLOTS = 1 << 12;
const INTERN_MAX = 40;
const internUpper: (string | undefined)[] = new Array(INTERN_SLOTS);
const internEnums: (Enum | undefined)[] = new Array(INTERN_SLOTS);

function upperOf(c: number): number {
  return c >= 97 && c <= 122 ? c - 32 : c;
}

function hashBytes(b: Uint8Array, s: number, e: number, upper: boolean): number {
  let h = 2166136261;
  for (let k = s; k < e; k++) h = Math.imul(h ^ (upper ? upperOf(b[k]) : b[k]), 16777619);
  return (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
}

function sameText(t: string | undefined, b: Uint8Array, s: number, e: number, upper: boolean) {
  if (t === undefined || t.length !== e - s) return false;
  for (let k = s; k < e; k++) {
    if (t.charCodeAt(k - s) !== (upper ? upperOf(b[k]) : b[k])) return false;
  }
  return true;
}

/** `ascii(b, s, e).toUpperCase()`, interned when short. */
function internedUpper(b: Uint8Array, s: number, e: number): string {
  if (e - s > INTERN_MAX) return ascii(b, s, e).toUpperCase();
  const h = hashBytes(b, s, e, true);
  const t = internUpper[h];
  if (sameText(t, b, s, e, true)) return t!;
  return internUpper[h] = ascii(b, s, e).toUpperCase();
}

/** The enumeration value of bytes `s`–`e` (one shared, immutable instance per value). */
function internedEnum(b: Uint8Array, s: number, e: number): Enum {
  if (e - s > INTERN_MAX) return new Enum(ascii(b, s, e).toUpperCase());
  const h = hashBytes(b, s, e, true);
  const t = internEnums[h];
  if (t && sameText(t.value, b, s, e, true)) return t;
  return internEnums[h] = new Enum(ascii(b, s, e).toUpperCase());
}

/**
 * Latin-1 text of a byte range: short tokens without allocating a view, long ones through a
 * decoder (never `String.fromCharCode.apply`, whose argument count is bounded by the stack: a
 * 130,000-character string literal overflowed it).
 */
function ascii(b: Uint8Array, s: number, e: number): string {
  if (e - s > 64) {
    // TextDecoder's "latin1" is windows-1252; bytes 0x80–0x9F must stay code points, as in ISO-8859-1.
    const text = LATIN1.decode(b.subarray(s, e));
    return /[\u0100-\uffff]/.test(text) ? isoLatin1(b, s, e) : text;
  }
  if (e - s <= 12) {
    let out = "";
    for (let k = s; k < e; k++) out += String.fromCharCode(b[k]);
    return out;
  }
  // From 13 characters on, `+=` builds a chain of cons strings that is flattened later.
  const codes: number[] = [];
  for (let k = s; k < e; k++) codes.push(b[k]);
  return String.fromCharCode(...codes);
}

/** ISO-8859-1 decoding in bounded slices (for the rare text with bytes 0x80–0x9F). */
function isoLatin1(b: Uint8Array, s: number, e: number): string {
  const parts: string[] = [];
  const CHUNK = 4096;
  for (let k = s; k < e; k += CHUNK) {
    parts.push(
      String.fromCharCode.apply(null, b.subarray(k, Math.min(e, k + CHUNK)) as unknown as number[]),
    );
  }
  return parts.join("");
}

class Parser {
  private depth = 0;

  constructor(readonly b: Uint8Array, public i: number, readonly utf8: TextDecoder) {}

  /** Starts over at `i` (a failed parse may have left `depth` anywhere). */
  reset(i: number): void {
    this.i = i;
    this.depth = 0;
  }

  private ws(): void {
    const b = this.b;
    for (;;) {
      while (this.i < b.length && b[this.i] <= 32) this.i++;
      if (b[this.i] === C.SLASH && b[this.i + 1] === C.STAR) {
        this.i += 2;
        while (this.i < b.length && !(b[this.i] === C.STAR && b[this.i + 1] === C.SLASH)) this.i++;
        if (this.i >= b.length) throw new StepSyntaxError("a comment '/*' is never closed");
        this.i += 2;
      } else return;
    }
  }

  /** The value here, or undefined when the list ends here (`()` has no first parameter). */
  valueOrEnd(): StepValue | undefined {
    this.ws();
    return this.b[this.i] === C.RPAR ? undefined : this.value();
  }

  /** Parses `( v, v, … )` starting at '(', at most {@linkcode MAX_LIST_DEPTH} levels deep. */
  list(): StepValue[] {
    if (++this.depth > MAX_LIST_DEPTH) {
      throw new StepSyntaxError(
        `parameter lists are nested deeper than ${MAX_LIST_DEPTH} levels`,
      );
    }
    const out = this.items();
    this.depth--;
    return out;
  }

  private items(): StepValue[] {
    const b = this.b;
    const out: StepValue[] = [];
    this.i++; // (
    this.ws();
    if (b[this.i] === C.RPAR) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = b[this.i];
      if (c === C.COMMA) {
        this.i++;
        continue;
      }
      if (c === C.RPAR) {
        this.i++;
        return out;
      }
      if (c === undefined) throw new StepSyntaxError("the parameters end with the file");
      throw new StepSyntaxError(`unexpected character '${String.fromCharCode(c)}' in parameters`);
    }
  }

  value(): StepValue {
    this.ws();
    const b = this.b;
    const c = b[this.i];
    switch (c) {
      case C.DOLLAR:
        this.i++;
        return null;
      case C.STAR:
        this.i++;
        return DERIVED;
      case C.HASH: {
        this.i++;
        let id = 0;
        while (b[this.i] >= 48 && b[this.i] <= 57) id = id * 10 + (b[this.i++] - 48);
        return new Ref(id);
      }
      case C.QUOTE:
        return this.string();
      case C.DOT: {
        const s = ++this.i;
        while (this.i < b.length && b[this.i] !== C.DOT) this.i++;
        const e = this.i;
        this.i++;
        return internedEnum(b, s, e);
      }
      case C.LPAR:
        return this.list();
      case C.DQUOTE: {
        const s = ++this.i;
        while (this.i < b.length && b[this.i] !== C.DQUOTE) this.i++;
        const v = ascii(b, s, this.i);
        this.i++;
        return v;
      }
    }
    if ((c >= 48 && c <= 57) || c === C.MINUS || c === C.PLUS) return this.number();
    if (isNameChar(c)) {
      const s = this.i;
      while (isNameChar(b[this.i])) this.i++;
      const name = internedUpper(b, s, this.i);
      this.ws();
      if (b[this.i] !== C.LPAR) throw new StepSyntaxError(`expected '(' after ${name}`);
      const inner = this.list();
      return new Typed(name, inner.length === 1 ? inner[0] : inner);
    }
    if (c === undefined) throw new StepSyntaxError("the parameters end with the file");
    throw new StepSyntaxError(`unexpected character '${String.fromCharCode(c)}'`);
  }

  private number(): number | bigint {
    const b = this.b;
    const s = this.i;
    let real = false;
    this.i++;
    while (this.i < b.length) {
      const c = b[this.i];
      if (c >= 48 && c <= 57) this.i++;
      else if (c === C.DOT || c === 69 || c === 101 || c === C.MINUS || c === C.PLUS) {
        real = true;
        this.i++;
      } else break;
    }
    if (!real) {
      // Integers: exact digits, no string round trip for the common small case.
      let n = 0;
      let k = s;
      const neg = b[k] === C.MINUS;
      if (neg || b[k] === C.PLUS) k++;
      if (this.i - k <= 15) {
        for (; k < this.i; k++) n = n * 10 + (b[k] - 48);
        return BigInt(neg ? -n : n);
      }
    }
    const text = ascii(b, s, this.i);
    if (real) return Number(text.endsWith(".") ? text + "0" : text.replace(/\.(?=[eE])/, ".0"));
    return BigInt(text);
  }

  /** A STEP string with '' escapes and \X\, \X2\, \X4\, \S\ encodings; raw bytes as UTF-8. */
  private string(): string {
    const b = this.b;
    const s = ++this.i;
    let hasEscape = false;
    while (this.i < b.length) {
      const c = b[this.i];
      if (c === C.QUOTE) {
        if (b[this.i + 1] === C.QUOTE) {
          hasEscape = true;
          this.i += 2;
          continue;
        }
        break;
      }
      if (c === C.BACKSLASH || c >= 128) hasEscape = true;
      this.i++;
    }
    const e = this.i;
    this.i++;
    if (!hasEscape) return ascii(b, s, e);
    return decodeStepString(this.utf8.decode(b.subarray(s, e)));
  }
}

/** Decodes STEP string escapes in already UTF-8-decoded text. */
export function decodeStepString(t: string): string {
  t = t.replace(/''/g, "'");
  if (!t.includes("\\")) return t;
  let out = "";
  let i = 0;
  while (i < t.length) {
    const ch = t[i];
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    if (t.startsWith("\\X2\\", i)) {
      const end = t.indexOf("\\X0\\", i + 4);
      const hex = t.slice(i + 4, end < 0 ? t.length : end);
      for (let k = 0; k + 4 <= hex.length; k += 4) {
        out += String.fromCharCode(hexCode(hex.slice(k, k + 4), "\\X2\\"));
      }
      i = end < 0 ? t.length : end + 4;
    } else if (t.startsWith("\\X4\\", i)) {
      const end = t.indexOf("\\X0\\", i + 4);
      const hex = t.slice(i + 4, end < 0 ? t.length : end);
      for (let k = 0; k + 8 <= hex.length; k += 8) {
        const code = hexCode(hex.slice(k, k + 8), "\\X4\\");
        if (code > 0x10ffff) {
          throw new StepSyntaxError(
            `string escape \\X4\\${hex.slice(k, k + 8)} is not a Unicode code point (above 10FFFF)`,
          );
        }
        out += String.fromCodePoint(code);
      }
      i = end < 0 ? t.length : end + 4;
    } else if (t.startsWith("\\X\\", i)) {
      out += String.fromCharCode(hexCode(t.slice(i + 3, i + 5), "\\X\\"));
      i += 5;
    } else if (t.startsWith("\\S\\", i)) {
      out += String.fromCharCode(t.charCodeAt(i + 3) + 128);
      i += 4;
    } else if (t.startsWith("\\P", i) && t[i + 3] === "\\") {
      i += 4; // code page switch: ignored
    } else if (t.startsWith("\\\\", i)) {
      out += "\\";
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** A hexadecimal escape's value; anything else is a syntax error, not a silent NUL. */
function hexCode(hex: string, escape: string): number {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) {
    throw new StepSyntaxError(
      `string escape ${escape}${hex} has characters that are not hexadecimal`,
    );
  }
  return parseInt(hex, 16);
}
