/**
 * `inspect_ifc_model` benchmark: how long summarising a model takes (src/ifc/inspect.ts), next
 * to indexing it alone, for the shared real models and the generated 100 MB model
 * (bench/gen_ifc.ts; written to the git-ignored bench/out/ when missing), and end to end
 * through the MCP tool over stdio (SDK client, model by path).
 *
 * Each in-process measurement runs in its own child `deno run` (read, index, inspect; CPU time
 * and peak RSS of that child); cells are the median of `--runs` children.
 *
 * End to end (`--e2e`), as a user runs it: for each generated model bench/out/m<size>.ifc
 * (`--sizes`, default 100), alternately the floor (bench/floor.ts: read presized + scan ids)
 * and `deno run -A main.ts inspect MODEL --format json` as subprocesses under /usr/bin/time
 * (wall, user + system CPU, peak RSS), `--runs` times each: medians and ratios to the floor
 * measured in the same run. `--e2e-only` skips the rest (the 1 GB model).
 *
 * Output: Markdown for BENCHMARKS.md on stdout, progress on stderr.
 *
 * Usage: deno run -A bench/inspect_bench.ts [--runs 3] [--mb 100] [--e2e] [--e2e-only]
 *   [--sizes 10,100,300,1000]
 *
 * @module
 */
import { RUN_FLAGS } from "../scripts/flags.ts";
import process from "node:process";
import { peakRssKb } from "./_proc.ts";
import { med, type Sample, timed } from "./floor_bench.ts";
import { IfcModel } from "../src/ifc/model.ts";
import { inspectModel } from "../src/ifc/inspect.ts";
import { readModelFile } from "../src/ifc/open_model.ts";

const ROOT = new URL("../", import.meta.url);
const path = (rel: string) => decodeURIComponent(new URL(rel, ROOT).pathname);
const MODELS_DIR = path("../shared/ifc/models");
const OUT_DIR = path("bench/out");

interface ChildResult {
  readMs: number;
  indexMs: number;
  inspectMs: number;
  totalMs: number;
  cpuMs: number;
  hwmKb: number;
  jsonKb: number;
  classes: number;
  psets: number;
}

async function child(file: string): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await readModelFile(file);
  const t1 = performance.now();
  const model = new IfcModel(bytes);
  const t2 = performance.now();
  const r = inspectModel(model);
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  const out: ChildResult = {
    readMs: t1 - t0,
    indexMs: t2 - t1,
    inspectMs: t3 - t2,
    totalMs: t3 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    hwmKb: peakRssKb(),
    jsonKb: JSON.stringify(r).length / 1024,
    classes: r.entities.length + r.other_classes.length,
    psets: r.property_sets.length,
  };
  console.log(JSON.stringify(out));
}

async function runChild(file: string): Promise<ChildResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, "--child", file],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`child failed for ${file}`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines.at(-1)!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of `inspect_ifc_model` calls through a stdio server (first call, then median). */
async function throughMcp(file: string, runs: number): Promise<{ first: number; median: number }> {
  const dir = file.slice(0, file.lastIndexOf("/"));
  // Imported here, not at the top: the measuring children never load the MCP client.
  const { stdioHarness } = await import("../tests/mcp/_helpers.ts");
  const { client } = await stdioHarness(["--kv", ":memory:", "--root", dir]);
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = await client.callTool(
        { name: "inspect_ifc_model", arguments: { ifc_file_path: file } },
        undefined,
        { timeout: 300_000 },
      );
      times.push(performance.now() - t);
      if (r.isError) throw new Error(JSON.stringify(r.content));
    }
    return { first: times[0], median: median(times) };
  } finally {
    await client.close();
  }
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/**
 * `inspect` end to end against the floor, alternating, `runs` times per model: one Markdown
 * table row per model.
 */
async function endToEnd(models: string[], runs: number): Promise<string[]> {
  const deno = Deno.execPath();
  const rows: string[] = [];
  for (const model of models) {
    const size = Deno.statSync(model).size / 1e6;
    const floor: Sample[] = [];
    const inspect: Sample[] = [];
    for (let r = 0; r < runs; r++) {
      floor.push(await timed([deno, "run", "-A", path("bench/floor.ts"), model]));
      inspect.push(
        await timed([
          deno,
          "run",
          "-A",
          ...RUN_FLAGS.filter((f) => f.startsWith("--v8-flags=")),
          path("main.ts"),
          "inspect",
          model,
          "--format",
          "json",
        ]),
      );
      if (inspect[r].exit !== 0) throw new Error(`inspect ${model} exited ${inspect[r].exit}`);
      console.error(
        `${model}: floor ${floor[r].wall}s, inspect ${inspect[r].wall}s / ${
          inspect[r].cpu.toFixed(2)
        }s CPU / ${inspect[r].rssMb.toFixed(0)} MB`,
      );
    }
    const f = med(floor);
    const i = med(inspect);
    rows.push(
      `| ${model.split("/").pop()} | ${size.toFixed(0)} MB | ${f.wall.toFixed(2)} s / ${
        f.cpu.toFixed(2)
      } s / ${f.rssMb.toFixed(0)} MB | ${i.wall.toFixed(2)} s | ${i.cpu.toFixed(2)} s | ${
        i.rssMb.toFixed(0)
      } MB | ${(i.wall / f.wall).toFixed(1)}x | ${(i.cpu / f.cpu).toFixed(1)}x | ${
        (i.rssMb / size).toFixed(1)
      }x |`,
    );
  }
  return rows;
}

