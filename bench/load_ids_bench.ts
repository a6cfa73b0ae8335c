/**
 * `load_ids` of a 20,000-specification IDS through the MCP SDK client (issue 16), and the calls
 * an agent makes next on such a document: get_ids_info, validate_ids, export_ids (to a file: the
 * canonical XML is above the reply cap), an update_facet and an add_property_facet. Each run
 * spawns a fresh `serve` over stdio (`--kv :memory:`) and times every call as the client sees
 * it (wall), with the server's CPU time over the call (utime + stime from /proc) and the reply
 * size; the table gives the median of the runs.
 *
 *     deno run -A bench/ids_gen_big.ts            # bench/out/ids20k.ids (once)
 *     deno run -A bench/load_ids_bench.ts [runs=3] [file=bench/out/ids20k.ids] [--prof DIR]
 *
 * The server runs with the shipped V8 flags (`--v8-flags LIST` for others, `none` for V8's own).
 * `--json FILE` also writes the samples as JSON. `--idle MS` waits that long after connecting
 * before the first call (default: none). `--prof DIR` runs the server with `--cpu-prof --cpu-prof-dir=DIR`; `--only REGEX` times only
 * the calls whose label matches; `--repeat N` makes each call N times in a row in the same
 * server (labels `#2`… for the repeats: the first is cold, the next warm).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { RUN_FLAGS } from "../scripts/flags.ts";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

const args = [...Deno.args];
const profAt = args.indexOf("--prof");
const profDir = profAt >= 0 ? args.splice(profAt, 2)[1] : undefined;
const onlyAt = args.indexOf("--only");
/** `--only REGEX`: time only the calls whose label matches (e.g. to profile load_ids alone). */
const only = onlyAt >= 0 ? new RegExp(args.splice(onlyAt, 2)[1]) : undefined;
const jsonAt = args.indexOf("--json");
/** `--json FILE`: also write every sample there (to merge runs of two checkouts). */
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const v8At = args.indexOf("--v8-flags");
/**
 * `--v8-flags LIST`: the server's V8 flags (default: the shipped ones, scripts/flags.ts, as a
 * user runs it; `none` for V8's defaults).
 */
const v8Flags = v8At >= 0
  ? args.splice(v8At, 2)[1]
  : RUN_FLAGS.find((f) => f.startsWith("--v8-flags="))?.slice("--v8-flags=".length) ?? "none";
const idleAt = args.indexOf("--idle");
/**
 * `--idle MS`: wait this long after connecting before the first call (a client's user types
 * before the first call; the server warms up meanwhile). Default 0: the first call follows the
 * handshake at once.
 */
const idleMs = idleAt >= 0 ? Number(args.splice(idleAt, 2)[1]) : 0;
const repeatAt = args.indexOf("--repeat");
/** `--repeat N`: each call N times in a row (cold, then warm). */
const repeat = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 1;
const runs = Number(args[0] ?? 3);
const file = await Deno.realPath(
  args[1] ?? fileURLToPath(new URL("out/ids20k.ids", import.meta.url)),
);
const xml = await Deno.readTextFile(file);
const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "load-ids-bench-" }));

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime of process `pid` in ms (0 when /proc is missing). */
function cpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

interface Sample {
  wall: number;
  cpu: number;
  bytes: number;
  error?: string;
}

async function call(
  client: Client,
  pid: number | null,
  name: string,
  args: Record<string, unknown>,
): Promise<Sample> {
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  const r = await client.callTool({ name, arguments: args }, undefined, {
    timeout: 600_000,
  }) as CallToolResult;
  const wall = performance.now() - t0;
  const cpu = cpuMs(pid) - cpu0;
  const text = r.content?.[0]?.type === "text" ? r.content[0].text : "";
  const bytes = JSON.stringify(r).length;
  // A refused call is timed too (get_ids_info over the reply cap is a finding of its own).
  const error = r.isError ? text.slice(0, 40) : undefined;
  if (error) console.error(`${name}: ${text.slice(0, 300)}`);
  return { wall, cpu, bytes, error };
}

const CALLS = [
  ["load_ids (content)", "load_ids", { source: xml, source_type: "string" }],
  ["load_ids (path)", "load_ids", { source: file, source_type: "file" }],
  ["get_ids_info", "get_ids_info", {}],
  ["validate_ids", "validate_ids", {}],
  ["export_ids (file)", "export_ids", {
    output_path: `${dir}/out.ids`,
    overwrite: true,
  }],
  ["update_facet", "update_facet", {
    spec_id: "S10000",
    location: "applicability",
    facet_index: 0,
    entity_name: "IFCSLAB",
  }],
  ["add_property_facet", "add_property_facet", {
    spec_id: "S10000",
    location: "requirements",
    property_set: "Pset_SlabCommon",
    property_name: "IsExternal",
    data_type: "IFCBOOLEAN",
  }],
] as const;

const samples = new Map<string, Sample[]>();
for (let run = 0; run < runs; run++) {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: [
      "run",
      "--unstable-kv",
      "-A",
      ...(v8Flags === "none" ? [] : [`--v8-flags=${v8Flags}`]),
      ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : []),
      MAIN,
      "serve",
      "--kv",
      ":memory:",
      "--root",
      dir,
      "--root",
      REPO,
    ],
    cwd: REPO,
    stderr: "pipe",
    env: { ...Deno.env.toObject(), NO_COLOR: "1" },
  });
  const client = new Client({ name: "load-ids-bench", version: "1.0.0" });
  await client.connect(transport);
  transport.stderr?.on("data", () => {});
  const pid = transport.pid;
  if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
  for (const [label, name, a] of CALLS) {
    if (only && !only.test(label)) continue;
    for (let k = 1; k <= repeat; k++) {
      const s = await call(client, pid, name, a as Record<string, unknown>);
      const key = k === 1 ? label : `${label} #${k}`;
      samples.set(key, [...(samples.get(key) ?? []), s]);
    }
  }
  await client.close();
}
await Deno.remove(dir, { recursive: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};
const load = Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(
  `${file}: ${new TextEncoder().encode(xml).length} bytes; ${runs} runs; ` +
    `${idleMs} ms idle before the first call; load average ${load}`,
);
console.log("| call | wall median (ms) | wall runs (ms) | server CPU median (ms) | reply bytes |");
console.log("| ---- | ---------------: | -------------- | ---------------------: | ----------: |");
for (const [label, s] of samples) {
  console.log(
    `| ${label} | ${median(s.map((x) => x.wall)).toFixed(0)} | ${
      s.map((x) => x.wall.toFixed(0)).join(", ")
    } | ${median(s.map((x) => x.cpu)).toFixed(0)} | ${s[0].error ?? s[0].bytes} |`,
  );
}
if (jsonOut) await Deno.writeTextFile(jsonOut, JSON.stringify(Object.fromEntries(samples)));
