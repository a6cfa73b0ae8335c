/**
 * ids-mcp: the one entry point. Parses the sub-command and hands the rest of the arguments to
 * its module in `src/cli/`, which returns the process exit code.
 *
 * ```sh
 * ids-mcp serve [--http] [--stdio] …     # MCP server (stdio by default)
 * ids-mcp validate FILE.ids [--format json|text]
 * ids-mcp format FILE.ids [--write]
 * ids-mcp check SPEC.ids MODEL.ifc [--format json|html|text|bcf] [--output FILE]
 * ids-mcp inspect MODEL.ifc [--format json|text] [--output FILE]
 * ids-mcp render FILE.ids [--format html|md] [--output FILE]
 * ```
 *
 * On Deno Deploy (detected from its environment variables) a run with no arguments serves
 * Streamable HTTP instead of stdio; see `src/cli/deploy.ts`.
 *
 * @module
 */
import { onDenoDeploy } from "./src/session/kv_location.ts";
import { closest } from "./src/ids/suggest.ts";

const USAGE = `ids-mcp — author, audit and check buildingSMART IDS 1.0 files

Usage:
  ids-mcp serve [options]              run the MCP server (stdio by default; --http for HTTP)
  ids-mcp validate FILE.ids [--format json|text] [--xsd-dir DIR]
  ids-mcp format FILE.ids [--write]    print (or rewrite) canonical IDS XML
  ids-mcp check SPEC.ids MODEL.ifc [--format json|html|text|bcf] [--output FILE]
  ids-mcp inspect MODEL.ifc [--format json|text] [--output FILE]
                                       what a model contains (classes, property sets, …)
  ids-mcp render FILE.ids [--format html|md] [--output FILE]
                                       an IDS as a spec sheet for people (web page or Markdown)
  ids-mcp help [COMMAND]

Run 'ids-mcp COMMAND --help' for the options of a command.`;

type Command = (args: string[]) => Promise<number>;

/** Sub-commands are imported lazily so `validate` never pays for the MCP SDK or web-ifc. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./src/cli/serve.ts")).run,
  validate: async () => (await import("./src/cli/validate.ts")).run,
  format: async () => (await import("./src/cli/format.ts")).run,
  check: async () => (await import("./src/cli/check.ts")).run,
  inspect: async () => (await import("./src/cli/inspect.ts")).run,
  render: async () => (await import("./src/cli/render.ts")).run,
};

/** Runs the CLI with `args` (without the program name) and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    // Deploy passes no arguments and has no stdin to speak MCP over.
    if (onDenoDeploy()) return await (await import("./src/cli/deploy.ts")).run();
    return await (await COMMANDS.serve())([]);
  }
  if (first === "help" || first === "--help" || first === "-h") {
    if (rest[0] && rest[0] in COMMANDS) return await (await COMMANDS[rest[0]]())(["--help"]);
    console.log(USAGE);
    return 0;
  }
  if (first.startsWith("-")) return await (await COMMANDS.serve())(args);
  const load = COMMANDS[first];
  if (!load) {
    const near = closest(first, Object.keys(COMMANDS));
    console.error(
      `ids-mcp: unknown command '${first}'${near ? `; did you mean ${near}?` : ""} ` +
        `(commands: ${Object.keys(COMMANDS).join(", ")}; ids-mcp help lists them)`,
    );
    return 2;
  }
  return await (await load())(rest);
}

/** Sub-commands that run once and end (not `serve`, which ends on its own terms). */
const ONE_SHOT = new Set(["validate", "format", "check", "inspect", "render", "help"]);

if (import.meta.main) {
  const code = await main(Deno.args);
  // A one-shot command's output is written by now; exiting at once skips tearing the V8 heap
  // down, which nobody waits for (≈ 0.1 s after checking a 100 MB model).
  if (ONE_SHOT.has(Deno.args[0])) Deno.exit(code);
  Deno.exitCode = code;
}
