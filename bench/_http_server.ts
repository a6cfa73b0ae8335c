/**
 * Shared plumbing of the HTTP benchmarks: a `main.ts serve --http` subprocess on a free
 * loopback port, and its resident memory read from /proc.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const REPO = fileURLToPath(new URL("../", import.meta.url));

export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Resident set size of process `pid` in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1]);
  return kb / 1024;
}

/** Spawns `main.ts serve --http --port <free> ...args`; stdout is discarded. */
export function spawnServe(
  args: string[],
  stderr: "piped" | "null",
): { child: Deno.ChildProcess; port: number } {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--unstable-kv",
      "-A",
      join(REPO, "main.ts"),
      "serve",
      "--http",
      "--port",
      String(port),
      ...args,
    ],
    cwd: REPO,
    stdin: "null",
    stdout: "null",
    stderr,
  }).spawn();
  return { child, port };
}
