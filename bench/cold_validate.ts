/**
 * The cold reading and audit of a big IDS (what `load_ids` runs first in a fresh server:
 * `validateIdsXml`), this checkout against another commit, side by side: each run is a fresh
 * process that times one `validateIdsXml` of the file, given as a string (as by content: the
 * JSON-RPC string, two-byte when the file has characters past Latin-1) or as bytes (as by
 * path), with the process's CPU time over the call (every thread: the garbage collector's
 * helpers too). Runs of the two checkouts alternate, so a busy machine slows both alike; the
 * table gives medians and minima.
 *
 *     deno run -A bench/ids_gen_big.ts                      # bench/out/ids20k.ids (once)
 *     deno run -A bench/cold_validate.ts [base=HEAD~1] [runs=9] [file=bench/out/ids20k.ids]
 *
 * The other commit is written to a temporary directory with `git archive` (removed after). The
 * child processes run with the server's V8 flags (scripts/flags.ts).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import process from "node:process";
import { RUN_FLAGS } from "../scripts/flags.ts";

/** In a child: times one validateIdsXml of `file` and prints {wall, cpu} in ms. */
async function child(root: string, mode: string, file: string): Promise<void> {
  const { validateIdsXml } = await import(`${root}/src/audit/validate.ts`);
  const input = mode === "bytes" ? await Deno.readFile(file) : await Deno.readTextFile(file);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = validateIdsXml(input);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (!v.doc) throw new Error(`${file} did not read as a valid IDS`);
  console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));
}

const REPO = fileURLToPath(new URL("../", import.meta.url));

if (Deno.args[0] === "--child") {
  await child(Deno.args[1], Deno.args[2], Deno.args[3]);
} else {
  const base = Deno.args[0] ?? "HEAD~1";
  const runs = Number(Deno.args[1] ?? 9);
  const file = Deno.args[2] ?? fileURLToPath(new URL("out/ids20k.ids", import.meta.url));
  const tmp = await Deno.makeTempDir({ prefix: "cold_validate_" });
  try {
    const archive = new Deno.Command("sh", {
      args: ["-c", `git -C "${REPO}" archive "${base}" | tar -x -C "${tmp}"`],
    });
    if (!(await archive.output()).success) throw new Error(`git archive ${base} failed`);
    await Deno.symlink(`${REPO}node_modules`, `${tmp}/node_modules`).catch(() => {});
    const roots: [string, string][] = [[base, tmp], ["this checkout", REPO.replace(/\/$/, "")]];
    const samples = new Map<string, { wall: number[]; cpu: number[] }>();
    const flags = RUN_FLAGS.filter((f) => f.startsWith("--v8-flags"));
    for (let i = 0; i < runs; i++) {
      for (const mode of ["string", "bytes"]) {
        for (const [label, root] of roots) {
          const out = await new Deno.Command(Deno.execPath(), {
            args: [
              "run",
              "-A",
              ...flags,
              fileURLToPath(import.meta.url),
              "--child",
              root,
              mode,
              file,
            ],
            stderr: "inherit",
          }).output();
          if (!out.success) throw new Error(`${label} ${mode}: the child failed`);
          const { wall, cpu } = JSON.parse(new TextDecoder().decode(out.stdout));
          const key = `${mode}\t${label}`;
          const s = samples.get(key) ?? { wall: [], cpu: [] };
          s.wall.push(wall);
          s.cpu.push(cpu);
          samples.set(key, s);
        }
      }
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const ms = (x: number) => `${Math.round(x)}`;
    console.log(`validateIdsXml cold, ${runs} fresh processes each, ${file}`);
    console.log("input\tcode\twall median (min) ms\tCPU median (min) ms");
    for (const [key, s] of samples) {
      console.log(
        `${key}\t${ms(median(s.wall))} (${ms(Math.min(...s.wall))})\t${ms(median(s.cpu))} (${
          ms(Math.min(...s.cpu))
        })`,
      );
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
