/**
 * CLI sub-command `render`: an IDS file as a spec sheet people read (a self-contained HTML
 * page that prints to PDF, or Markdown for wikis and pull requests), for modellers who receive
 * an IDS and cannot read XML. Exit codes: 0 written, 1 not a valid IDS document, 2 unreadable
 * input or bad usage.
 *
 * @module
 */
import { readIds } from "../ids/xml.ts";
import { renderSpecSheet, SHEET_FORMATS, type SheetFormat } from "../ids/render/render.ts";
import { eachArg, issueText, readInput, unknownOption, usageExit, writeOutput } from "./command.ts";

const HELP = `ids-mcp render — an IDS file as a spec sheet for people

Usage:
  ids-mcp render FILE.ids [--format html|md] [--output FILE]
  ids-mcp render -                   read standard input

The sheet has the title and info, and per specification what it applies to and requires
(the sentences the check reports use), the IFC versions, the cardinality in words, and a
table per applicable class of the required properties with data type, unit and allowed
values.

Options:
  --format FORMAT   html (default: one self-contained page; prints to PDF) or md (Markdown)
  --output FILE     write the sheet to FILE instead of standard output
  -h, --help        show this help

Exit codes: 0 written, 1 not a valid IDS document, 2 unreadable input or bad usage.`;

interface Options {
  file: string;
  format: SheetFormat;
  output?: string;
}

function parseArgs(args: string[]): Options | { unknown: string } | string {
  let format: SheetFormat = "html";
  let output: string | undefined;
  const files: string[] = [];
  for (const { arg, flag, value } of eachArg(args)) {
    if (flag === "-h" || flag === "--help") return "help";
    if (flag === "--format") {
      const v = value();
      if (!SHEET_FORMATS.includes(v as SheetFormat)) {
        return `--format must be one of ${SHEET_FORMATS.join(", ")}, not '${v ?? ""}'`;
      }
      format = v as SheetFormat;
    } else if (flag === "--output" || flag === "-o") {
      const v = value();
      if (!v) return "--output needs a file name";
      output = v;
    } else if (arg.startsWith("-") && arg !== "-") return { unknown: arg };
    else files.push(arg);
  }
  if (files.length !== 1) {
    return `expected one FILE.ids (or - for standard input), got ${files.length}`;
  }
  return { file: files[0], format, ...(output ? { output } : {}) };
}

/** Runs `render` and returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const opts = parseArgs(args);
  if (typeof opts === "string") return usageExit("render", HELP, opts);
  if ("unknown" in opts) return unknownOption("render", opts.unknown, HELP);
  let bytes: Uint8Array;
  try {
    bytes = await readInput(opts.file);
  } catch (e) {
    console.error(`ids-mcp render: cannot read '${opts.file}': ${(e as Error).message}`);
    return 2;
  }
  const result = readIds(bytes);
  const name = opts.file === "-" ? "<stdin>" : opts.file;
  if (!result.doc) {
    console.error(
      `ids-mcp render: ${name} ${
        result.xmlError ? "is not readable XML" : "is not a valid IDS 1.0 document"
      }:`,
    );
    for (const e of result.errors) console.error(`  error: ${issueText(e)}`);
    return result.xmlError ? 2 : 1;
  }
  for (const w of result.warnings) console.error(`  warning: ${issueText(w)}`);
  const text = renderSpecSheet(result.doc, opts.format);
  return await writeOutput("render", opts.output, new TextEncoder().encode(text));
}
