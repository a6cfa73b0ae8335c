/**
 * CLI sub-command `check`: checks an IFC model against an IDS file and writes a report.
 * Exit codes let scripts and CI branch: 0 every specification passes, 1 any fails, 2 an input
 * is invalid or unreadable (stderr says which and why). A progress bar goes to stderr when it
 * is a terminal, progress lines with `--progress` when it is not (src/cli/progress.ts).
 *
 * This module is light on purpose: it starts reading both files (check_inputs.ts) before it
 * loads the engine (check_files.ts, where `checkFiles` and `checkPaths` live), so the model's
 * read overlaps loading and the IDS audit.
 *
 * @module
 */
import type { CheckReport } from "../ifc/report/types.ts";
import { readCheckInputs } from "./check_inputs.ts";
import { CLI_SLICE_MS, eachArg, unknownOption, usageExit, writeOutput } from "./command.ts";
import { setDefaultSliceMs } from "../ids/time_slice.ts";
import { isTerminal, progressDisplay, type ProgressMode } from "./progress.ts";

/**
 * Failure entries a CLI report keeps across all specifications: far above what a coordinator
 * reads, low enough that no IDS × model pair makes a report too large to write.
 */
export const DEFAULT_MAX_FAILURES = 100_000;
/** Estimated characters of the kept failure entries (a ~64 MB JSON report at most). */
const MAX_FAILURE_CHARS = 64_000_000;

const HELP = `ids-mcp check — check an IFC model against an IDS file

Usage:
  ids-mcp check SPEC.ids MODEL.ifc [--format json|html|text|bcf] [--output FILE]
  (MODEL may also be an .ifczip: a zip holding one .ifc, detected by its content)

Options:
  --format FORMAT   json (default), html (self-contained page), text (terminal), bcf (BCF 2.1
                    zip, needs --output)
  --output FILE     write the report to FILE instead of standard output
  --strict          stop on every IDS audit error (by default only on what makes the IDS
                    unusable for checking: XML/XSD errors and the rules behind the official
                    invalid-* test cases; other findings are listed in the report)
  --only-listed-versions
                    skip specifications whose ifcVersion does not list the model's schema
                    (by default they are checked, as buildingSMART's test cases expect, with a
                    warning)
  --max-failures N  keep at most N failure entries in the report across all specifications
                    (default ${DEFAULT_MAX_FAILURES}; counts stay exact and the report says how
                    many were left out)
  --progress        show progress on stderr even when it is not a terminal (one line per
                    tenth: "checking 30%"); a terminal gets a progress bar by default
  --no-progress     never show progress
  -h, --help        show this help

Exit codes: 0 all specifications pass, 1 any fails, 2 invalid or unreadable input (the
report, e.g. the JSON one, then has status "invalid" and errors naming the input).`;

export type ReportFormat = "json" | "html" | "text" | "bcf";
const FORMATS: readonly ReportFormat[] = ["json", "html", "text", "bcf"];

interface Options {
  ids?: string;
  ifc?: string;
  format: ReportFormat;
  output?: string;
  progress: ProgressMode;
  onlyListed: boolean;
  strict: boolean;
  maxFailures: number;
}

