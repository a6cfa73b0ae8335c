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
 * Between slices the event loop gets a turn. A server with HTTP clients takes it as
 * `setTimeout(0)`: about 2.2–2.5 ms here (the timer floor), during which a bystander's request
 * makes the several event-loop hops it needs (accept, read, a Kv read, the reply). A
 * `MessageChannel` or `setImmediate` turn is 10–100× cheaper but does not let the event loop
 * poll sockets at all (a bystander's HTTP request waited until the heavy work ended), and an
 * async-operation turn ({@linkcode ioTurn}, 0.06 ms) polls them but serves one hop per turn (the
 * bystander's median latency 22–25 → 47 ms, its 95th percentile 120–164 → 385–812 ms). A server
 * whose only client is on stdio has no bystander: it takes the cheap turn
 * ({@linkcode setIoTurns}), which still lets a cancellation or a timer through within a slice,
 * and saves the fifth of the wall time that 10 ms slices spent waiting on the timer. Yielding
 * goes by elapsed time (every ~10 ms of work), not by item count, so the overhead stays a
 * bounded share of the work whatever an item costs.
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

const ONE_BYTE = new Uint8Array(1);

let ioTurns = false;

/**
 * Makes the turns between slices {@linkcode ioTurn}s (true) or timer turns (false, the default)
 * from now on in this process: for a server whose only client is on stdio (see the module doc).
 * Returns the previous setting, to restore.
 */
export function setIoTurns(on: boolean): boolean {
  const before = ioTurns;
  ioTurns = on;
  // The first digest sets up Web Crypto (≈ 2.5 ms): now, not in the middle of a first call.
  if (on) void ioTurn();
  return before;
}

/**
 * A turn of the event loop that costs ~0.06 ms instead of `setTimeout(0)`'s ~2 ms: the digest
 * of one byte is an async operation (no permission needed), and while it completes the event
 * loop polls I/O and runs due timers, one hop at a time (see the module doc).
 */
export async function ioTurn(): Promise<void> {
  await crypto.subtle.digest("SHA-1", ONE_BYTE);
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
    await (ioTurns ? ioTurn() : nextTurn());
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
