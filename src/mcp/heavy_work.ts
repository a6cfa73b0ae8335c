/**
 * Admission control for heavy tool calls (checking or inspecting an IFC model, loading a big
 * IDS): each can take hundreds of MB and seconds of CPU, so forty of them at once ended in
 * "Fatal JavaScript out of memory" for every client of the server. A small process-wide
 * semaphore lets a few run, a short bounded queue waits, and everything beyond gets a `busy`
 * tool error with a retry hint at once, so a refused call costs nothing. Limits also apply per
 * session (one client cannot take every slot) and to the total `ifc_content` held by admitted
 * calls.
 *
 * Waiting calls keep the call's abort signal: the call timeout (`--call-timeout`) and client
 * cancellation end the wait and free the queue place. Over HTTP the transport-level 429 with
 * Retry-After belongs to the rate limiter; this is the tool layer, so it works on stdio too.
 *
 * @module
 */
import { IdsError } from "../ids/errors.ts";

/** The limits of heavy work. */
export interface HeavyLimits {
  /** Heavy calls running at once, process-wide (`serve --max-heavy-calls`). */
  readonly maxRunning: number;
  /** Heavy calls waiting for a slot, process-wide (`serve --heavy-queue`); more → `busy`. */
  readonly maxQueued: number;
  /** Heavy calls one session may have running or waiting. */
  readonly perSession: number;
  /** Characters of `ifc_content` all admitted calls may hold together. */
  readonly maxContentChars: number;
}

/**
 * Running slots by default: one per core, at most 2 (two checks of a 100 MB model already
 * take about 1 GB; heavy work yields every ~10 ms, so other calls still get served).
 */
export function defaultMaxRunning(): number {
  const cores = typeof navigator !== "undefined" ? navigator.hardwareConcurrency ?? 2 : 2;
  return Math.max(1, Math.min(2, cores));
}

export const DEFAULT_HEAVY_LIMITS: HeavyLimits = {
  maxRunning: defaultMaxRunning(),
  maxQueued: 4,
  perSession: 2,
  maxContentChars: 128 * 1024 * 1024,
};

/** What one heavy call asks for. */
export interface HeavyTicket {
  /** Session the call belongs to (per-session limit). */
  readonly session: string;
  /** Characters of the model it holds in memory as `ifc_content` (0 for a path). */
  readonly contentChars?: number;
  /** The call's signal: its timeout or cancellation ends a wait. */
  readonly signal?: AbortSignal;
  /** Tool name, for messages. */
  readonly tool: string;
}

interface Waiter {
  readonly start: () => void;
  readonly ticket: HeavyTicket;
}

/** A process-wide gate for heavy calls; see the module doc. */
export class HeavyWork {
  #running = 0;
  #queue: Waiter[] = [];
  #bySession = new Map<string, number>();
  #content = 0;
  /** Recent heavy-call durations (ms, moving average), for the retry hint. */
  #avgMs = 2_000;

  constructor(readonly limits: HeavyLimits = DEFAULT_HEAVY_LIMITS) {}

  /** Calls running and waiting now (for tests and logs). */
  get load(): { running: number; queued: number; contentChars: number } {
    return { running: this.#running, queued: this.#queue.length, contentChars: this.#content };
  }

  /**
   * Runs `body` when a slot is free; throws `busy` (with a retry hint) when the queue, the
   * session's share or the content budget is full, or the signal's reason when the call is
   * stopped while it waits.
   */
  async run<T>(ticket: HeavyTicket, body: () => Promise<T>): Promise<T> {
    ticket.signal?.throwIfAborted();
    const l = this.limits;
    const chars = ticket.contentChars ?? 0;
    const mine = this.#bySession.get(ticket.session) ?? 0;
    if (mine >= l.perSession) {
      throw this.#busy(
        `this session already has ${mine} heavy call${mine === 1 ? "" : "s"} running or ` +
          `waiting (the limit per session is ${l.perSession}); wait for ${
            mine === 1 ? "it" : "them"
          } to finish before starting ${ticket.tool} again`,
      );
    }
    if (this.#content > 0 && this.#content + chars > l.maxContentChars) {
      throw this.#busy(
        `the calls already admitted hold ${this.#content} characters of ifc_content; ` +
          `with this one's ${chars} that would pass the limit of ${l.maxContentChars}. ` +
          `Pass the model by ifc_file_path where the server has a root, or retry later`,
      );
    }
    const mustWait = this.#running >= l.maxRunning || this.#queue.length > 0;
    if (mustWait && this.#queue.length >= l.maxQueued) {
      throw this.#busy(
        `the server is busy: ${this.#running} heavy call${
          this.#running === 1 ? "" : "s"
        } running and ${this.#queue.length} waiting (limits ${l.maxRunning} and ${l.maxQueued})`,
      );
    }
    this.#bySession.set(ticket.session, mine + 1);
    this.#content += chars;
    try {
      if (mustWait) await this.#wait(ticket);
      else this.#running++;
      const started = performance.now();
      try {
        return await body();
      } finally {
        this.#avgMs = 0.7 * this.#avgMs + 0.3 * (performance.now() - started);
        this.#running--;
        this.#next();
      }
    } finally {
      const n = (this.#bySession.get(ticket.session) ?? 1) - 1;
      if (n > 0) this.#bySession.set(ticket.session, n);
      else this.#bySession.delete(ticket.session);
      this.#content -= chars;
    }
  }

  /** Waits for a slot (taken for the caller when it resolves) or the signal. */
  #wait(ticket: HeavyTicket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const signal = ticket.signal;
      const onAbort = () => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        ticket,
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.#running++;
          resolve();
        },
      };
      this.#queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #next(): void {
    while (this.#running < this.limits.maxRunning && this.#queue.length > 0) {
      this.#queue.shift()!.start();
    }
  }

  /** Seconds after which a retry has a fair chance: the queue ahead drained at the recent pace. */
  retryAfterSeconds(): number {
    const ahead = this.#running + this.#queue.length;
    const s = Math.ceil((this.#avgMs * Math.max(1, ahead)) / this.limits.maxRunning / 1000);
    return Math.min(300, Math.max(1, s));
  }

  #busy(reason: string): IdsError {
    const after = this.retryAfterSeconds();
    return new IdsError("busy", `${reason}; retry after about ${after} s (retry_after: ${after})`);
  }
}

const gates = new WeakMap<object, HeavyWork>();

/**
 * The gate shared by every server whose config carries the same `heavy` limits object (or
 * none: the defaults). Keyed by that object, not by the config: a config copied with one more
 * field (HTTP's per-handler reply limit, a stdio server beside an HTTP one) keeps its `heavy`
 * object, so every server of the process shares one gate and the limits hold.
 */
export function heavyWorkFor(config: { readonly heavy?: Partial<HeavyLimits> }): HeavyWork {
  const key = config.heavy ?? DEFAULT_HEAVY_LIMITS;
  let g = gates.get(key);
  if (!g) {
    g = new HeavyWork({ ...DEFAULT_HEAVY_LIMITS, ...config.heavy });
    gates.set(key, g);
  }
  return g;
}
