/**
 * Per-client and per-session limits a hosted endpoint needs: how many live sessions one
 * remote address may hold, and how many tool calls one session may make per second.
 *
 * Why: sessions cost Kv storage for a day by default and tool calls cost CPU; without limits
 * one client can fill the store or starve every other client. Both are counted in this
 * process's memory (several instances sharing a Kv each count their own), and both forget
 * idle entries, so their memory is bounded by the active clients.
 *
 * @module
 */

/** Live sessions per remote address; a session counts until it is deleted or would expire. */
export class SessionsPerClient {
  readonly #byClient = new Map<string, Map<string, number>>();
  /** Which client opened a session, so a request on it renews the right entry. */
  readonly #owner = new Map<string, string>();
  #nextSweep = 0;

  constructor(
    readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `client` may open one more session. */
  allows(client: string): boolean {
    const sessions = this.#byClient.get(client);
    if (!sessions || sessions.size < this.max) return true;
    this.#prune(client, sessions);
    return sessions.size < this.max;
  }

  /** Records a session `client` opened. */
  opened(client: string, sessionId: string): void {
    this.#sweep();
    let sessions = this.#byClient.get(client);
    if (!sessions) this.#byClient.set(client, sessions = new Map());
    sessions.set(sessionId, this.now() + this.ttlMs);
    this.#owner.set(sessionId, client);
  }

  /** A request used the session: it lives on for another TTL. */
  used(sessionId: string): void {
    const client = this.#owner.get(sessionId);
    if (client === undefined) return;
    this.#byClient.get(client)?.set(sessionId, this.now() + this.ttlMs);
  }

  /** The session ended (DELETE, or found expired). */
  closed(sessionId: string): void {
    const client = this.#owner.get(sessionId);
    if (client === undefined) return;
    this.#owner.delete(sessionId);
    const sessions = this.#byClient.get(client);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.#byClient.delete(client);
  }

  #prune(client: string, sessions: Map<string, number>): void {
    const now = this.now();
    for (const [id, expires] of sessions) {
      if (expires <= now) {
        sessions.delete(id);
        this.#owner.delete(id);
      }
    }
    if (sessions.size === 0) this.#byClient.delete(client);
  }

  /** Drops expired entries of every client, at most once a minute. */
  #sweep(): void {
    const now = this.now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 60_000;
    for (const [client, sessions] of this.#byClient) this.#prune(client, sessions);
  }
}

/** A token bucket per session: `ratePerSecond` tool calls, bursts up to `burst`. */
export class CallRateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #nextSweep = 0;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  /**
   * Takes `n` tokens from `sessionId`'s bucket: 0 when granted, otherwise the seconds to wait
   * until `n` tokens will be there (for `Retry-After`). A refused call takes nothing.
   */
  take(sessionId: string, n = 1): number {
    const now = this.now();
    this.#sweep(now);
    const b = this.#buckets.get(sessionId) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    this.#buckets.set(sessionId, b);
    if (b.tokens >= n) {
      b.tokens -= n;
      return 0;
    }
    return Math.ceil((n - b.tokens) / this.ratePerSecond);
  }

  /** Forgets buckets that have refilled (an idle session costs nothing), every ten seconds. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 10_000;
    const full = (this.burst / this.ratePerSecond) * 1000;
    for (const [id, b] of this.#buckets) if (now - b.at >= full) this.#buckets.delete(id);
  }
}
