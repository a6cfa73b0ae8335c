/**
 * `check` end to end against the floor (bench/floor.ts), as ratios measured in the same run:
 * for each generated model (bench/out/m<size>.ifc, made by bench/gen_ifc.ts) and any model
 * given with --model, alternately runs the floor and
 * `deno run -A --unstable-kv --v8-flags=… main.ts check bench/fixtures/bench20.ids MODEL --format json`
 * (the V8 flags the release ships, from scripts/flags.ts)
 * as subprocesses under /usr/bin/time (wall, user + system CPU, peak RSS of the process),
 * `--runs` times each, and prints medians and ratios as a Markdown table for BENCHMARKS.md.
 *
 * With `--baseline DIR` (another checkout, e.g. `git archive <commit> | tar -x -C DIR` and
 * `deno install` there) its `main.ts check` runs interleaved with ours on the same models, so
 * before and after are measured under the same load.
 *
 * Usage:
 *   deno run -A bench/floor_bench.ts [--sizes 10,100,300] [--runs 3] [--model PATH]...
 *     [--baseline DIR]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { RUN_FLAGS } from "../scripts/flags.ts";

/** The shipped V8 flags (scripts/flags.ts): a user's run of the binary or a task has them. */
const V8_FLAGS = RUN_FLAGS.filter((f) => f.startsWith("--v8-flags="));

const ROOT = decodeURIComponent(new URL("../", import.meta.url).pathname);
const IDS = `${ROOT}bench/fixtures/bench20.ids`;

export interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
  exit: number;
}

/** Runs a command under /usr/bin/time; stdout is discarded (a report can be MBs). */
export async function timed(args: string[]): Promise<Sample> {
  const cmd = new Deno.Command("/usr/bin/time", {
    args: ["-f", "TIME %e %U %S %M", ...args],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  });
  const out = await cmd.output();
  const err = new TextDecoder().decode(out.stderr);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
  if (!m) throw new Error(`no timing in: ${err.slice(-500)}`);
  return {
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rssMb: Number(m[4]) / 1024,
    // /usr/bin/time exits with the command's code; check exits 1 when the model fails.
    exit: out.code,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

export function med(samples: Sample[]): Sample {
  return {
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.cpu)),
    rssMb: median(samples.map((s) => s.rssMb)),
    exit: samples[0].exit,
  };
}

function load(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" / ");
  } catch {
    return "unknown";
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      sizes: { type: "string", default: "10,100,300" },
      runs: { type: "string", default: "3" },
      model: { type: "string", multiple: true, default: [] },
      baseline: { type: "string" },
    },
  });
  const runs = Number(values.runs);
  const models = [
    ...values.sizes!.split(",").filter(Boolean).map((s) => `${ROOT}bench/out/m${s}.ifc`),
    ...(values.model as string[]),
  ];
  const deno = Deno.execPath();
  const checkArgs = (root: string, model: string) => [
    deno,
    "run",
    "-A",
    "--unstable-kv",
    ...V8_FLAGS,
    `${root}/main.ts`,
    "check",
    IDS,
    model,
    "--format",
    "json",
  ];
  const baseline = values.baseline?.replace(/\/$/, "");
  const rows: string[] = [];
  const loadBefore = load();
  for (const model of models) {
    const size = Deno.statSync(model).size / 1e6;
    const floor: Sample[] = [];
    const check: Sample[] = [];
    const before: Sample[] = [];
    for (let r = 0; r < runs; r++) {
      floor.push(await timed([deno, "run", "-A", `${ROOT}bench/floor.ts`, model]));
      check.push(await timed(checkArgs(ROOT.replace(/\/$/, ""), model)));
      if (baseline) before.push(await timed(checkArgs(baseline, model)));
      console.error(
        `${model}: floor ${floor[r].wall}s ${floor[r].rssMb.toFixed(0)} MB, check ${
          check[r].wall
        }s ${check[r].rssMb.toFixed(0)} MB (exit ${check[r].exit})${
          baseline
            ? `, baseline ${before[r].wall}s ${before[r].rssMb.toFixed(0)} MB (exit ${
              before[r].exit
            })`
            : ""
        }`,
      );
    }
    const f = med(floor);
    const name = model.split("/").pop();
    const row = (label: string, c: Sample) =>
      `| ${name} | ${label} | ${size.toFixed(0)} MB | ${f.wall.toFixed(2)} s / ${
        f.cpu.toFixed(2)
      } s / ${f.rssMb.toFixed(0)} MB | ${c.wall.toFixed(2)} s | ${c.cpu.toFixed(2)} s | ${
        c.rssMb.toFixed(0)
      } MB | ${(c.wall / f.wall).toFixed(1)}x | ${(c.cpu / f.cpu).toFixed(1)}x | ${
        (c.rssMb / size).toFixed(1)
      }x |`;
    if (baseline) rows.push(row("before", med(before)));
    rows.push(row(baseline ? "after" : "check", med(check)));
  }
  console.log(
    [
      `Medians of ${runs} runs; load average before ${loadBefore}, after ${load()} (2 cores).`,
      "",
      "| Model | Engine | Size | floor wall / CPU / RSS | check wall | check CPU | check peak RSS | wall ÷ floor | CPU ÷ floor | RSS ÷ size |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
    ].join("\n"),
  );
}
