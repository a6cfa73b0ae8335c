/**
 * Reclaims chunks no session header points at. A large document is written as chunks of a new
 * generation first and becomes visible only when the header commit switches to it; a process
 * killed in between (SIGKILL, out of memory, power loss) leaves those chunks behind, and they
 * would hold their space until their `expireIn` (twice the session TTL: two days by default).
 *
 * The sweep walks the chunk key space one generation at a time (one `list` of one entry per
 * generation, not per chunk), reads the headers of the sessions found, and deletes a
 * generation when the header is not at it and the generation is older than `olderThanMs`
 * (the start time is in the generation id, see keys.ts). Why this cannot race a writer in
 * another process: the store refuses to commit a header to a generation older than half that
 * margin, so a generation past the margin is never about to become current (with clocks of
 * processes sharing a Kv less than half the margin apart). Generations of an older layout
 * carry no time; they are removed only when their session is gone entirely, which makes any
 * writer of them fail its versionstamp check.
 *
 * @module
 */
import { CHUNK_BYTES, MUTATIONS_PER_COMMIT } from "./chunks.ts";
import { CHUNK_ROOT, chunkKey, chunkPrefix, generationTime, headKey } from "./keys.ts";
import { retryLocked } from "./retry.ts";

/** What one sweep removed. */
export interface ReclaimResult {
  /** Abandoned generations removed. */
  readonly generations: number;
  /** Chunk keys removed. */
  readonly chunks: number;
  /** Their size, about (every chunk but a generation's last one is full). */
  readonly bytes: number;
}

export interface ReclaimOptions {
  /** Clock (epoch ms). */
  readonly now: () => number;
  /** Only generations started longer ago than this are removed. */
  readonly olderThanMs: number;
  /** Retries of `database is locked` (another process on the same file). */
  readonly retries: number;
}

/** Finds and deletes abandoned chunk generations; see the module documentation. */
export async function reclaimChunks(kv: Deno.Kv, options: ReclaimOptions): Promise<ReclaimResult> {
  const { now, olderThanMs, retries } = options;
  const found = await generations(kv, retries);
  const result = { generations: 0, chunks: 0, bytes: 0 };
  const at = now();
  const candidates = found.filter(({ gen }) => {
    const t = generationTime(gen);
    return t === undefined || at - t > olderThanMs;
  });
  for (let i = 0; i < candidates.length; i += 10) {
    const batch = candidates.slice(i, i + 10);
    const heads = await retryLocked(
      () => kv.getMany<{ gen?: string }[]>(batch.map(({ id }) => headKey(id))),
      retries,
    );
    for (let j = 0; j < batch.length; j++) {
      const { id, gen } = batch[j];
      const head = heads[j].value;
      if (head?.gen === gen) continue;
      if (generationTime(gen) === undefined && head !== null) continue;
      const removed = await deleteGeneration(kv, id, gen, retries);
      if (removed.chunks > 0) {
        result.generations++;
        result.chunks += removed.chunks;
        result.bytes += removed.bytes;
      }
    }
  }
  return result;
}

/** Every (session, generation) that has chunks, in key order. */
async function generations(
  kv: Deno.Kv,
  retries: number,
): Promise<{ id: string; gen: string }[]> {
  const out: { id: string; gen: string }[] = [];
  let start: Deno.KvKey | undefined;
  for (;;) {
    const key = await retryLocked(async () => {
      const selector: Deno.KvListSelector = start === undefined
        ? { prefix: CHUNK_ROOT }
        : { prefix: CHUNK_ROOT, start };
      for await (const e of kv.list(selector, { limit: 1 })) return e.key;
      return undefined;
    }, retries);
    if (key === undefined) return out;
    const [id, gen] = key.slice(CHUNK_ROOT.length);
    if (typeof id === "string" && typeof gen === "string") out.push({ id, gen });
    // `true` sorts after every number: the next list starts past this generation's chunks.
    start = [...key.slice(0, CHUNK_ROOT.length + 2), true];
  }
}

/** Deletes every chunk of one generation (found by its last index). */
async function deleteGeneration(
  kv: Deno.Kv,
  id: string,
  gen: string,
  retries: number,
): Promise<{ chunks: number; bytes: number }> {
  const last = await retryLocked(async () => {
    const iter = kv.list<Uint8Array>({ prefix: chunkPrefix(id, gen) }, { limit: 1, reverse: true });
    for await (const e of iter) return e;
    return undefined;
  }, retries);
  const index = last?.key.at(-1);
  if (last === undefined || typeof index !== "number") return { chunks: 0, bytes: 0 };
  const count = index + 1;
  for (let at = 0; at < count; at += MUTATIONS_PER_COMMIT) {
    await retryLocked(async () => {
      const op = kv.atomic();
      for (let i = at; i < Math.min(at + MUTATIONS_PER_COMMIT, count); i++) {
        op.delete(chunkKey(id, gen, i));
      }
      await op.commit();
    }, retries);
  }
  const lastBytes = last.value instanceof Uint8Array ? last.value.length : 0;
  return { chunks: count, bytes: index * CHUNK_BYTES + lastBytes };
}
