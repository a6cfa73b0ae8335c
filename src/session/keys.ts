/**
 * The Kv key layout of the session store, in one place, because three modules walk it: the
 * store itself (kv_store.ts), the storage accounting (quota.ts) and the sweep that reclaims
 * chunks an interrupted write left behind (reclaim.ts). See kv_store.ts for what each key holds.
 *
 * Chunk generations carry the time they were started (`t<ms base 36>-<uuid>`), so that the
 * sweep can tell a write still in progress (young) from one a killed process abandoned (old)
 * without any coordination between processes sharing the Kv.
 *
 * @module
 */

export const PREFIX = ["ids-mcp", "v1"] as const;

export const headKey = (id: string): Deno.KvKey => [...PREFIX, "session", id];

/** Every chunk of every session lives under this prefix. */
export const CHUNK_ROOT: Deno.KvKey = [...PREFIX, "chunk"];
export const chunkPrefix = (id: string, gen: string): Deno.KvKey => [...CHUNK_ROOT, id, gen];
export const chunkKey = (id: string, gen: string, i: number): Deno.KvKey => [
  ...CHUNK_ROOT,
  id,
  gen,
  i,
];

export const RECENT_PREFIX: Deno.KvKey = [...PREFIX, "recent"];
export const recentKey = (lastAccess: number, id: string): Deno.KvKey => [
  ...RECENT_PREFIX,
  lastAccess,
  id,
];

/** Usage records: `["usage", sessionId, item]` → {@linkcode UsageRecord}. */
export const USAGE_ROOT: Deno.KvKey = [...PREFIX, "usage"];
export const usagePrefix = (id: string): Deno.KvKey => [...USAGE_ROOT, id];
export const usageKey = (id: string, item: string): Deno.KvKey => [...USAGE_ROOT, id, item];
/** The usage item of a session's document. */
export const DOC_ITEM = "doc";
/** The running total of every live usage record (a `Deno.KvU64`, changed by `sum`). */
export const USAGE_TOTAL: Deno.KvKey = [...PREFIX, "usage-total"];

/** Bytes a session keeps in Kv for one purpose, counted until `until` (epoch ms). */
export interface UsageRecord {
  readonly bytes: number;
  readonly until: number;
}

/** A fresh generation id that records when it was started (`now`, epoch ms). */
export function newGeneration(now: number): string {
  return `t${Math.max(0, Math.floor(now)).toString(36)}-${crypto.randomUUID()}`;
}

/** When generation `gen` was started, or undefined for ids without a time (older layouts). */
export function generationTime(gen: string): number | undefined {
  const m = /^t([0-9a-z]{1,11})-/.exec(gen);
  return m ? parseInt(m[1], 36) : undefined;
}