const load = () => Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" / ");

async function main(): Promise<void> {
  const args = Deno.args;
  if (args[0] === "--child") return await child(args[1]);
  const runs = Number(args[args.indexOf("--runs") + 1] || 3) || 3;
  if (args.includes("--e2e") || args.includes("--e2e-only")) {
    const at = args.indexOf("--sizes");
    const sizes = (at >= 0 ? args[at + 1] : "100").split(",").filter(Boolean);
    const loadStart = load();
    const rows = await endToEnd(sizes.map((mb) => `${OUT_DIR}/m${mb}.ifc`), runs);
    console.log([
      `\`inspect\` end to end, measured ${
        new Date().toISOString().slice(0, 16).replace("T", " ")
      } UTC by \`deno run -A bench/inspect_bench.ts --e2e-only --sizes ${
        sizes.join(",")
      } --runs ${runs}\` (medians; floor = bench/floor.ts in the same run; ${navigator.hardwareConcurrency} cores; load average ${loadStart} at the start, ${load()} at the end).`,
      "",
      "| Model | Size | floor wall / CPU / RSS | inspect wall | inspect CPU | inspect peak RSS | wall ÷ floor | CPU ÷ floor | RSS ÷ size |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
      "",
    ].join("\n"));
    if (args.includes("--e2e-only")) return;
  }
  const mb = Number(args[args.indexOf("--mb") + 1] || 100) || 100;
  const generated = `${OUT_DIR}/m${mb}.ifc`;
  try {
    await Deno.stat(generated);
  } catch {
    console.error(`generating ${generated}…`);
    const gen = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", path("bench/gen_ifc.ts"), "--mb", String(mb), "--out", generated],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!gen.success) throw new Error("bench/gen_ifc.ts failed");
  }
  const files = [
    ...[...Deno.readDirSync(MODELS_DIR)].filter((f) => f.name.endsWith(".ifc"))
      .map((f) => `${MODELS_DIR}/${f.name}`).sort(),
    generated,
  ];
  const loadStart = load();
  const rows: string[] = [];
  for (const file of files) {
    console.error(`inspecting ${file}…`);
    const results: ChildResult[] = [];
    for (let i = 0; i < runs; i++) results.push(await runChild(file));
    const mcp = await throughMcp(file, runs);
    const m = (k: keyof ChildResult) => median(results.map((r) => r[k] as number));
    const size = (await Deno.stat(file)).size / 1e6;
    const name = file === generated ? `generated ${mb} MB` : file.slice(file.lastIndexOf("/") + 1);
    rows.push(
      `| ${name} | ${size.toFixed(1)} MB | ${fmtMs(m("indexMs"))} | ${fmtMs(m("inspectMs"))} | ${
        (m("inspectMs") / m("indexMs")).toFixed(1)
      }× | ${fmtMs(m("totalMs"))} | ${fmtMs(m("cpuMs"))} | ${(m("hwmKb") / 1024).toFixed(0)} MB | ${
        fmtMs(mcp.median)
      } (first ${fmtMs(mcp.first)}) | ${m("classes")} / ${m("psets")} | ${
        m("jsonKb").toFixed(0)
      } KB |`,
    );
  }
  console.log([
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by ` +
    `\`deno run -A bench/inspect_bench.ts --runs ${runs}\` on ${navigator.hardwareConcurrency} ` +
    `cores, Deno ${Deno.version.deno}; load average ${loadStart} at the start, ${load()} at the end.`,
    "",
    "| Model | Size | index | inspect | inspect ÷ index | read+index+inspect | CPU time | peak RSS | MCP tool call, median | classes / sets | result |",
    "| ----- | ---: | ----: | ------: | --------------: | -----------------: | -------: | -------: | --------------------: | -------------: | -----: |",
    ...rows,
  ].join("\n"));
}

await main();
