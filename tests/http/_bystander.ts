/**
 * A bystander for the fairness tests and the hostile-load bench: a second client calling a
 * cheap tool over and over while another client runs heavy work, and the server process's
 * peak memory from /proc. Shared so that the tests and bench/hostile_bench.ts measure alike.
 *
 * @module
 */
import type { HttpClient } from "../_spawn.ts";

/**
 * Peak resident set size of `pid` in MB (VmHWM, Linux /proc). Read through `cat`: Deno lets
 * only --allow-all read /proc directly, and the test task grants single permissions.
 */
export async function peakRssMb(pid: number): Promise<number> {
  return Math.round((await memoryMb(pid)).peak);
}

/** Peak (VmHWM) and current (VmRSS) resident set size of `pid` in MB, read as above. */
export async function memoryMb(pid: number): Promise<{ peak: number; now: number }> {
  const out = await new Deno.Command("cat", { args: [`/proc/${pid}/status`] }).output();
  const status = new TextDecoder().decode(out.stdout);
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { peak: kb("VmHWM") / 1024, now: kb("VmRSS") / 1024 };
}

/** A percentile of `xs` (nearest rank); 0 for none. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * Calls `get_ids_info` on `client` every `everyMs` (well under the rate limit) until `stop`
 * settles; returns each call's latency in ms.
 */
export async function bystander(
  client: HttpClient,
  stop: Promise<unknown>,
  everyMs = 60,
): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  stop.finally(() => done = true).catch(() => {});
  while (!done) {
    const t0 = performance.now();
    await client.call("get_ids_info");
    latencies.push(performance.now() - t0);
    const wait = everyMs - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return latencies;
}
