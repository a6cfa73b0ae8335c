/**
 * Contention handling for Deno.Kv: which errors mean "try again" and how long to wait. Two
 * processes on one SQLite-backed Kv file get `database is locked` where one process would see a
 * failed versionstamp check, so both are treated as the same transient conflict.
 *
 * @module
 */

/** True for the SQLite lock error another process on the same Kv file causes. */
export function isLockedError(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  return /database is (locked|busy)|SQLITE_BUSY/i.test(message);
}

/** Full-jitter exponential backoff: 0…min(cap, base·2^attempt) ms. */
export function backoffMs(attempt: number, baseMs = 2, capMs = 200): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
}

/** Waits {@linkcode backoffMs} for `attempt`. */
export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
}

/**
 * Runs `op`, retrying while it fails with {@linkcode isLockedError} (at most `retries` times);
 * any other error propagates at once.
 */
export async function retryLocked<T>(
  op: () => Promise<T>,
  retries: number,
  onLocked?: () => void,
): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (!isLockedError(e) || attempt >= retries) throw e;
      onLocked?.();
      await backoff(attempt);
    }
  }
}
