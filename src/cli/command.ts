/**
 * What the file-reading CLI sub-commands (`validate`, `check`, `format`) share: walking the
 * arguments with `--flag value` and `--flag=value` alike, the usage-error exit, the short
 * "unknown option" message (every sub-command, `serve` too), reading a file or standard
 * input, and one line per validation issue. Kept here so the commands agree on all of it.
 *
 * @module
 */
import type { ValidationIssue } from "../ids/errors.ts";
import { closest } from "../ids/suggest.ts";

/** One command-line argument as {@linkcode eachArg} yields it. */
export interface Arg {
  /** The argument as given. */
  readonly arg: string;
  /** The argument without an inline `=value` (`--format=json` → `--format`). */
  readonly flag: string;
  /** The flag's value: the inline one, else the next argument (which is then consumed). */
  value(): string | undefined;
}

/** Walks `args`; calling `value()` on a flag consumes the argument after it. */
export function* eachArg(args: readonly string[]): Generator<Arg> {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    yield { arg: a, flag, value: () => inline ?? args[++i] };
  }
}

/**
 * The exit for what a parser returned instead of options: `"help"` prints the help (exit 0),
 * anything else is a usage error printed with the help (exit 2).
 */
export function usageExit(command: string, help: string, message: string): number {
  if (message === "help") {
    console.log(help);
    return 0;
  }
  console.error(`ids-mcp ${command}: ${message}\n\n${help}`);
  return 2;
}

/**
 * The one line for an option a sub-command does not know, naming the nearest option its help
 * lists: a typo deserves a hint, not forty lines of help.
 * `ids-mcp serve: unknown option --htp; did you mean --http? (ids-mcp serve --help lists all)`.
 */
export function unknownOptionText(command: string, arg: string, help: string): string {
  const flag = arg.startsWith("--") && arg.includes("=") ? arg.slice(0, arg.indexOf("=")) : arg;
  // The options the help lists, so a new option is suggested as soon as it is documented.
  const known = [...new Set(help.match(/--[a-z][a-z0-9-]*/g) ?? [])];
  const bare = flag.replace(/^-+/, "");
  // A one-letter flag is too short to guess from; a third of the name may be wrong.
  const near = bare.length < 2 ? undefined : closest(
    bare,
    known.map((k) => k.slice(2)),
    Math.max(1, Math.floor(bare.length / 3)),
  );
  return `ids-mcp ${command}: unknown option ${flag}${
    near !== undefined ? `; did you mean --${near}?` : ""
  } (ids-mcp ${command} --help lists all)`;
}

/** Prints {@linkcode unknownOptionText} on stderr and returns the usage exit code (2). */
export function unknownOption(command: string, arg: string, help: string): number {
  console.error(unknownOptionText(command, arg, help));
  return 2;
}

/**
 * Slice length of a one-shot CLI run (ms): nobody else waits on this process's event loop, so
 * turns (each ~2 ms) only need to come often enough for the progress bar and Ctrl-C.
 */
export const CLI_SLICE_MS = 200;

/**
 * Writes a command's result to `output`, or all of it to stdout when there is none. Returns the
 * exit code: 0, or 2 after saying on stderr which file could not be written.
 */
export async function writeOutput(
  command: string,
  output: string | undefined,
  bytes: Uint8Array,
): Promise<number> {
  if (!output) {
    for (let off = 0; off < bytes.length;) off += await Deno.stdout.write(bytes.subarray(off));
    return 0;
  }
  try {
    await Deno.writeFile(output, bytes);
    return 0;
  } catch (e) {
    console.error(`ids-mcp ${command}: cannot write '${output}': ${(e as Error).message}`);
    return 2;
  }
}

/** Reads a file, or all of standard input for `-`. */
export async function readInput(file: string): Promise<Uint8Array> {
  if (file !== "-") return await Deno.readFile(file);
  return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
}

/** An issue as one line: `line 3 /ids:ids/…: message`. */
export function issueText(i: ValidationIssue): string {
  const where = [i.line !== undefined ? `line ${i.line}` : "", i.path ?? ""].filter((x) => x)
    .join(" ");
  return `${where ? `${where}: ` : ""}${i.message}`;
}
