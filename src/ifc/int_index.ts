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
      // Transferring frees the old memory at once (it may even grow in place), instead of
      // leaving it to a full garbage collection: a big model's lists are megabytes.
      this.data = new Int32Array(this.data.buffer.transfer(this.data.byteLength * 2));
    }
    this.data[this.length++] = v;
  }

  /** Frees the list's memory now (it is empty afterwards). */
  free(): void {
    free(this.data);
    this.data = new Int32Array(0);
    this.length = 0;
  }
}

/**
 * Frees the memory of a typed array that is no longer used, now instead of at the next full
 * garbage collection (a detached buffer has no memory); the array must own its whole buffer.
 */
export function free(list: Int32Array | Uint16Array): void {
  if (list.buffer instanceof ArrayBuffer) list.buffer.transfer(0);
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
  /** Object id → its slot in `starts`. */
  private readonly slotOfId: IdMap;
  private readonly starts: Int32Array;
  private readonly values: Int32Array;
  /** Distinct object ids. */
  readonly size: number;

  /** From pairs `objs[i] → targets[i]` (in the order the values are to be listed). */
  constructor(objs: IntList, targets: IntList) {
    const m = objs.length;
    const slotOfId = new IdMap(m);
    const slotOf = new Int32Array(m);
    let size = 0;
    const o = objs.data;
    for (let i = 0; i < m; i++) {
      let slot = slotOfId.get(o[i]);
      if (slot < 0) slotOfId.set(o[i], slot = size++);
      slotOf[i] = slot;
    }
    const starts = new Int32Array(size + 1);
    for (let i = 0; i < m; i++) starts[slotOf[i] + 1]++;
    for (let s = 0; s < size; s++) starts[s + 1] += starts[s];
    const fill = starts.slice(0, size);
    const values = new Int32Array(m);
    const t = targets.data;
    for (let i = 0; i < m; i++) values[fill[slotOf[i]]++] = t[i];
    free(slotOf);
    free(fill);
    this.slotOfId = slotOfId;
    this.starts = starts;
    this.values = values;
    this.size = size;
  }

  private slot(id: number): number {
    return this.slotOfId.get(id);
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

/**
 * A map from non-negative ids to non-negative ints (open addressing, grows by doubling). Key
 * and value sit side by side (`slots[2h]`, `slots[2h + 1]`): a look-up in a table of
 * megabytes then misses the cache once, not twice.
 */
export class IdMap {
  private slots: Int32Array;
  private shift: number;
  size = 0;

  /** Sized so that `expected` ids fit without growing. */
  constructor(expected = 32) {
    let bits = 6;
    while (1 << bits < expected * 2) bits++;
    this.slots = new Int32Array(2 << bits).fill(-1);
    this.shift = 32 - bits;
  }

  /** The value of `id`, or -1. */
  get(id: number): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    let h = hashOf(id, this.shift) << 1;
    for (;;) {
      const k = slots[h];
      if (k === id) return slots[h + 1];
      if (k === -1) return -1;
      h = (h + 2) & mask;
    }
  }

  /** Sets the value of `id` (`value` ≥ 0). */
  set(id: number, value: number): void {
    if ((this.size + 1) * 4 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = slots.length - 2;
    let h = hashOf(id, this.shift) << 1;
    while (slots[h] !== -1 && slots[h] !== id) h = (h + 2) & mask;
    if (slots[h] === -1) {
      slots[h] = id;
      this.size++;
    }
    slots[h + 1] = value;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== -1) this.set(old[i], old[i + 1]);
    }
    free(old);
  }
}
