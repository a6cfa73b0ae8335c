/**
 * Runs `main.ts` in a real subprocess (`deno run`) with explicit permissions, the way users
 * run it, and captures exit code and output.
 *
 * @module
 */
export const ROOT = new URL("../../", import.meta.url);
export const SHARED_IDS = new URL("../shared/ids/", ROOT);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno run <permissions> main.ts <args>` from the repository root. */
export async function runCli(
  args: string[],
  options: { stdin?: string | Uint8Array; env?: Record<string, string>; permissions?: string[] } =
    {},
): Promise<RunResult> {
  const permissions = options.permissions ?? ["--allow-read", "--allow-write", "--allow-env"];
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...permissions, "main.ts", ...args],
    cwd: ROOT,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...(options.env ?? {}) },
  });
  const child = cmd.spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(
      typeof options.stdin === "string" ? new TextEncoder().encode(options.stdin) : options.stdin,
    );
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A path under ../shared/ids. */
export function shared(path: string): string {
  return new URL(path, SHARED_IDS).pathname;
}
