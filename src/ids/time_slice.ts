/**
 * Cooperative time slicing for long synchronous work (reading a multi-MB IDS, indexing,
 * checking or inspecting a big IFC model), so one client's heavy call does not freeze every
 * other client of the server, and the call timeout and cancellation are noticed mid-way.
 *
 * Work is written once as a generator that `yield`s now and then (every few hundred items, a
 * cheap counter test); {@linkcode runSync} drains it at once (the CLI, small inputs), and
 * {@linkcode runSliced} runs it in slices of about {@linkcode SLICE_MS} and gives the event
 * loop a turn between slices.
 *
 * The turn is `setTimeout(0)`: measured in Deno 2.9, a `MessageChannel` or `setImmediate`
 * turn is 10–100× cheaper but does not let the event loop poll sockets (a bystander's HTTP
 * request waited until the heavy work ended), so they do not give fairness. A timer turn costs
 * about 1–4 ms, which is why yielding goes by elapsed time (every ~10 ms of work), not by item
 * count: the overhead stays a bounded share of the work whatever an item costs.
 *
 * @module
 */

/** Work between two turns of the event loop (ms), for a server. */
export const SLICE_MS = 10;

let defaultSliceMs = SLICE_MS;

/**
 * Sets the slice length of every sliced work started from now on in this process. A one-shot
 * CLI run (`check`) serves nobody else while it works, so it uses long slices: each turn costs
 * ~2 ms here (the timer floor), which at 10 ms slices is a fifth of the work. Returns the
 * previous length, to restore.
 */
export function setDefaultSliceMs(ms: number): number {
  const before = defaultSliceMs;
  defaultSliceMs = ms;
  return before;
}

/** One turn of the event loop (timers, I/O: other requests are served meanwhile). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A budget of work time; `due()` says when to hand the event loop a turn. */
export class TimeSlice {
  #until: number;

  constructor(readonly sliceMs = defaultSliceMs, readonly signal?: AbortSignal) {
    this.#until = performance.now() + sliceMs;
  }

  /** True when this slice's time is used up. */
  due(): boolean {
    return performance.now() >= this.#until;
  }

  /** Gives the event loop a turn, then throws the signal's reason when it aborted meanwhile. */
  async yield(): Promise<void> {
    await nextTurn();
    this.signal?.throwIfAborted();
    this.#until = performance.now() + this.sliceMs;
  }

  /** {@linkcode yield} when the slice is used up. */
  async maybeYield(): Promise<void> {
    if (this.due()) await this.yield();
  }
}

/** Work written as a generator whose bare `yield`s are chances to pause. */
export type Sliced<T> = Generator<void, T, void>;

/** Runs `work` to the end at once. */
export function runSync<T>(work: Sliced<T>): T {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs `work` in time slices, giving the event loop a turn between them; rejects with the
 * signal's reason when it aborts (checked at every turn).
 */
export async function runSliced<T>(
  work: Sliced<T>,
  options: { signal?: AbortSignal; sliceMs?: number } = {},
): Promise<T> {
  options.signal?.throwIfAborted();
  const slice = new TimeSlice(options.sliceMs, options.signal);
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
    if (slice.due()) await slice.yield();
  }
}
