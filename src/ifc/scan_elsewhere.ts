/**
 * The second half of a big model's index scan, on the other core: a worker
 * (scan_worker.ts) runs `scanRange` over the same bytes while the main thread scans the first
 * half (`StepFile.open`). The bytes must be in a SharedArrayBuffer (`readModelFile` reads big
 * models into one), so nothing is copied; anything else is scanned on the main thread alone.
 *
 * A worker that cannot start (a bundled or remote copy of the program without the worker's
 * module, a platform without workers) is no error: the promise rejects, and `StepFile.open`
 * scans the rest itself. {@linkcode withScanWorker} starts one ahead of need, so its start-up
 * (a fresh isolate loading step.ts) overlaps reading the model.
 *
 * @module
 */
import type { ScanElsewhere, ScanPart } from "./step.ts";
import type { ScanRequest } from "./scan_worker.ts";

/**
 * Smallest model split between two scanners (and read into shared memory for it): below it a
 * worker's start-up and the merge cost more than half the scan saves.
 */
export const SPLIT_MIN_BYTES = 16 << 20;

interface Spawned {
  readonly worker: Worker;
  /** Why it could not start, once known. */
  failed?: string;
}

let warm: Spawned | undefined;

/**
 * The worker's module sits beside this one in a checkout and in a binary (which `--include`s
 * it); a one-file bundle has no such file, so no worker is tried there (its load error would
 * only be noise on stderr).
 */
const BESIDE_WORKER = import.meta.url.endsWith("/scan_elsewhere.ts");

function spawn(): Spawned | undefined {
  if (!BESIDE_WORKER) return undefined;
  try {
    const worker = new Worker(new URL("./scan_worker.ts", import.meta.url).href, {
      type: "module",
    });
    const spawned: Spawned = { worker };
    // Unhandled, a worker's load error would end the whole process.
    worker.onerror = (e) => {
      e.preventDefault();
      spawned.failed = e.message;
    };
    return spawned;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` (which reads and indexes a model of `modelBytes`) with the worker for its split
 * scan started now, when the model is big enough to be split, so that the worker's start-up
 * overlaps reading it; a worker `work` did not use is ended afterwards (it would keep the
 * process alive).
 */
export async function withScanWorker<T>(modelBytes: number, work: () => Promise<T>): Promise<T> {
  if (modelBytes >= SPLIT_MIN_BYTES) warm ??= spawn();
  try {
    return await work();
  } finally {
    warm?.worker.terminate();
    warm = undefined;
  }
}

/** Scans `bytes` from `from` in a worker; undefined when the bytes are not shared. */
export const scanElsewhere: ScanElsewhere = (bytes, from) => {
  if (!(bytes.buffer instanceof SharedArrayBuffer)) return undefined;
  const spawned = warm ?? spawn();
  warm = undefined;
  if (!spawned) return undefined;
  const { worker } = spawned;
  // Set by the worker just before it posts its part: lets the main thread see that it is
  // done between two steps of its own work, without waiting for a turn of the event loop.
  const done = new Int32Array(new SharedArrayBuffer(4));
  let settled = false;
  const result = new Promise<ScanPart>((resolve, reject) => {
    const fail = (why: string) => {
      settled = true;
      worker.terminate();
      reject(new Error(why));
    };
    if (spawned.failed) return fail(spawned.failed);
    worker.onmessage = (e: MessageEvent<{ part?: ScanPart; error?: string }>) => {
      settled = true;
      worker.terminate();
      if (e.data.part) resolve(e.data.part);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(e.message);
    };
    worker.postMessage({ bytes, from, done } satisfies ScanRequest);
  });
  // Nobody may wait for a cancelled scan's result: no unhandled rejection.
  result.catch(() => {});
  return {
    result,
    finished: () => settled || Atomics.load(done, 0) === 1,
    cancel: () => {
      if (!settled) worker.terminate();
      settled = true;
    },
  };
};
