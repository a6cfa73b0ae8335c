/**
 * How many bytes `tools/list` costs an agent, and where they go: the list as the SDK client
 * receives it from a real stdio server, as compact JSON, split into descriptions, input
 * schemas, output schemas and the rest (names, titles, annotations). Numbers in BENCHMARKS.md
 * ("tools/list size"); the budget itself is held by tests/mcp/tools_list_test.ts.
 *
 * `deno run -A --unstable-kv bench/tools_list_size.ts [--json FILE]` (FILE: a saved tools/list
 * result to measure instead, e.g. one from an older commit).
 *
 * @module
 */
import { stdioHarness } from "../tests/mcp/_helpers.ts";

interface Tool {
  name: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
}

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

async function toolsList(): Promise<{ tools: Tool[] }> {
  const file = Deno.args.indexOf("--json");
  if (file >= 0) return JSON.parse(await Deno.readTextFile(Deno.args[file + 1]));
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    return await h.client.listTools() as { tools: Tool[] };
  } finally {
    await h.close();
  }
}

const list = await toolsList();
const parts = { descriptions: 0, inputSchemas: 0, outputSchemas: 0 };
const rows: [string, number][] = [];
for (const t of list.tools) {
  parts.descriptions += bytes(t.description ?? "");
  parts.inputSchemas += bytes(t.inputSchema);
  parts.outputSchemas += t.outputSchema ? bytes(t.outputSchema) : 0;
  rows.push([t.name, bytes(t)]);
}
const total = bytes(list);
const rest = total - parts.descriptions - parts.inputSchemas - parts.outputSchemas;
console.log(`tools: ${list.tools.length}, tools/list: ${total} bytes`);
for (const [k, v] of Object.entries({ ...parts, "names, titles, annotations": rest })) {
  console.log(`  ${k}: ${v} bytes (${(100 * v / total).toFixed(0)} %)`);
}
rows.sort((a, b) => b[1] - a[1]);
console.log("largest:", rows.slice(0, 5).map(([n, b]) => `${n} ${b}`).join(", "));
