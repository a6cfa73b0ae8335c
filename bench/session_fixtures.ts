/**
 * Shared setup for the session benchmarks: stores on a temp file or in memory, and documents
 * of a given JSON size.
 *
 * @module
 */

import { SessionStore, type SessionStoreOptions } from "../src/session/kv_store.ts";
import { bigDoc, jsonBytes } from "../tests/session/_helpers.ts";
import type { IdsDocument, Specification } from "../src/ids/model.ts";
import { parseIds } from "../src/ids/xml.ts";

export { bigDoc, jsonBytes };

const SHARED = new URL("../../shared/ids/", import.meta.url);

/**
 * A document of at least `bytes` of JSON made of real specifications (the example and valid
 * audit IDS files in /work/shared, repeated under new names), so that sizes and compression
 * ratios are those of real IDS content. Falls back to synthetic content when the corpus is
 * missing.
 */
export function realisticDoc(bytes: number, title = "realistic"): IdsDocument {
  const pool: Specification[] = [];
  for (const dir of ["examples", "audit/valid"]) {
    try {
      for (const entry of Deno.readDirSync(new URL(`${dir}/`, SHARED))) {
        if (!entry.name.endsWith(".ids")) continue;
        try {
          pool.push(
            ...parseIds(Deno.readFileSync(new URL(`${dir}/${entry.name}`, SHARED))).specifications,
          );
        } catch {
          // not every corpus file need parse; the pool only needs content
        }
      }
    } catch {
      // corpus not present
    }
  }
  if (pool.length === 0) return bigDoc(bytes, title);
  const specs: Specification[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = { ...pool[i % pool.length], name: `${pool[i % pool.length].name} #${i}` };
    specs.push(s);
    size += JSON.stringify(s).length + 1;
  }
  return { info: { title }, specifications: specs };
}

export type Backend = "file" | "memory";

/** A store on a fresh temp file or in memory, and how to dispose of it. */
export async function openBench(
  backend: Backend,
  options: SessionStoreOptions = {},
): Promise<{ store: SessionStore; kv: Deno.Kv; path?: string; dispose: () => Promise<void> }> {
  const dir = backend === "file" ? await Deno.makeTempDir({ prefix: "ids-mcp-bench-" }) : "";
  const path = backend === "file" ? `${dir}/sessions.kv` : ":memory:";
  const kv = await Deno.openKv(path);
  const store = new SessionStore(kv, { ...options, closeKv: false });
  return {
    store,
    kv,
    path: backend === "file" ? path : undefined,
    dispose: async () => {
      store.close();
      kv.close();
      if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** An edit that forces a full rewrite: a new title (new document object, same size). */
export function retitle(d: IdsDocument | undefined, n: number): IdsDocument {
  const base = d!;
  return { ...base, info: { ...base.info, title: `title ${n % 1000}`.padEnd(12, " ") } };
}
