/**
 * The physical floor of checking a model on this machine: a Deno process that reads the file
 * into memory by the fastest reasonable route (one presized Uint8Array filled by `readSync`;
 * `Deno.readFile` grows its buffer and pays for the page faults twice) and scans it once,
 * noting each instance id (`#n=` at a line start) into a typed array. No check can do less:
 * it must read every byte and find every instance. bench/floor_bench.ts compares `check`
 * with this, as ratios measured in the same run.
 *
 * Usage: deno run -A bench/floor.ts MODEL.ifc   (prints `{ bytes, instances, maxId, ms }`)
 *
 * @module
 */

/** Reads a whole file into one presized buffer. */
export function readPresized(path: string): Uint8Array {
  const file = Deno.openSync(path, { read: true });
  try {
    const size = file.statSync().size;
    const buf = new Uint8Array(size);
    let got = 0;
    while (got < size) {
      const n = file.readSync(buf.subarray(got));
      if (n === null) break;
      got += n;
    }
    return got === size ? buf : buf.subarray(0, got);
  } finally {
    file.close();
  }
}

/** Ids of the instances (`#n` at a line start), in file order. */
export function scanIds(b: Uint8Array): { ids: Int32Array; count: number; maxId: number } {
  let ids = new Int32Array(Math.max(1024, b.length >> 6));
  let count = 0;
  let maxId = 0;
  const n = b.length;
  let i = 0;
  while (i < n) {
    if (b[i] === 35 /* # */ && (i === 0 || b[i - 1] === 10)) {
      let j = i + 1;
      let id = 0;
      while (j < n && b[j] >= 48 && b[j] <= 57) id = id * 10 + (b[j++] - 48);
      if (count === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[count++] = id;
      if (id > maxId) maxId = id;
      i = j;
    }
    // To the next line start.
    const nl = b.indexOf(10, i);
    if (nl < 0) break;
    i = nl + 1;
  }
  return { ids, count, maxId };
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (!path) {
    console.error("usage: deno run -A bench/floor.ts MODEL.ifc");
    Deno.exit(2);
  }
  const t0 = performance.now();
  const bytes = readPresized(path);
  const { count, maxId } = scanIds(bytes);
  const ms = Math.round(performance.now() - t0);
  console.log(JSON.stringify({ bytes: bytes.length, instances: count, maxId, ms }));
}
