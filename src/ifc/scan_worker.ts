/**
 * The worker side of a split index scan (scan_elsewhere.ts): scans the instances of a model
 * from a given position to the end, over the bytes the main thread shares with it (a
 * SharedArrayBuffer: nothing is copied), and hands back the index arrays (transferred: nothing
 * is copied back either). One message in, one out; the main thread terminates the worker.
 *
 * @module
 */
import { runSync } from "../ids/time_slice.ts";
import { type ScanPart, scanRange } from "./step.ts";

/** The request: the model's bytes and where the worker's part starts. */
export interface ScanRequest {
  readonly bytes: Uint8Array;
  readonly from: number;
  /** Set to 1 just before the part is posted (shared with the main thread). */
  readonly done: Int32Array;
}

/**
 * The worker's global scope, as far as used here (typed by hand: a `deno.worker` lib reference
 * would change the globals of every module of the published package).
 */
interface WorkerScope {
  onmessage: ((e: MessageEvent<ScanRequest>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e: MessageEvent<ScanRequest>) => {
  const { bytes, from, done } = e.data;
  try {
    const scanned = runSync(scanRange(bytes, from));
    // Exact-size copies cross over: the lists sized by estimate die with this worker.
    const part: ScanPart = {
      ...scanned,
      ids: scanned.ids.slice(0, scanned.count),
      offsets: scanned.offsets.slice(0, scanned.count),
      types: scanned.types.slice(0, scanned.count),
    };
    const transfer = [part.ids.buffer, part.offsets.buffer, part.types.buffer] as ArrayBuffer[];
    Atomics.store(done, 0, 1);
    scope.postMessage({ part }, transfer);
  } catch (err) {
    Atomics.store(done, 0, 1);
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
