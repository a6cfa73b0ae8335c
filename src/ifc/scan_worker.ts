/**
 * The worker side of a split index scan (scan_elsewhere.ts): scans the instances of a model
 * from a given position to the end, over the bytes the main thread shares with it (a
 * SharedArrayBuffer: nothing is copied), and hands back the index arrays (transferred: nothing
 * is copied back either). One message in, one out; the main thread terminates the worker.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { runSync } from "../ids/time_slice.ts";
import { type ScanPart, scanRange } from "./step.ts";

/** The request: the model's bytes and where the worker's part starts. */
export interface ScanRequest {
  readonly bytes: Uint8Array;
  readonly from: number;
  /** Set to 1 just before the part is posted (shared with the main thread). */
  readonly done: Int32Array;
}

self.onmessage = (e: MessageEvent<ScanRequest>) => {
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
    self.postMessage({ part }, transfer);
  } catch (err) {
    Atomics.store(done, 0, 1);
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
