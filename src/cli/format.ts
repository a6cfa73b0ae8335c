/**
 * CLI sub-command `format`: prints an IDS file as canonical XML, or rewrites it in place —
 * `deno fmt` for IDS, so teams keep IDS files diff-friendly in git. The rewrite is atomic
 * (temporary file + rename), so an interrupted run never leaves a half-written file.
 *
 * @module
 */
import { readIds, writeIds } from "../ids/xml.ts";
import { issueText, readInput, unknownOption } from "./command.ts";

const HELP = `ids-mcp format — print or rewrite an IDS 1.0 file in canonical form

Usage:
  ids-mcp format FILE.ids            print the canonical XML to standard output
  ids-mcp format FILE.ids --write    rewrite FILE.ids in place (atomically)
  ids-mcp format FILE.ids --check    exit 1 if FILE.ids is not in canonical form
  ids-mcp format -                   read standard input

Canonical form: schema element order, ids:/xs: prefixes, tab indentation, UTF-8,
xsi:schemaLocation to the official schema. XML comments are not kept.

Exit codes: 0 done, 1 not a valid IDS document (or not canonical with --check),
2 unreadable or not XML (or bad usage).`;

function writeAllSync(target: { writeSync(p: Uint8Array): number }, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += target.writeSync(data.subarray(off));
}

/** Writes `text` to `path` through a temporary file in the same directory and a rename. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  const tmp = `${dir}/.${path.slice(slash + 1)}.${crypto.randomUUID()}.tmp`;
  let mode: number | null = null;
  try {
    mode = (await Deno.stat(path)).mode;
  } catch {
    // a new file keeps the default mode
  }
  try {
    await Deno.writeTextFile(tmp, text, mode !== null ? { mode: mode & 0o777 } : {});
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Runs `format` and returns the exit code. */
export async function run(args: string[]): Promise<number> {
  let file: string | undefined;
  let write = false;
  let check = false;
  for (const a of args) {
    if (a === "-h" || a === "--help") {
      console.log(HELP);
      return 0;
    } else if (a === "--write" || a === "-w") write = true;
    else if (a === "--check") check = true;
    else if (a.startsWith("-") && a !== "-") {
      return unknownOption("format", a, HELP);
    } else if (file === undefined) file = a;
    else {
      console.error(`ids-mcp format: unexpected argument '${a}'; format takes one file`);
      return 2;
    }
  }
  if (file === undefined) {
    console.error(`ids-mcp format: missing FILE (use - for standard input)\n\n${HELP}`);
    return 2;
  }
  if (write && file === "-") {
    console.error("ids-mcp format: --write needs a file, not standard input");
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readInput(file);
  } catch (e) {
    console.error(`ids-mcp format: cannot read '${file}': ${(e as Error).message}`);
    return 2;
  }
  const result = readIds(bytes);
  if (!result.doc) {
    console.error(
      `ids-mcp format: ${file === "-" ? "<stdin>" : file} ${
        result.xmlError ? "is not readable XML" : "is not a valid IDS 1.0 document"
      }:`,
    );
    for (const e of result.errors) console.error(`  error: ${issueText(e)}`);
    return result.xmlError ? 2 : 1;
  }
  for (const w of result.warnings) console.error(`  warning: ${issueText(w)}`);
  const canonical = writeIds(result.doc);
  const original = new TextDecoder().decode(bytes);
  if (!check && original.includes("<!--")) {
    console.error("  note: XML comments are not kept in the canonical form");
  }
  if (check) {
    if (original === canonical) return 0;
    console.error(`ids-mcp format: ${file} is not in canonical form`);
    return 1;
  }
  if (!write) {
    writeAllSync(Deno.stdout, new TextEncoder().encode(canonical));
    return 0;
  }
  if (original === canonical) return 0;
  try {
    await writeAtomically(file, canonical);
  } catch (e) {
    console.error(`ids-mcp format: cannot write '${file}': ${(e as Error).message}`);
    return 2;
  }
  console.error(`formatted ${file}`);
  return 0;
}
