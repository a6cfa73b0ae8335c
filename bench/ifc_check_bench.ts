/**
 * IFC checking benchmark: time and peak memory of `checkModel` against the 20-specification
 * `bench/fixtures/bench20.ids`, for the real models in `../shared/ifc/models` and for generated
 * models of 10, 100 and 300 MB (bench/gen_ifc.ts), plus the whole official test suite in one
 * process. Parse-only baselines (web-ifc's `OpenModel`, our STEP indexer) show how much of the
 * time is reading the file.
 *
 * Every measurement runs in its own child `deno run` so that peak memory (VmHWM from
 * /proc/self/status, read by the child just before it exits) belongs to that one model.
 * Timings are the median of `--runs` children. Output: a Markdown section for BENCHMARKS.md on
 * stdout (or `--out FILE`), progress on stderr.
 *
 * Usage:
 *   deno run -A bench/ifc_check_bench.ts [--sizes 10,100,300] [--runs 3] [--no-suite]
 *     [--no-parse] [--only-generated] [--out bench/out/ifc_check.md]
 *
 * @module
 */

import process from "node:process";
import { peakRssKb } from "./_proc.ts";
import type { IdsDocument } from "../src/ids/model.ts";
import { readIds } from "../src/ids/xml.ts";
import type { CheckReport } from "../src/ifc/report/types.ts";
import { generateIfc, type GenStats, writeGeneratedIfc } from "./gen_ifc.ts";

const ROOT = new URL("../", import.meta.url);
const path = (rel: string) => decodeURIComponent(new URL(rel, ROOT).pathname);
const IDS_FILE = path("bench/fixtures/bench20.ids");
const MODELS_DIR = path("../shared/ifc/models");
const SUITE_DIR = path("../shared/ids/testcases");
const OUT_DIR = path("bench/out");

type CheckModel = (doc: IdsDocument, ifc: Uint8Array, options?: unknown) => Promise<CheckReport>;

/** What a child reports on its last stdout line. */
interface ChildResult {
  ok: boolean;
  error?: string;
  ms?: number;
  /** CPU time (user + system, all threads) of the measured step: robust to a busy machine. */
  cpuMs?: number;
  /** Fastest of the runs (wall clock). */
  minMs?: number;
  hwmKb?: number;
  status?: string;
  specs?: { id: string; applicable: number; failed: number; status: string }[];
  failures?: number;
  suite?: SuiteResult;
  renders?: Record<string, { ms: number; bytes: number }>;
}

interface SuiteResult {
  cases: number;
  agree: number;
  byExpected: Record<string, { cases: number; agree: number }>;
  medianMs: number;
  p95Ms: number;
  totalMs: number;
  /** A second pass in the same process, once the JIT has seen every code path. */
  warmTotalMs: number;
  warmMedianMs: number;
  disagreements: string[];
}

/** The machine's load average, to show how busy it was (other work skews timings). */
function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" / ");
  } catch {
    return "unknown";
  }
}

async function loadCheckModel(): Promise<CheckModel | undefined> {
  const url = new URL("src/ifc/check.ts", ROOT).href;
  try {
    const mod = await import(url);
    return typeof mod.checkModel === "function" ? mod.checkModel as CheckModel : undefined;
  } catch {
    return undefined;
  }
}

function readBench20(): IdsDocument {
  const r = readIds(Deno.readFileSync(IDS_FILE));
  if (!r.doc) throw new Error(`bench20.ids does not read: ${JSON.stringify(r.errors)}`);
  return r.doc;
}

// ---------------------------------------------------------------- children

async function childCheck(ifcPath: string): Promise<ChildResult> {
  const checkModel = await loadCheckModel();
  if (!checkModel) return { ok: false, error: "src/ifc/check.ts (checkModel) not available" };
  const doc = readBench20();
  const bytes = await Deno.readFile(ifcPath);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await checkModel(doc, bytes);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return {
    ok: true,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    hwmKb: peakRssKb(),
    status: report.status,
    failures: report.specifications.reduce((n, s) => n + s.failures.length, 0),
    specs: report.specifications.map((s) => ({
      id: s.identifier ?? s.name,
      applicable: s.applicable,
      failed: s.failed,
      status: s.status,
    })),
  };
}

