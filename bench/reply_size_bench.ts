/**
 * `validate_ifc_model` reply sizes: what an agent receives for the same checks (20 and 150
 * failing specifications on the shared `duplex.ifc`, every report format), measured over a raw
 * stdio JSON-RPC client (the SDK client drops replies above 10 MB, which is what the
 * measurement is about). Also the size of the full report behind the reply's `resource_link`
 * (`resources/read`), when the server offers one.
 *
 * With `--bomb`, also the report bomb of issue 15: 10,000 failing specifications (loaded as a
 * string) against a generated IFC4 model of 200 walls, in json and console.
 *
 * Usage: deno run -A bench/reply_size_bench.ts [--specs 20,150] [--bomb]
 *   [--main OTHER_CHECKOUT/main.ts]
 * Writes a Markdown table to stdout.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { RawStdioServer } from "../tests/fuzz/_raw_stdio.ts";
import { MAIN, REPO, syntheticModel } from "../tests/mcp/_helpers.ts";
import { failingIds } from "../tests/mcp/_report_ids.ts";

const MODELS = fileURLToPath(new URL("../../shared/ifc/models/", import.meta.url));
const MODEL = "duplex.ifc";

function arg(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

const SPECS = (arg("--specs") ?? "20,150").split(",").map(Number);
const MAIN_TS = arg("--main") ?? MAIN;
const FORMATS = ["json", "html", "console", "bcf"] as const;
const enc = new TextEncoder();
const bytes = (v: unknown) => enc.encode(typeof v === "string" ? v : JSON.stringify(v)).length;

function kb(n: number | undefined): string {
  return n === undefined
    ? "–"
    : n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(2)} MB`
    : `${(n / 1024).toFixed(1)} KB`;
}

interface Row {
  specs: string;
  format: string;
  reply?: number;
  text?: number;
  structured?: number;
  resource?: number;
  ms: number;
  note?: string;
}

const rows: Row[] = [];
/** One case: the IDS (loaded as a string), the model, the label of its rows. */
const CASES: { label: string; ids: () => string; model: Record<string, string> }[] = SPECS.map((
  n,
) => ({
  label: String(n),
  ids: () => failingIds(n),
  model: { ifc_file_path: `${MODELS}${MODEL}` },
}));
if (Deno.args.includes("--bomb")) {
  CASES.push({
    label: "10,000 × 200 walls",
    ids: () => failingIds(10_000, { version: "IFC4", classes: ["IFCWALL"] }),
    model: { ifc_content: syntheticModel(200) },
  });
}
const kv = await Deno.makeTempDir({ prefix: "reply-bench-" });
const server = new RawStdioServer(["--kv", `${kv}/kv`, "--root", MODELS], REPO, MAIN_TS);
try {
  await server.initialize();
  for (const { label: n, ids, model } of CASES) {
    const load = await server.request("tools/call", {
      name: "load_ids",
      arguments: { source: ids(), source_type: "string" },
    }, 120_000);
    if (load.result?.isError) throw new Error(JSON.stringify(load.result));
    for (const format of FORMATS) {
      const t0 = performance.now();
      const r = await server.request("tools/call", {
        name: "validate_ifc_model",
        arguments: { ...model, report_format: format },
      }, 300_000);
      const ms = Math.round(performance.now() - t0);
      const result = r.result as {
        isError?: boolean;
        content?: { type: string; text?: string; uri?: string; size?: number }[];
        structuredContent?: unknown;
      } | undefined;
      if (!result || result.isError) {
        const why = result?.content?.[0]?.text ?? r.error?.message ?? "no result";
        rows.push({ specs: n, format, ms, note: why.slice(0, 60) });
        continue;
      }
      const text = (result.content ?? []).filter((c) => c.type === "text")
        .reduce((s, c) => s + bytes(c.text ?? ""), 0);
      const link = result.content?.find((c) => c.type === "resource_link");
      let resource: number | undefined;
      if (link?.uri) {
        const read = await server.request("resources/read", { uri: link.uri }, 120_000);
        const c = (read.result as { contents?: { text?: string; blob?: string }[] })
          ?.contents?.[0];
        resource = c?.text !== undefined
          ? bytes(c.text)
          : c?.blob !== undefined
          ? Math.floor(c.blob.length * 3 / 4)
          : undefined;
      }
      rows.push({
        specs: n,
        format,
        reply: bytes(result),
        text,
        structured: result.structuredContent ? bytes(result.structuredContent) : 0,
        resource,
        ms,
      });
      console.error(`${n} specs, ${format}: ${kb(bytes(result))} in ${ms} ms`);
    }
  }
} finally {
  await server.close();
  await Deno.remove(kv, { recursive: true }).catch(() => {});
}

console.log(
  `| failing specs | format | reply | text content | structuredContent | linked report | time |`,
);
console.log(`|---:|---|---:|---:|---:|---:|---:|`);
for (const r of rows) {
  console.log(
    `| ${r.specs} | ${r.format} | ${r.note ? `refused: ${r.note}` : kb(r.reply)} | ${
      kb(r.text)
    } | ${kb(r.structured)} | ${kb(r.resource)} | ${r.ms} ms |`,
  );
}
