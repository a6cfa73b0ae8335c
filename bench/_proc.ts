/**
 * What the benches read about their own process from Linux /proc, in one place so every
 * bench reports memory the same way.
 *
 * @module
 */

/** Peak resident set size of this process in KiB (VmHWM), or 0 where /proc is missing. */
export function peakRssKb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