/** Check once, then time every report writer on the result. */
async function childRender(ifcPath: string): Promise<ChildResult> {
  const checkModel = await loadCheckModel();
  if (!checkModel) return { ok: false, error: "src/ifc/check.ts (checkModel) not available" };
  const { renderJson } = await import("../src/ifc/report/json.ts");
  const { renderHtml } = await import("../src/ifc/report/html.ts");
  const { renderText } = await import("../src/ifc/report/text.ts");
  const { renderBcf } = await import("../src/ifc/report/bcf.ts");
  const report = await checkModel(readBench20(), await Deno.readFile(ifcPath));
  const writers: [string, () => string | Uint8Array][] = [
    ["json", () => renderJson(report)],
    ["html", () => renderHtml(report)],
    ["text", () => renderText(report)],
    ["bcf (per element)", () => renderBcf(report)],
    ["bcf (per specification)", () => renderBcf(report, { perElement: false })],
  ];
  const renders: Record<string, { ms: number; bytes: number }> = {};
  for (const [name, write] of writers) {
    const t0 = performance.now();
    const out = write();
    const ms = performance.now() - t0;
    renders[name] = {
      ms,
      bytes: typeof out === "string" ? new TextEncoder().encode(out).length : out.length,
    };
  }
  return {
    ok: true,
    failures: report.specifications.reduce((n, s) => n + s.failures.length, 0),
    renders,
  };
}

async function childWebIfc(ifcPath: string): Promise<ChildResult> {
  const WebIFC = await import("web-ifc");
  const api = new WebIFC.IfcAPI();
  await api.Init();
  const bytes = await Deno.readFile(ifcPath);
  const t0 = performance.now();
  const id = api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
  // Touch what a checker needs first: every wall, decoded with its attributes.
  const walls = api.GetLineIDsWithType(id, WebIFC.IFCWALL, true);
  for (let i = 0; i < walls.size(); i++) api.GetLine(id, walls.get(i));
  const ms = performance.now() - t0;
  api.CloseModel(id);
  return { ok: true, ms, hwmKb: peakRssKb() };
}

async function childStep(ifcPath: string): Promise<ChildResult> {
  let mod: { StepFile?: new (b: Uint8Array) => { count: number } };
  try {
    mod = await import(new URL("src/ifc/step.ts", ROOT).href);
  } catch {
    return { ok: false, error: "src/ifc/step.ts not available" };
  }
  if (!mod.StepFile) return { ok: false, error: "StepFile not exported" };
  const bytes = await Deno.readFile(ifcPath);
  const t0 = performance.now();
  const file = new mod.StepFile(bytes);
  const ms = performance.now() - t0;
  return { ok: file.count > 0, ms, hwmKb: peakRssKb() };
}

/** Every official test case, in this one process, the way the `check` command reads them. */
async function childSuite(): Promise<ChildResult> {
  const checkModel = await loadCheckModel();
  if (!checkModel) return { ok: false, error: "src/ifc/check.ts (checkModel) not available" };
  const cases: { ids: string; ifc: string; expected: string; name: string }[] = [];
  for (const dir of [...Deno.readDirSync(SUITE_DIR)].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!dir.isDirectory) continue;
    const names = [...Deno.readDirSync(`${SUITE_DIR}/${dir.name}`)].map((e) => e.name).sort();
    for (const n of names) {
      if (!n.endsWith(".ids")) continue;
      const ifc = n.replace(/\.ids$/, ".ifc");
      if (!names.includes(ifc)) continue;
      cases.push({
        ids: `${SUITE_DIR}/${dir.name}/${n}`,
        ifc: `${SUITE_DIR}/${dir.name}/${ifc}`,
        expected: n.split("-")[0],
        name: `${dir.name}/${n.replace(/\.ids$/, "")}`,
      });
    }
  }
  const times: number[] = [];
  const byExpected: Record<string, { cases: number; agree: number }> = {};
  const disagreements: string[] = [];
  let agree = 0;
  const t0 = performance.now();
  for (const c of cases) {
    const s = performance.now();
    let got: string;
    try {
      const r = readIds(await Deno.readFile(c.ids));
      got = r.doc ? (await checkModel(r.doc, await Deno.readFile(c.ifc))).status : "invalid";
    } catch (e) {
      got = `error: ${e instanceof Error ? e.message : String(e)}`;
    }
    times.push(performance.now() - s);
    const ok = got === c.expected;
    const slot = byExpected[c.expected] ??= { cases: 0, agree: 0 };
    slot.cases++;
    if (ok) {
      slot.agree++;
      agree++;
    } else disagreements.push(`${c.name}: expected ${c.expected}, got ${got}`);
  }
  const totalMs = performance.now() - t0;
  const sorted = [...times].sort((a, b) => a - b);
  const warm: number[] = [];
  const w0 = performance.now();
  for (const c of cases) {
    const s = performance.now();
    try {
      const r = readIds(await Deno.readFile(c.ids));
      if (r.doc) await checkModel(r.doc, await Deno.readFile(c.ifc));
    } catch {
      // verdicts were recorded in the first pass
    }
    warm.push(performance.now() - s);
  }
  const warmTotalMs = performance.now() - w0;
  warm.sort((a, b) => a - b);
  return {
    ok: true,
    hwmKb: peakRssKb(),
    suite: {
      cases: cases.length,
      agree,
      byExpected,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
      p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      totalMs,
      warmTotalMs,
      warmMedianMs: warm[Math.floor(warm.length / 2)] ?? 0,
      disagreements,
    },
  };
}

