/**
 * The `compile` task: builds the release binaries with `deno compile`, one per target of
 * `scripts/flags.ts` (all five, or those named: `linux`, `mac`, `windows` or a target triple),
 * then writes `dist/SHA256SUMS` in the format `sha256sum -c` reads. `--dry-run` prints the
 * commands instead of running them. The release workflow runs exactly this task.
 *
 * ```sh
 * deno task compile              # all five
 * deno task compile linux        # both Linux targets
 * deno task compile --dry-run    # show the deno compile commands
 * deno task compile --out-dir /tmp/out linux
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { compileArgs, DIST, type Target, TARGETS } from "./flags.ts";

/** The targets `names` select (all when empty); unknown names are an error listing the valid ones. */
export function selectTargets(names: readonly string[]): Target[] {
  if (names.length === 0) return [...TARGETS];
  const out: Target[] = [];
  for (const name of names) {
    const hit = TARGETS.filter((t) => t.os === name || t.triple === name);
    if (hit.length === 0) {
      const valid = [...new Set(TARGETS.flatMap((t) => [t.os, t.triple]))].join(", ");
      throw new Error(`unknown target '${name}'; expected one of: ${valid}`);
    }
    for (const t of hit) if (!out.includes(t)) out.push(t);
  }
  return out;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Writes `dir/SHA256SUMS` for `files` (names inside `dir`), one `HASH  NAME` line each, as
 * `sha256sum` prints them, and returns its text.
 */
export async function writeChecksums(dir: string, files: readonly string[]): Promise<string> {
  const lines = [];
  for (const name of [...files].sort()) {
    lines.push(`${await sha256Hex(await Deno.readFile(`${dir}/${name}`))}  ${name}`);
  }
  const text = lines.join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/SHA256SUMS`, text);
  return text;
}

async function main(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean" }, "out-dir": { type: "string", default: DIST } },
    });
  } catch (e) {
    console.error(`compile: ${(e as Error).message}`);
    return 2;
  }
  const outDir = values.values["out-dir"];
  let targets: Target[];
  try {
    targets = selectTargets(values.positionals);
  } catch (e) {
    console.error(`compile: ${(e as Error).message}`);
    return 2;
  }
  if (values.values["dry-run"]) {
    for (const t of targets) console.log(["deno", ...compileArgs(t, outDir)].join(" "));
    return 0;
  }
  await Deno.mkdir(outDir, { recursive: true });
  for (const t of targets) {
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(t, outDir),
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (code !== 0) {
      console.error(`compile: deno compile for ${t.triple} failed (exit ${code})`);
      return code;
    }
  }
  const sums = await writeChecksums(outDir, targets.map((t) => t.file));
  console.log(`${outDir}/SHA256SUMS:\n${sums}`);
  return 0;
}

if (import.meta.main) Deno.exitCode = await main(Deno.args);
