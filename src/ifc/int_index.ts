/**
 * Compact integer indexes for models of millions of instances: a growable int32 list, a map
 * from instance id to int, and inverse relationships in CSR form. Typed arrays instead of
 * Maps and arrays of numbers: a Map holds at most 2^24 entries (a 1 GB model has 14.5 M
 * instances), and typed arrays are one allocation the garbage collector never traces.
 *
 * @module
 */

/** A growable list of int32 (no boxed numbers, no per-item allocation). */
export class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** The shared empty list of ids. */
export const NONE: readonly number[] = Object.freeze([]);

/**
 * An inverse relationship: for each object id, the ids on the other side, in file order.
 * Compact typed arrays (an open-addressing hash of the object ids into a CSR layout) instead
 * of a Map of arrays: a 1 GB model has millions of related objects, and a Map holds at most
 * 2^24 entries, each boxed and traced by the garbage collector.
 */
export class Inverse {
  private readonly keys: Int32Array;
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly starts: Int32Array;
  private readonly values: Int32Array;
  /** Distinct object ids. */
  readonly size: number;

  /** From pairs `objs[i] → targets[i]` (in the order the values are to be listed). */
  constructor(objs: IntList, targets: IntList) {
    const m = objs.length;
    let bits = 4;
    while (1 << bits < m * 2) bits++;
    const cap = 1 << bits;
    this.shift = 32 - bits;
    const keys = new Int32Array(cap).fill(-1);
    const slots = new Int32Array(cap);
    const slotOf = new Int32Array(m);
    let size = 0;
    const o = objs.data;
    for (let i = 0; i < m; i++) {
      const id = o[i];
      let h = hashOf(id, this.shift);
      while (keys[h] !== -1 && keys[h] !== id) h = (h + 1) & (cap - 1);
      if (keys[h] === -1) {
        keys[h] = id;
        slots[h] = size++;
      }
      slotOf[i] = slots[h];
    }
    const starts = new Int32Array(size + 1);
    for (let i = 0; i < m; i++) starts[slotOf[i] + 1]++;
    for (let s = 0; s < size; s++) starts[s + 1] += starts[s];
    const fill = starts.slice(0, size);
    const values = new Int32Array(m);
    const t = targets.data;
    for (let i = 0; i < m; i++) values[fill[slotOf[i]]++] = t[i];
    this.keys = keys;
    this.slots = slots;
    this.starts = starts;
    this.values = values;
    this.size = size;
  }

  private slot(id: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let h = hashOf(id, this.shift);
    for (;;) {
      const k = keys[h];
      if (k === id) return this.slots[h];
      if (k === -1) return -1;
      h = (h + 1) & mask;
    }
  }

  /** The first id related to `id`, or undefined. */
  first(id: number): number | undefined {
    const s = this.slot(id);
    return s < 0 ? undefined : this.values[this.starts[s]];
  }

  /** How many ids are related to `id`. */
  count(id: number): number {
    const s = this.slot(id);
    return s < 0 ? 0 : this.starts[s + 1] - this.starts[s];
  }

  /** The ids related to `id` (a fresh array; a shared frozen empty one when none). */
  get(id: number): readonly number[] {
    const s = this.slot(id);
    if (s < 0) return NONE;
    const out: number[] = [];
    for (let i = this.starts[s], e = this.starts[s + 1]; i < e; i++) out.push(this.values[i]);
    return out;
  }
}

/** Hash of an id into `bits` bits (Fibonacci hashing). */
function hashOf(id: number, shift: number): number {
  return Math.imul(id, 0x9e3779b1) >>> shift;
}

/** A map from non-negative ids to non-negative ints (open addressing, grows by doubling). */
export class IdMap {
  private keys = new Int32Array(64).fill(-1);
  private values = new Int32Array(64);
  private shift = 32 - 6;
  size = 0;

  /** The value of `id`, or -1. */
  get(id: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let h = hashOf(id, this.shift);
    for (;;) {
      const k = keys[h];
      if (k === id) return this.values[h];
      if (k === -1) return -1;
      h = (h + 1) & mask;
    }
  }

  /** Sets the value of `id` (`value` ≥ 0). */
  set(id: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    let h = hashOf(id, this.shift);
    while (keys[h] !== -1 && keys[h] !== id) h = (h + 1) & mask;
    if (keys[h] === -1) {
      keys[h] = id;
      this.size++;
    }
    this.values[h] = value;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.values = new Int32Array(oldKeys.length * 2);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== -1) this.set(oldKeys[i], oldValues[i]);
    }
  }
}