// ---------------------------------------------------------------- parent

async function runChild(args: string[]): Promise<ChildResult> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--max-old-space-size=8192",
      import.meta.filename!,
      "--child",
      ...args,
    ],
    cwd: path("."),
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(text) as ChildResult;
  } catch {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" | ");
    return { ok: false, error: `child exited ${out.code}: ${err || text}` };
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

/** Runs a child `runs` times; time is the median, memory the maximum. */
async function measure(args: string[], runs: number): Promise<ChildResult & { runs: number }> {
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runChild(args);
    results.push(r);
    if (!r.ok) break;
  }
  const good = results.filter((r) => r.ok);
  if (good.length === 0) return { ...results[0], runs: 0 };
  return {
    ...good[good.length - 1],
    ms: median(good.map((r) => r.ms ?? NaN)),
    minMs: Math.min(...good.map((r) => r.ms ?? NaN)),
    cpuMs: median(good.map((r) => r.cpuMs ?? NaN)),
    hwmKb: Math.max(...good.map((r) => r.hwmKb ?? 0)),
    runs: good.length,
  };
}

/** The CLI as a user runs it: start-up, reading both files, checking, writing JSON. */
async function timeCli(ifcPath: string): Promise<{ cliMs: number; cliExit: number }> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "check", IDS_FILE, ifcPath, "--format", "json", "--no-progress"],
    cwd: path("."),
    stdout: "null",
    stderr: "null",
  }).output();
  return { cliMs: performance.now() - t0, cliExit: out.code };
}

async function ensureModel(mb: number): Promise<{ file: string; stats: GenStats }> {
  const file = `${OUT_DIR}/m${mb}.ifc`;
  const statsFile = `${OUT_DIR}/m${mb}.stats.json`;
  try {
    const stats = JSON.parse(await Deno.readTextFile(statsFile)) as GenStats;
    if ((await Deno.stat(file)).size === stats.bytes) return { file, stats };
  } catch {
    // not generated yet
  }
  await Deno.mkdir(OUT_DIR, { recursive: true });
  console.error(`generating ${file} …`);
  const stats = await writeGeneratedIfc(file, mb, { baysPerStorey: mb < 5 ? 10 : 50 });
  await Deno.writeTextFile(statsFile, JSON.stringify(stats));
  return { file, stats };
}

function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function fmtMb(kb: number | undefined): string {
  return kb ? `${(kb / 1024).toFixed(0)} MB` : "—";
}

/** How many specifications agree with the generator's ground truth ("20/20"). */
function agreement(r: ChildResult, stats: GenStats): string {
  if (!r.specs) return "—";
  let ok = 0;
  const wrong: string[] = [];
  for (const s of r.specs) {
    const want = stats.expected[s.id];
    if (
      want && want.applicable === s.applicable && want.failed === s.failed &&
      want.status === s.status
    ) ok++;
    else if (want) {
      wrong.push(
        `${s.id} got ${s.applicable}/${s.failed}/${s.status}, want ${want.applicable}/${want.failed}/${want.status}`,
      );
    }
  }
  if (wrong.length) console.error(`  disagreements: ${wrong.join("; ")}`);
  return `${ok}/${Object.keys(stats.expected).length}`;
}

