/**
 * Worst-case inputs through the real entry points, this checkout against another one side by
 * side (`--before OTHER_CHECKOUT/main.ts`): a document of 10,000 specifications (load_ids,
 * get_ids_info, add_specification over stdio with the SDK client), hostile IFC models (a
 * 130,000-character string literal, 100,000 nested parentheses, an invalid \X4\ escape) through
 * `validate_ifc_model` and `main.ts check`, and an IDS that is only a CDATA section.
 *
 * Both servers run at once and the operations take turns in rounds, so load from other
 * processes affects them alike; each cell is the median of the rounds, with the outcome.
 *
 * Usage: deno run -A bench/worst_case_bench.ts [--before OTHER/main.ts] [--rounds 3]
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  HUGE_LITERAL_MODEL,
  manySpecs,
  UNREADABLE_MODELS,
  WALL_NAME_IDS,
} from "../tests/fuzz/_inputs.ts";
import { RawStdioServer } from "../tests/fuzz/_raw_stdio.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const arg = (name: string) =>
  Deno.args.includes(name) ? Deno.args[Deno.args.indexOf(name) + 1] : undefined;
const MAINS: [string, string][] = [["after", join(REPO, "main.ts")]];
const before = arg("--before");
if (before) MAINS.unshift(["before", before]);
const ROUNDS = Number(arg("--rounds") ?? 3);

const ONE = WALL_NAME_IDS;
const MANY = manySpecs(10_000);
const MODELS: Record<string, string> = {
  "130,000-char string literal": HUGE_LITERAL_MODEL,
  ...Object.fromEntries(UNREADABLE_MODELS.slice(0, 2).map(([name, text]) => [name, text])),
};

interface Cell {
  ms: number[];
  outcome: string;
}
const results = new Map<string, Map<string, Cell>>();
function record(row: string, who: string, ms: number, outcome: string): void {
  if (!results.has(row)) results.set(row, new Map());
  const cell = results.get(row)!.get(who) ?? { ms: [], outcome };
  cell.ms.push(ms);
  cell.outcome = outcome;
  results.get(row)!.set(who, cell);
}

function outcomeOf(r: CallToolResult): string {
  const text = r.content?.[0]?.type === "text" ? r.content[0].text : "";
  if (!r.isError) return "ok";
  return text.split(/[:\n]/)[0];
}

async function timed(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<[number, string]> {
  const t = performance.now();
  const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000 });
  return [performance.now() - t, outcomeOf(r as CallToolResult)];
}

const dir = await Deno.makeTempDir({ prefix: "ids-worst-" });
const idsPath = join(dir, "spec.ids");
await Deno.writeTextFile(idsPath, ONE);
const modelPaths: Record<string, string> = {};
for (const [name, text] of Object.entries(MODELS)) {
  modelPaths[name] = join(dir, `${Object.keys(modelPaths).length}.ifc`);
  await Deno.writeTextFile(modelPaths[name], text);
}

const clients = new Map<string, Client>();
const raws = new Map<string, RawStdioServer>();
for (const [who, main] of MAINS) {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "--unstable-kv", "-A", main, "serve", "--kv", ":memory:", "--root", dir],
    cwd: dir,
    stderr: "pipe",
  });
  const client = new Client({ name: "worst-case", version: "1" });
  await client.connect(transport);
  transport.stderr?.on("data", () => {});
  clients.set(who, client);
  const raw = new RawStdioServer(["--kv", ":memory:"], dir, main);
  await raw.initialize();
  raws.set(who, raw);
}

/** The same call through a client that reads replies linearly (server + pipe cost only). */
async function timedRaw(who: string, name: string, args: Record<string, unknown>) {
  const t = performance.now();
  const r = await raws.get(who)!.request("tools/call", { name, arguments: args }, 600_000);
  const ms = performance.now() - t;
  const outcome = r.error ? `error ${r.error.code}` : r.result?.isError ? "error" : "ok";
  return [ms, outcome] as const;
}

for (let round = 0; round < ROUNDS; round++) {
  for (const [who] of MAINS) {
    const c = clients.get(who)!;
    let [ms, out] = await timed(c, "load_ids", { source: MANY, source_type: "string" });
    record("load_ids, 10,000 specifications (2.7 MB)", who, ms, out);
    [ms, out] = await timed(c, "get_ids_info", {});
    record("get_ids_info, 10,000 specifications", who, ms, out);
    [ms, out] = await timedRaw(who, "load_ids", { source: MANY, source_type: "string" });
    record("load_ids, 10,000 specifications — line client", who, ms, out);
    [ms, out] = await timedRaw(who, "get_ids_info", {});
    record("get_ids_info, 10,000 specifications — line client", who, ms, out);
    [ms, out] = await timed(c, "add_specification", { name: `N${round}`, ifc_versions: ["IFC4"] });
    record("add_specification to 10,000", who, ms, out);
    [ms, out] = await timed(c, "load_ids", { source: "<![CDATA[x]]>", source_type: "string" });
    record("load_ids `<![CDATA[x]]>`", who, ms, out);
    await timed(c, "load_ids", { source: ONE, source_type: "string" });
    for (const [name, text] of Object.entries(MODELS)) {
      [ms, out] = await timed(c, "validate_ifc_model", { ifc_content: text });
      record(`validate_ifc_model: ${name}`, who, ms, out);
    }
  }
  for (const [who, main] of MAINS) {
    for (const [name, path] of Object.entries(modelPaths)) {
      const t = performance.now();
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", main, "check", idsPath, path, "--format", "json"],
        stdout: "null",
        stderr: "piped",
      }).output();
      const trace = /\n\s+at /.test(new TextDecoder().decode(r.stderr)) ? ", stack trace" : "";
      record(`main.ts check: ${name}`, who, performance.now() - t, `exit ${r.code}${trace}`);
    }
  }
}
for (const c of clients.values()) await c.close();
for (const r of raws.values()) await r.close();
await Deno.remove(dir, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const whos = MAINS.map(([w]) => w);
console.log(`| input | ${whos.map((w) => `${w}: time | ${w}: outcome`).join(" | ")} |`);
console.log(`| --- | ${whos.map(() => "---: | ---").join(" | ")} |`);
for (const [row, cells] of results) {
  const parts = whos.map((w) => {
    const c = cells.get(w)!;
    return `${fmt(median(c.ms))} | ${c.outcome}`;
  });
  console.log(`| ${row} | ${parts.join(" | ")} |`);
}