function parseArgs(args: string[]): Options | { unknown: string } | string | "help" {
  const opts: Options = {
    format: "json",
    progress: "auto",
    onlyListed: false,
    strict: false,
    maxFailures: DEFAULT_MAX_FAILURES,
  };
  const positional: string[] = [];
  for (const { arg: a, flag, value } of eachArg(args)) {
    if (flag === "-h" || flag === "--help") return "help";
    if (flag === "--format") {
      const v = value();
      if (!FORMATS.includes(v as ReportFormat)) {
        return `--format must be one of ${FORMATS.join(", ")}, not '${v ?? ""}'`;
      }
      opts.format = v as ReportFormat;
    } else if (flag === "--output" || flag === "-o") {
      const v = value();
      if (!v) return "--output needs a file name";
      opts.output = v;
    } else if (flag === "--max-failures") {
      const v = value();
      if (!v || !/^\d+$/.test(v)) return `--max-failures needs a whole number, not '${v ?? ""}'`;
      opts.maxFailures = Number(v);
    } else if (flag === "--no-progress") {
      opts.progress = "never";
    } else if (flag === "--progress") {
      opts.progress = "always";
    } else if (flag === "--strict") {
      opts.strict = true;
    } else if (flag === "--only-listed-versions") {
      opts.onlyListed = true;
    } else if (a.startsWith("-")) {
      return { unknown: a };
    } else positional.push(a);
  }
  if (positional.length !== 2) {
    return `expected SPEC.ids and MODEL.ifc, got ${positional.length} file argument${
      positional.length === 1 ? "" : "s"
    }`;
  }
  [opts.ids, opts.ifc] = positional;
  if (opts.format === "bcf" && !opts.output) return "--format bcf writes a zip: give --output FILE";
  return opts;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Runs `check` and returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const before = setDefaultSliceMs(CLI_SLICE_MS);
  try {
    return await runCheck(args);
  } finally {
    setDefaultSliceMs(before);
  }
}

async function runCheck(args: string[]): Promise<number> {
  const opts = parseArgs(args);
  if (typeof opts === "string") return usageExit("check", HELP, opts);
  if ("unknown" in opts) return unknownOption("check", opts.unknown, HELP);
  const inputs = readCheckInputs(opts.ids!, opts.ifc!);
  const { checkPaths, exitCodeOf, renderReport } = await import("./check_files.ts");
  const names = { idsName: baseName(opts.ids!), modelName: baseName(opts.ifc!) };
  const progress = progressDisplay("checking", opts.progress);
  let report: CheckReport;
  try {
    report = await checkPaths(opts.ids!, opts.ifc!, {
      ...names,
      onProgress: progress?.update,
      skipOtherIfcVersions: opts.onlyListed,
      strict: opts.strict,
      maxFailuresTotal: opts.maxFailures,
      maxFailureChars: MAX_FAILURE_CHARS,
    }, inputs);
  } finally {
    progress?.end();
  }
  // Unreadable files: one line each; IDS content errors: listed under one heading.
  const unreadable = (e: { input?: string; kind: string }) =>
    e.input === "model" || e.kind === "io";
  for (const e of report.errors ?? []) {
    if (unreadable(e)) console.error(`ids-mcp check: ${e.message}`);
  }
  const idsErrors = (report.errors ?? []).filter((e) => !unreadable(e));
  if (report.status === "invalid" && idsErrors.length) {
    const n = idsErrors.length;
    console.error(
      `ids-mcp check: the IDS file '${opts.ids}' is invalid (${n} error${n === 1 ? "" : "s"}):`,
    );
    for (const e of idsErrors) {
      console.error(
        `  ${e.line !== undefined ? `line ${e.line}: ` : ""}${
          e.path ? `${e.path}: ` : ""
        }${e.message}`,
      );
    }
  }
  // Findings that did not stop the check: one line on stderr, so a script sees them even when
  // the report goes to a file (the report lists them all).
  const findings = report.idsFindings ?? [];
  const findingErrors = findings.filter((f) => f.severity === "error").length;
  if (findingErrors && report.status !== "invalid") {
    console.error(
      `ids-mcp check: the IDS file '${opts.ids}' has ${findingErrors} audit error${
        findingErrors === 1 ? "" : "s"
      } that did not stop the check (see idsFindings in the report; --strict stops on them)`,
    );
  }
  // A BCF file has topics, not errors: an unchecked input leaves no file that could pass for
  // a clean result (stderr says why; the other formats carry the errors).
  if (report.status === "invalid" && opts.format === "bcf") return exitCodeOf(report);
  const color = opts.format === "text" && !opts.output && isTerminal(Deno.stdout);
  const out = renderReport(report, opts.format, color);
  const bytes = typeof out === "string"
    ? new TextEncoder().encode(out.endsWith("\n") ? out : out + "\n")
    : out;
  return (await writeOutput("check", opts.output, bytes)) || exitCodeOf(report);
}
