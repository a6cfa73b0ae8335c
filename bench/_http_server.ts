/**
 * Shared plumbing of the HTTP benchmarks: a `main.ts serve --http` subprocess on a free
 * loopback port, and its resident memory read from /proc. The port and the command line come
 * from the tests' HTTP helpers, so benches and tests start the server the same way.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { freePort, serveHttpArgs } from "../tests/http/_server.ts";

export const REPO = fileURLToPath(new URL("../", import.meta.url));

/** Resident set size of process `pid` in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1]);
  return kb / 1024;
}

/**
 * Spawns `main.ts serve --http --port <free> ...args` without waiting (the benches watch its
 * stderr themselves); stdout is discarded.
 */
export function spawnServe(
  args: string[],
  stderr: "piped" | "null",
): { child: Deno.ChildProcess; port: number } {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: serveHttpArgs(port, args),
    cwd: REPO,
    stdin: "null",
    stdout: "null",
    stderr,
  }).spawn();
  return { child, port };
}