async function main(args: string[]): Promise<void> {
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sizes = (get("--sizes") ?? "10,100,300").split(",").map(Number).filter((n) => n > 0);
  const runs = Number(get("--runs") ?? "3");
  const withSuite = !args.includes("--no-suite");
  const withParse = !args.includes("--no-parse");
  const onlyGenerated = args.includes("--only-generated");
  const outFile = get("--out");
  const checkAvailable = (await loadCheckModel()) !== undefined;
  const loadStart = loadAverage();

  interface Row {
    label: string;
    mb: number;
    check?: ChildResult & { runs: number };
    webIfc?: ChildResult & { runs: number };
    step?: ChildResult & { runs: number };
    agree?: string;
    /** `main.ts check … --format json` wall time, process start to exit. */
    cliMs?: number;
    cliExit?: number;
  }
  const rows: Row[] = [];
  const models: { label: string; file: string; stats?: GenStats }[] = [];
  if (!onlyGenerated) {
    for (
      const e of [...Deno.readDirSync(MODELS_DIR)].sort((a, b) => a.name.localeCompare(b.name))
    ) {
      if (e.isFile && e.name.toLowerCase().endsWith(".ifc")) {
        models.push({ label: e.name, file: `${MODELS_DIR}/${e.name}` });
      }
    }
  }
  for (const mb of sizes) {
    const { file, stats } = await ensureModel(mb);
    models.push({ label: `generated ${mb} MB`, file, stats });
  }

  for (const m of models) {
    const mb = (await Deno.stat(m.file)).size / 1e6;
    const n = mb > 150 ? Math.min(runs, 2) : runs;
    console.error(`${m.label} (${mb.toFixed(1)} MB) …`);
    const row: Row = { label: m.label, mb };
    if (checkAvailable) {
      row.check = await measure(["check", m.file], n);
      if (!row.check.ok) console.error(`  check failed: ${row.check.error}`);
      if (m.stats && row.check.ok) row.agree = agreement(row.check, m.stats);
      if (m.stats) Object.assign(row, await timeCli(m.file));
    }
    if (withParse) {
      row.webIfc = await measure(["web-ifc", m.file], n);
      row.step = await measure(["step", m.file], n);
    }
    console.error(
      `  check ${fmtMs(row.check?.ms)} ${fmtMb(row.check?.hwmKb)}; web-ifc ${
        fmtMs(row.webIfc?.ms)
      } ` +
        `${fmtMb(row.webIfc?.hwmKb)}; step ${fmtMs(row.step?.ms)} ${fmtMb(row.step?.hwmKb)}`,
    );
    rows.push(row);
  }

  const loadBefore = loadAverage();
  let render: ChildResult | undefined;
  const renderModel = models.filter((m) => m.stats && m.stats.bytes <= 150e6).pop();
  if (checkAvailable && renderModel) {
    console.error(`report writers on ${renderModel.label} …`);
    render = await runChild(["render", renderModel.file]);
  }
  let suite: (ChildResult & { runs: number }) | undefined;
  if (withSuite && checkAvailable) {
    console.error("official suite …");
    // The cold first pass varies by tens of ms between processes: keep the median process.
    const tries: ChildResult[] = [];
    for (let i = 0; i < Math.max(1, runs); i++) tries.push(await runChild(["suite"]));
    const good = tries.filter((t) => t.ok && t.suite).sort((a, b) =>
      a.suite!.totalMs - b.suite!.totalMs
    );
    suite = good.length
      ? { ...good[Math.floor((good.length - 1) / 2)], runs: good.length }
      : { ...tries[0], runs: 0 };
  }

  // ------------------------------------------------------------ markdown
  const md: string[] = [];
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  md.push(
    `Measured ${date} UTC by \`deno run -A bench/ifc_check_bench.ts\` on 2 cores, 24 GiB, Deno ${Deno.version.deno}. ` +
      `Each cell is the median of up to ${runs} child processes (2 for models over 150 MB); peak ` +
      `memory is the child's VmHWM (whole process: Deno runtime, the model bytes and the check). ` +
      `IDS: \`bench/fixtures/bench20.ids\` (20 specifications, all six facets, every restriction kind).`,
    "",
  );
  if (!checkAvailable) {
    md.push(
      "**`checkModel` (src/ifc/check.ts) was not available when this ran: only parse baselines are shown.**",
      "",
    );
  }
  md.push(
    "| Model | Size | check, median | fastest | CPU time | peak RSS | CPU s/MB | agrees with generator | web-ifc open+walls | STEP index |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const r of rows) {
    const c = r.check;
    const ok = c?.ok === true;
    const perMb = ok && c.cpuMs !== undefined ? (c.cpuMs / 1000 / r.mb).toFixed(3) : "—";
    const cells = [
      r.label,
      `${r.mb.toFixed(1)} MB`,
      c ? (ok ? fmtMs(c.ms) : "error") : "n/a",
      ok ? fmtMs(c.minMs) : "—",
      ok ? fmtMs(c.cpuMs) : "—",
      ok ? fmtMb(c.hwmKb) : "—",
      perMb,
      r.agree ?? "—",
      r.webIfc?.ok ? `${fmtMs(r.webIfc.ms)} (${fmtMb(r.webIfc.hwmKb)})` : "—",
      r.step?.ok ? `${fmtMs(r.step.ms)} (${fmtMb(r.step.hwmKb)})` : "—",
    ];
    md.push(`| ${cells.join(" | ")} |`);
  }
  const gen = rows.filter((r) => r.label.startsWith("generated") && r.check?.ok);
  if (gen.length >= 2) {
    const base = gen[0].check!;
    const b0 = gen[0];
    md.push(
      "",
      "Growth (generated models, relative to the smallest; CPU time is the steadiest measure on a " +
        "shared machine):",
      "",
      "| Model | size × | CPU time × | fastest wall × | CPU s/MB | peak RSS × |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const r of gen) {
      const c = r.check!;
      const cells = [
        r.label,
        (r.mb / b0.mb).toFixed(1),
        (c.cpuMs! / base.cpuMs!).toFixed(1),
        (c.minMs! / base.minMs!).toFixed(1),
        (c.cpuMs! / 1000 / r.mb).toFixed(3),
        (c.hwmKb! / base.hwmKb!).toFixed(1),
      ];
      md.push(`| ${cells.join(" | ")} |`);
    }
  }
  const cli = rows.filter((r) => r.cliMs !== undefined);
  if (cli.length) {
    md.push(
      "",
      "End to end, as a user runs it (`deno run -A main.ts check bench20.ids MODEL --format json`, " +
        "one run: process start, reading both files, checking, writing the JSON; exit 1 = some " +
        "specification fails):",
      "",
      "| Model | wall time | exit code |",
      "|---|---:|---:|",
      ...cli.map((r) => `| ${r.label} | ${fmtMs(r.cliMs)} | ${r.cliExit} |`),
    );
  }
  const m100 = rows.find((r) => r.label === "generated 100 MB" && r.check?.ok);
  if (m100) {
    const c = m100.check!;
    md.push(
      "",
      `Targets for 100 MB: under 10 s → median ${fmtMs(c.ms)}, fastest ${fmtMs(c.minMs)} ` +
        `(${c.minMs! < 10000 ? "met" : "NOT met"}); under 2 GB peak → ${fmtMb(c.hwmKb)} ` +
        `(${c.hwmKb! < 2 * 1024 * 1024 ? "met" : "NOT met"}).`,
    );
  }
  if (render?.ok && render.renders && renderModel) {
    md.push(
      "",
      `Report writers on the ${renderModel.label} model's report (${render.failures} failures):`,
      "",
      "| Format | time | size |",
      "|---|---:|---:|",
      ...Object.entries(render.renders).map(([k, v]) =>
        `| ${k} | ${fmtMs(v.ms)} | ${(v.bytes / 1e6).toFixed(2)} MB |`
      ),
    );
  }
  if (suite?.ok && suite.suite) {
    const s = suite.suite;
    const by = Object.entries(s.byExpected).map(([k, v]) => `${k} ${v.agree}/${v.cases}`).join(
      ", ",
    );
    md.push(
      "",
      `Official test suite (\`../shared/ids/testcases\`, every .ids/.ifc pair, read + check, all in one ` +
        `process; the median of ${suite.runs} processes):`,
      "",
      "| | ids-mcp | @thatopen/components 3.4.8 (issue figures) | ratio |",
      "|---|---:|---:|---:|",
      `| whole suite, first pass (cold JIT) | ${fmtMs(s.totalMs)} | 140 s | ${
        (140000 / s.totalMs).toFixed(0)
      }× faster |`,
      `| whole suite scaled to 314 cases (× 314/${s.cases}) | ${
        fmtMs((s.totalMs * 314) / s.cases)
      } | 140 s | ${(140000 / ((s.totalMs * 314) / s.cases)).toFixed(0)}× faster |`,
      `| median per case, first pass | ${s.medianMs.toFixed(2)} ms | 434 ms | ${
        (434 / s.medianMs).toFixed(0)
      }× faster |`,
      `| p95 per case, first pass | ${s.p95Ms.toFixed(1)} ms | — | |`,
      `| whole suite, second pass in the same process | ${fmtMs(s.warmTotalMs)} | — | |`,
      `| median per case, second pass | ${s.warmMedianMs.toFixed(2)} ms | — | |`,
      `| agrees with the expected verdict | ${s.agree}/${s.cases} (${by}) | 209/314 | |`,
      `| peak RSS | ${fmtMb(suite.hwmKb)} | — | |`,
    );
    if (s.disagreements.length) {
      console.error(
        `suite disagreements (${s.disagreements.length}):\n  ${s.disagreements.join("\n  ")}`,
      );
    }
  } else if (withSuite) {
    md.push("", `Official suite: not measured (${suite?.error ?? "checkModel not available"}).`);
  }
  md.push(
    "",
    `Load average (1/5/15 min): ${loadStart} at the start, ${loadBefore} after the models, ` +
      `${loadAverage()} at the end (2 cores; other work on the machine slows every column alike).`,
  );
  const text = md.join("\n") + "\n";
  if (outFile) await Deno.writeTextFile(outFile, text);
  console.log(text);
}

