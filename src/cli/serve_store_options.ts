/**
 * The storage-quota options of `serve` (`--max-session-bytes`, `--max-store-bytes`), checked,
 * and the store housekeeping `serve` runs (reclaiming chunks of interrupted writes, recounting
 * the stored total): at start-up and every ten minutes.
 *
 * Why a module of its own: sizes are easier to give as "8MiB" than as 8388608, and the parsing
 * and its refusals should not crowd `serve`.
 *
 * @module
 */
import { formatBytes } from "../session/chunks.ts";
import type { SessionStore } from "../session/kv_store.ts";
import { DEFAULT_MAX_SESSION_BYTES, DEFAULT_MAX_STORE_BYTES } from "../session/quota.ts";

export { DEFAULT_MAX_SESSION_BYTES, DEFAULT_MAX_STORE_BYTES };

/** The `serve` arguments this module reads. */
export interface StoreArgs {
  readonly "max-session-bytes"?: string;
  readonly "max-store-bytes"?: string;
}

export type StoreQuotaOptions =
  | { readonly kind: "ok"; readonly maxSessionBytes: number; readonly maxStoreBytes: number }
  | { readonly kind: "error"; readonly message: string };

/** How often `serve` reclaims chunks and recounts the stored total. */
export const MAINTENANCE_INTERVAL_MS = 10 * 60_000;

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** "8MiB", "1GB", "500000" → bytes; undefined when not a size. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * UNITS[(m[2] ?? "").toLowerCase()];
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

/** Checks the quota options; the defaults are 8 MiB per session and 1 GiB in all. */
export function storeQuotaOptions(v: StoreArgs): StoreQuotaOptions {
  const size = (name: keyof StoreArgs, fallback: number): number | string => {
    const raw = v[name];
    if (raw === undefined) return fallback;
    return parseBytes(raw) ??
      `--${name} must be a size such as 8MiB, 500KB or 1048576 (bytes), got '${raw}'`;
  };
  const perSession = size("max-session-bytes", DEFAULT_MAX_SESSION_BYTES);
  const total = size("max-store-bytes", DEFAULT_MAX_STORE_BYTES);
  if (typeof perSession === "string") return { kind: "error", message: perSession };
  if (typeof total === "string") return { kind: "error", message: total };
  if (total < perSession) {
    return {
      kind: "error",
      message: `--max-store-bytes (${formatBytes(total)}) is below --max-session-bytes ` +
        `(${formatBytes(perSession)}): one session could never use its quota`,
    };
  }
  return { kind: "ok", maxSessionBytes: perSession, maxStoreBytes: total };
}

/**
 * Runs {@linkcode SessionStore.maintain} now and every {@linkcode MAINTENANCE_INTERVAL_MS}
 * (the timer does not keep the process alive); reports what was reclaimed on stderr. Returns
 * the function that stops it.
 */
export function startMaintenance(store: SessionStore, log: (line: string) => void): () => void {
  let stopped = false;
  const run = async () => {
    try {
      const r = await store.maintain();
      if (r.chunks > 0 && !stopped) {
        log(
          `ids-mcp: reclaimed ${r.chunks} chunks (${formatBytes(r.bytes)}) of ${r.generations} ` +
            `interrupted write${r.generations === 1 ? "" : "s"}; sessions hold ` +
            `${formatBytes(r.storeBytes)}`,
        );
      }
    } catch (e) {
      if (!stopped) log(`ids-mcp: session store maintenance failed: ${(e as Error).message}`);
    }
  };
  run();
  const timer = setInterval(run, MAINTENANCE_INTERVAL_MS);
  Deno.unrefTimer(timer);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
