/**
 * The two IFC tools over MCP on one big model, as a client runs them: a stdio server
 * subprocess (`main.ts serve`, `--call-timeout` raised for a 1 GB model) and the SDK client
 * with a progress token. Prints per tool the wall time, the progress notifications received
 * (count, first and last) and the outcome, and for `validate_ifc_model` whether the counts
 * equal the generator's ground truth (bench/out/m<size>.stats.json).
 *
 * Usage: deno run -A bench/mcp_big_model.ts [--mb 1000] [--call-timeout 600s]
 *
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { stdioHarness } from "../tests/mcp/_helpers.ts";
import type { GenStats } from "./gen_ifc.ts";

const ROOT = decodeURIComponent(new URL("../", import.meta.url).pathname);
const args = Deno.args;
const get = (flag: string, dflt: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : dflt;
};
const mb = get("--mb", "1000");
const timeout = get("--call-timeout", "600s");
const model = `${ROOT}bench/out/m${mb}.ifc`;
const stats = JSON.parse(await Deno.readTextFile(`${ROOT}bench/out/m${mb}.stats.json`)) as GenStats;

const h = await stdioHarness([
  "--kv",
  ":memory:",
  "--root",
  `${ROOT}bench`,
  // The model may be a symlink to another checkout's bench/out: allow where it really is.
  "--root",
  Deno.realPathSync(model).replace(/\/[^/]*$/, ""),
  "--call-timeout",
  timeout,
]);
try {
  const call = async (name: string, a: Record<string, unknown>) => {
    const progress: number[] = [];
    const t0 = performance.now();
    const r = await h.client.callTool({ name, arguments: a }, undefined, {
      onprogress: (p: { progress: number }) => progress.push(p.progress),
      timeout: 30 * 60_000,
      resetTimeoutOnProgress: true,
    }) as CallToolResult;
    const s = (performance.now() - t0) / 1000;
    const text = r.content?.[0]?.type === "text" ? r.content[0].text : "";
    console.log(
      `${name}: ${s.toFixed(1)} s, ${progress.length} progress notifications (${progress[0]} … ${
        progress.at(-1)
      }), ${r.isError ? `error: ${text.slice(0, 300)}` : "ok"}`,
    );
    return r;
  };
  await call("load_ids", { source: `${ROOT}bench/fixtures/bench20.ids`, source_type: "file" });
  const v = await call("validate_ifc_model", { ifc_file_path: model });
  const specs = (v.structuredContent as {
    report?: { specifications?: { identifier?: string; applicable: number; failed: number }[] };
  })?.report?.specifications ?? [];
  const agree = specs.filter((sp) => {
    const e = stats.expected[sp.identifier ?? ""];
    return e && e.applicable === sp.applicable && e.failed === sp.failed;
  }).length;
  console.log(`validate_ifc_model: ${agree}/${specs.length} specifications equal the ground truth`);
  const i = await call("inspect_ifc_model", { ifc_file_path: model });
  const inst = (i.structuredContent as { instances?: number })?.instances;
  console.log(
    `inspect_ifc_model: ${inst} instances (generator: ${stats.lines - 9} instance lines)`,
  );
} finally {
  await h.close();
}