// ---------------------------------------------------------------- Deno.bench (deno task bench)
// Small, in-process measurements for `deno bench`; the full child-process benchmark above runs
// only with `deno run`.
if (!import.meta.main && !Deno.args.includes("--child")) {
  const checkModel = await loadCheckModel();
  if (checkModel) {
    const doc = readBench20();
    for (const name of ["AC20-FZK-Haus.ifc", "duplex.ifc"]) {
      const bytes = await Deno.readFile(`${MODELS_DIR}/${name}`).catch(() => undefined);
      if (bytes) {
        Deno.bench(`checkModel bench20.ids × ${name}`, { group: "check" }, async () => {
          await checkModel(doc, bytes);
        });
      }
    }
  }
  const { renderJson } = await import("../src/ifc/report/json.ts");
  const { renderHtml } = await import("../src/ifc/report/html.ts");
  const { renderText } = await import("../src/ifc/report/text.ts");
  const { renderBcf } = await import("../src/ifc/report/bcf.ts");
  const report: CheckReport = {
    status: "fail",
    title: "bench",
    checkedAt: "2026-01-01T00:00:00Z",
    specifications: Array.from({ length: 4 }, (_, s) => ({
      name: `Spec ${s}`,
      identifier: `S${s}`,
      status: "fail" as const,
      applicable: 1000,
      passed: 500,
      failed: 500,
      failures: Array.from({ length: 500 }, (_, i) => ({
        globalId: `${s}${String(i).padStart(21, "0")}`,
        entity: "IFCWALL",
        name: `Wall ${i}`,
        facet: "property Pset_WallCommon.FireRating",
        reason: "FireRating is 'EI30', expected one of 'EI60', 'EI90'",
      })),
    })),
  };
  const group = "report writers, 2,000 failures";
  Deno.bench("renderJson", { group, baseline: true }, () => void renderJson(report));
  Deno.bench("renderHtml", { group }, () => void renderHtml(report));
  Deno.bench("renderText", { group }, () => void renderText(report));
  Deno.bench("renderBcf per element", { group }, () => void renderBcf(report));
  Deno.bench("renderBcf per specification", { group }, () => {
    renderBcf(report, { perElement: false });
  });
  Deno.bench("gen_ifc 2 MB into memory", { group: "generator" }, async () => {
    await generateIfc(() => Promise.resolve(), { targetBytes: 2e6, baysPerStorey: 10 });
  });
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--child");
  if (i >= 0) {
    const [mode, file] = Deno.args.slice(i + 1);
    let result: ChildResult;
    try {
      result = mode === "check"
        ? await childCheck(file)
        : mode === "web-ifc"
        ? await childWebIfc(file)
        : mode === "step"
        ? await childStep(file)
        : mode === "render"
        ? await childRender(file)
        : mode === "suite"
        ? await childSuite()
        : { ok: false, error: `unknown child mode '${mode}'` };
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    console.log(JSON.stringify(result));
    Deno.exit(0);
  } else {
    await main(Deno.args);
  }
}
