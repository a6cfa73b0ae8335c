/**
 * CLI sub-command `inspect`: what an IFC model contains — classes with counts and predefined
 * types, property and quantity sets with data types and example values, classifications,
 * materials, spatial structure — so an IDS can be written to fit it. The JSON is the
 * structured reply of the MCP tool `inspect_ifc_model` (src/ifc/inspect.ts), for scripts;
 * the text is for people. Exit codes: 0 inspected, 2 unreadable model or bad usage.
 *
 * @module
 */
import { ModelReadError } from "../ifc/model.ts";
import { StepSyntaxError } from "../ifc/step.ts";
import { fileSize, readModelFile } from "../ifc/open_model.ts";
import { withScanWorker } from "../ifc/scan_elsewhere.ts";
import { inspectStepBytes, type ModelInspection } from "../ifc/inspect.ts";
import { renderInspectionText } from "../ifc/inspect_text.ts";
import { setDefaultSliceMs } from "../ids/time_slice.ts";
import { CLI_SLICE_MS, eachArg, unknownOption, usageExit, writeOutput } from "./command.ts";
import { progressDisplay, type ProgressMode } from "./progress.ts";

const HELP = `ids-mcp inspect — what an IFC model contains, to write an IDS that fits it

Usage:
  ids-mcp inspect MODEL.ifc [--format json|text] [--output FILE]
  (MODEL may also be an .ifczip: a zip holding one .ifc, detected by its content)

Shows the schema; the classes of objects and types with counts and predefined types; the
property and quantity sets with each property's data types, counts, example values and the
classes carrying them; classification systems; materials; the spatial structure with element
counts. The JSON is the structured reply of the MCP tool inspect_ifc_model.

Options:
  --format FORMAT   json (default; every row) or text (for people; long lists shortened)
  --output FILE     write to FILE instead of standard output (-o FILE too)
  --progress        show progress on stderr even when it is not a terminal (one line per
                    tenth: "inspecting 30%"); a terminal gets a progress bar by default
  --no-progress     never show progress
  -h, --help        show this help

Exit codes: 0 inspected, 2 the model cannot be read (missing, not STEP, unsupported schema,
bad zip) or bad usage.`;

type Format = "json" | "text";

interface Options {
  file: string;
  format: Format;
  output?: string;
  progress: ProgressMode;
}

function parseArgs(args: string[]): Options | { unknown: string } | string {
  let format: Format = "json";
  let output: string | undefined;
  let progress: ProgressMode = "auto";
  const files: string[] = [];
  for (const { arg, flag, value } of eachArg(args)) {
    if (flag === "-h" || flag === "--help") return "help";
    if (flag === "--format") {
      const v = value();
      if (v !== "json" && v !== "text") return `--format must be json or text, not '${v ?? ""}'`;
      format = v;
    } else if (flag === "--output" || flag === "-o") {
      const v = value();
      if (!v) return "--output needs a file name";
      output = v;
    } else if (flag === "--progress") progress = "always";
    else if (flag === "--no-progress") progress = "never";
    else if (arg.startsWith("-")) return { unknown: arg };
    else files.push(arg);
  }
  if (files.length !== 1) {
    return `expected one MODEL.ifc, got ${files.length} file arguments`;
  }
  return { file: files[0], format, progress, ...(output ? { output } : {}) };
}

/** Runs `inspect` and returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const opts = parseArgs(args);
  if (typeof opts === "string") return usageExit("inspect", HELP, opts);
  if ("unknown" in opts) return unknownOption("inspect", opts.unknown, HELP);
  const reading = readModelFile(opts.file);
  // A big model is indexed in two halves, one on a worker: started while the model is read.
  return await withScanWorker(fileSize(opts.file), () => inspectRead(opts, reading));
}

async function inspectRead(opts: Options, reading: Promise<Uint8Array>): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await reading;
  } catch (e) {
    console.error(
      e instanceof ModelReadError
        ? `ids-mcp inspect: the IFC model '${opts.file}' cannot be read: ${e.message}`
        : `ids-mcp inspect: cannot read the IFC model '${opts.file}': ${(e as Error).message}`,
    );
    return 2;
  }
  const before = setDefaultSliceMs(CLI_SLICE_MS);
  const progress = progressDisplay("inspecting", opts.progress);
  let result: ModelInspection;
  try {
    result = await inspectStepBytes(bytes, { onProgress: progress?.update });
  } catch (e) {
    if (e instanceof ModelReadError || e instanceof StepSyntaxError) {
      console.error(`ids-mcp inspect: the IFC model '${opts.file}' cannot be read: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    progress?.end();
    setDefaultSliceMs(before);
  }
  const name = opts.file.split(/[\\/]/).pop() ?? opts.file;
  const text = opts.format === "json"
    ? JSON.stringify(result, null, 2) + "\n"
    : renderInspectionText(result, name);
  return await writeOutput("inspect", opts.output, new TextEncoder().encode(text));
}
