/**
 * Deno.bench for the session store: load and update of a 20 KB and a 1 MB document,
 * file-backed and in memory, warm (cached parse) and cold (Kv read + JSON parse every time).
 * `deno task bench bench/session_bench.ts`; `bench/session_report.ts` prints the medians, p99
 * and ratios that BENCHMARKS.md records.
 *
 * @module
 */

import { type Backend, openBench, realisticDoc, retitle } from "./session_fixtures.ts";

const SIZES = { "20KB": 20_000, "1MB": 1_000_000 } as const;
const tempFiles: string[] = [];
// Deno.bench has no teardown: remove the temp Kv files when the bench process exits.
globalThis.addEventListener("unload", () => {
  for (const path of tempFiles) {
    try {
      Deno.removeSync(path.replace(/\/[^/]*$/, ""), { recursive: true });
    } catch {
      // already gone
    }
  }
});

for (const backend of ["file", "memory"] as Backend[]) {
  for (const [label, bytes] of Object.entries(SIZES)) {
    const doc = realisticDoc(bytes);
    const warm = await openBench(backend);
    const cold = await openBench(backend, { cacheBytes: 0 });
    for (const b of [warm, cold]) if (b.path) tempFiles.push(b.path);
    for (const { store } of [warm, cold]) {
      await store.create("s");
      await store.update("s", () => ({ doc, result: 0 }));
    }
    let n = 0;
    Deno.bench(`load ${label} ${backend} warm`, { group: `load ${label}` }, async () => {
      await warm.store.load("s");
    });
    Deno.bench(`load ${label} ${backend} cold`, { group: `load ${label}` }, async () => {
      await cold.store.load("s");
    });
    Deno.bench(`update ${label} ${backend}`, { group: `update ${label}` }, async () => {
      await warm.store.update("s", (d) => ({ doc: retitle(d, n++), result: 0 }));
    });
  }
}
