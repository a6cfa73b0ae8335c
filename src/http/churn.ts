/**
 * A limit on how fast one client may create sessions: `perMinute` per client, as a token bucket
 * that holds a minute's worth (so a client that was quiet may open that many at once).
 *
 * Why: every `initialize` writes a session to Kv and every `DELETE` removes one; a client
 * cycling through them (226 a second were measured) keeps the store writing for nothing, and
 * with documents loaded in between it rewrites megabytes each time. Deletions are never refused
 * (they free storage, and a client can only delete sessions it was given), so limiting
 * creations bounds the whole cycle. Counted in this process's memory per client key (the
 * handler's principal or remote address); idle clients are forgotten, so memory is bounded by
 * the clients active in the last minute.
 *
 * @module
 */

/** Sessions created per client per minute, token-bucket style. */
export class ChurnLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #nextSweep = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    if (!Number.isFinite(perMinute) || perMinute < 1) {
      throw new RangeError(`perMinute must be ≥ 1, got ${perMinute}`);
    }
  }

  /**
   * Takes one creation for `client`: 0 when granted, else the whole seconds until one will be
   * granted (for `Retry-After`). A refused creation takes nothing.
   */
  take(client: string): number {
    const now = this.now();
    this.#sweep(now);
    const rate = this.perMinute / 60_000;
    const b = this.#buckets.get(client) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.#buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  /** Forgets buckets that have refilled, at most every ten seconds. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 10_000;
    for (const [client, b] of this.#buckets) if (now - b.at >= 60_000) this.#buckets.delete(client);
  }
}
