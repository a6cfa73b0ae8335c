/**
 * CLI sub-command `validate`: the one validation verdict (src/audit/validate.ts) on an IDS
 * file: the built-in IDS 1.0 structural rules, the official schema when an XSD directory is
 * configured, and the semantic audit against the IFC schemas the specifications list (unless
 * `--structure-only`). Exit codes let scripts and CI branch: 0 valid, 1 invalid (a structural
 * or content error; warnings never count), 2 unreadable or not XML.
 *
 * @module
 */
import type { Finding } from "../ids/errors.ts";
import { isIdsError } from "../ids/errors.ts";
import { validateIdsXml, type XsdValidator } from "../audit/validate.ts";
import { loadXsdValidator } from "../fs/xsd_load.ts";
import { eachArg, issueText, readInput, unknownOption, usageExit } from "./command.ts";

const HELP = `ids-mcp validate — check an IDS 1.0 file

Usage:
  ids-mcp validate FILE.ids [--format json|text] [--xsd-dir DIR] [--structure-only]
  ids-mcp validate - < FILE.ids          read standard input

Options:
  --format json|text   output format (default text)
  --xsd-dir DIR        also validate against the official schema in DIR (ids.xsd, xml.xsd,
                       xsdschema.xsd); the environment variable IDS_XSD_DIR does the same
  --structure-only     skip the semantic audit (unknown entities, properties, data types …)
  -h, --help           show this help

Exit codes: 0 valid, 1 invalid (any error; warnings never count), 2 unreadable or not XML (or
bad usage).
JSON output: {"valid": bool, "errors": [FINDING], "warnings": [FINDING]} with FINDING
{"severity": "error"|"warning", "kind": "xml"|"structure"|"content", "code", "message",
"line"?, "path"?, "suggestion"?}`;

interface Options {
  file?: string;
  format: "json" | "text";
  xsdDir?: string;
  structureOnly: boolean;
}

/** Parses `args`; returns an error message for bad usage. */
function parseArgs(args: string[]): Options | { unknown: string } | string | "help" {
  const opts: Options = { format: "text", structureOnly: false };
  for (const { arg: a, flag, value } of eachArg(args)) {
    if (flag === "-h" || flag === "--help") return "help";
    if (flag === "--format") {
      const v = value();
      if (v !== "json" && v !== "text") return `--format must be json or text, not '${v ?? ""}'`;
      opts.format = v;
    } else if (flag === "--xsd-dir") {
      const v = value();
      if (!v) return "--xsd-dir needs a directory";
      opts.xsdDir = v;
    } else if (flag === "--structure-only") {
      opts.structureOnly = true;
    } else if (a.startsWith("-") && a !== "-") {
      return { unknown: a };
    } else if (opts.file === undefined) {
      opts.file = a;
    } else {
      return `unexpected argument '${a}'; validate takes one file`;
    }
  }
  if (opts.file === undefined) return "missing FILE (use - for standard input)";
  return opts;
}

function envXsdDir(): string | undefined {
  try {
    return Deno.env.get("IDS_XSD_DIR") || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

interface Outcome {
  valid: boolean;
  errors: readonly Finding[];
  warnings: readonly Finding[];
}

function report(opts: Options, outcome: Outcome): void {
  if (opts.format === "json") {
    console.log(JSON.stringify(outcome, null, 2));
    return;
  }
  const name = opts.file === "-" ? "<stdin>" : opts.file;
  const n = outcome.errors.length;
  console.log(
    outcome.valid ? `${name}: valid` : `${name}: invalid (${n} error${n === 1 ? "" : "s"})`,
  );
  for (const e of outcome.errors) console.log(`  error [${e.code}]: ${issueText(e)}`);
  for (const w of outcome.warnings) console.log(`  warning [${w.code}]: ${issueText(w)}`);
}

/** Runs `validate` and returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const opts = parseArgs(args);
  if (typeof opts === "string") return usageExit("validate", HELP, opts);
  if ("unknown" in opts) return unknownOption("validate", opts.unknown, HELP);
  const fail = (message: string): number => {
    report(opts, {
      valid: false,
      errors: [{ kind: "xml", severity: "error", code: "xml", message }],
      warnings: [],
    });
    return 2;
  };
  let bytes: Uint8Array;
  try {
    bytes = await readInput(opts.file!);
  } catch (e) {
    return fail(`cannot read '${opts.file}': ${(e as Error).message}`);
  }
  const xsdDir = opts.xsdDir ?? envXsdDir();
  let xsd: (XsdValidator & { dispose(): void }) | undefined;
  if (xsdDir) {
    try {
      xsd = await loadXsdValidator(xsdDir);
    } catch (e) {
      if (!isIdsError(e)) throw e;
      console.error(`ids-mcp validate: ${e.message}`);
      return 2;
    }
  }
  try {
    const result = validateIdsXml(bytes, { xsd, structureOnly: opts.structureOnly });
    report(opts, { valid: result.valid, errors: result.errors, warnings: result.warnings });
    return result.unreadable ? 2 : result.valid ? 0 : 1;
  } finally {
    xsd?.dispose();
  }
}
