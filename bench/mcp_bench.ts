/**
 * MCP tool-call latency and throughput, ids-mcp against a trivial SDK server (one `echo` tool,
 * bench/mcp_trivial_server.ts) measured in the same run, over stdio and Streamable HTTP with
 * 1, 16 and 64 concurrent clients. Servers run as subprocesses so clients and servers do not
 * share an event loop; every client is a real SDK `Client`.
 *
 * Both servers run at once and the operations take turns in rounds, so that load from other
 * processes on the machine affects them alike (the ratio is the result; absolute times drift).
 *
 * ids-mcp is measured with a read (`get_ids_info`) and a write (`update_specification`) on a
 * session document of 5 specifications × 4 facets; every client has its own session (its own
 * Kv file over stdio, one shared file-backed Kv over HTTP, as deployed).
 *
 * Usage: deno run -A bench/mcp_bench.ts [--clients 1,16,64] [--transports http,stdio] [--quick]
 *   [--ids-main OTHER_CHECKOUT/main.ts]
 * Writes a Markdown table to stdout and JSON to bench/out/mcp_bench.json.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
/** `--ids-main PATH` measures another checkout's main.ts (a before/after comparison). */
const MAIN = Deno.args.includes("--ids-main")
  ? Deno.args[Deno.args.indexOf("--ids-main") + 1]
  : join(REPO, "main.ts");
const TRIVIAL = join(REPO, "bench", "mcp_trivial_server.ts");
/**
 * The bench's clients all come from 127.0.0.1 and call as fast as they can: lift the per-client
 * session and per-session call-rate limits (not known to checkouts older than them).
 */
const HTTP_LIMITS = Deno.args.includes("--ids-main") ? [] : [
  "--max-sessions-per-client",
  "100000",
  "--tool-calls-per-second",
  "1000000",
  "--requests-per-principal",
  "1000000",
];
const DENO_RUN = ["run", "--unstable-kv", "-A"];

type Transport = "stdio" | "http";
type Server = "trivial" | "ids";
interface Op {
  readonly server: Server;
  readonly label: string;
  readonly tool: string;
  args(client: number, i: number): Record<string, unknown>;
}

const OPS: Op[] = [
  { server: "trivial", label: "trivial: echo", tool: "echo", args: () => ({ text: "hello" }) },
  { server: "ids", label: "ids-mcp: get_ids_info", tool: "get_ids_info", args: () => ({}) },
  {
    server: "ids",
    label: "ids-mcp: update_specification",
    tool: "update_specification",
    args: (_c, i) => ({ spec_id: "S3", description: `revision ${i % 7}` }),
  },
];

const argv = Deno.args;
const quick = argv.includes("--quick");
const clientsArg = argv[argv.indexOf("--clients") + 1];
const CLIENT_COUNTS = argv.includes("--clients") ? clientsArg.split(",").map(Number) : [1, 16, 64];
/** Calls per client after warm-up: about the same total work at every concurrency. */
const callsPerClient = (n: number) =>
  Math.max(quick ? 10 : 25, Math.round((quick ? 200 : 800) / Math.sqrt(n) / Math.sqrt(n) * 2));
const WARMUP = quick ? 3 : 10;
const TRANSPORTS: Transport[] = argv.includes("--transports")
  ? argv[argv.indexOf("--transports") + 1].split(",") as Transport[]
  : ["http", "stdio"];

function newClient(): Client {
  return new Client({ name: "bench", version: "1.0.0" });
}

async function call(client: Client, tool: string, args: Record<string, unknown>): Promise<void> {
  const r = await client.callTool({ name: tool, arguments: args }) as CallToolResult;
  if (r.isError) throw new Error(`${tool}: ${JSON.stringify(r.content)}`);
}

/** Builds the ids-mcp session document the calls run against. */
async function seed(client: Client): Promise<void> {
  await call(client, "create_ids", { title: "Bench" });
  for (let s = 1; s <= 5; s++) {
    await call(client, "add_specification", {
      name: `Spec ${s}`,
      identifier: `S${s}`,
      ifc_versions: ["IFC4"],
    });
    await call(client, "add_entity_facet", {
      spec_id: `S${s}`,
      location: "applicability",
      entity_name: "IFCWALL",
    });
    for (const p of ["FireRating", "IsExternal", "LoadBearing"]) {
      await call(client, "add_property_facet", {
        spec_id: `S${s}`,
        location: "requirements",
        property_name: p,
        property_set: "Pset_WallCommon",
      });
    }
  }
}

interface Running {
  connect(): Promise<Client>;
  /** CPU time (user + system, ms) the server process used so far; HTTP only (one process). */
  cpuMs(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** User + system CPU ms of a process, from /proc (Linux); undefined elsewhere. */
async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks at 100 Hz
  } catch {
    return undefined;
  }
}

async function waitListening(child: Deno.ChildProcess): Promise<string> {
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${seen}`);
    seen += value;
    const url = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
    if (url) {
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })().catch(() => {});
      return url;
    }
  }
}

async function startServer(server: Server, transport: Transport, dir: string): Promise<Running> {
  if (transport === "http") {
    const args = server === "trivial" ? [...DENO_RUN, TRIVIAL, "--http", "0"] : [
      ...DENO_RUN,
      MAIN,
      "serve",
      "--http",
      "--port",
      "0",
      "--kv",
      join(dir, "http.kv"),
      ...HTTP_LIMITS,
    ];
    const child = new Deno.Command(Deno.execPath(), {
      args,
      cwd: REPO,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const url = new URL(await waitListening(child));
    return {
      connect: async () => {
        const c = newClient();
        await c.connect(new StreamableHTTPClientTransport(url));
        return c;
      },
      cpuMs: () => processCpuMs(child.pid),
      stop: async () => {
        child.kill("SIGTERM");
        await child.status;
      },
    };
  }
  let n = 0;
  return {
    connect: async () => {
      const args = server === "trivial"
        ? [...DENO_RUN, TRIVIAL]
        : [...DENO_RUN, MAIN, "serve", "--kv", join(dir, `stdio-${n++}.kv`)];
      const t = new StdioClientTransport({
        command: Deno.execPath(),
        args,
        cwd: REPO,
        stderr: "ignore",
      });
      const c = newClient();
      await c.connect(t);
      return c;
    },
    cpuMs: () => Promise.resolve(undefined),
    stop: () => Promise.resolve(),
  };
}

interface Row {
  transport: Transport;
  clients: number;
  op: string;
  calls: number;
  medianMs: number;
  p99Ms: number;
  callsPerSec: number;
  /** Server CPU per call (µs) while this operation ran; HTTP only. */
  serverCpuUs?: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

const ROUNDS = quick ? 2 : 5;

/**
 * One transport × client count: both servers run side by side with `n` clients each, and the
 * three operations take turns in `ROUNDS` rounds (rotating which goes first), so load from
 * anything else on the machine hits them alike.
 */
async function scenario(transport: Transport, n: number, dir: string): Promise<Row[]> {
  const servers = {
    trivial: await startServer("trivial", transport, dir),
    ids: await startServer("ids", transport, dir),
  };
  const clients: Record<Server, Client[]> = { trivial: [], ids: [] };
  try {
    // Connect in small batches: 64 stdio children starting at once only measure startup.
    for (const kind of ["trivial", "ids"] as const) {
      for (let i = 0; i < n; i += 8) {
        clients[kind].push(
          ...await Promise.all(
            Array.from({ length: Math.min(8, n - i) }, () => servers[kind].connect()),
          ),
        );
      }
    }
    await Promise.all(clients.ids.map(seed));
    for (const op of OPS) {
      await Promise.all(clients[op.server].map(async (c, ci) => {
        for (let i = 0; i < WARMUP; i++) await call(c, op.tool, op.args(ci, i));
      }));
    }
    const per = Math.max(1, Math.round(callsPerClient(n) / ROUNDS));
    const stats = OPS.map(() => ({ latencies: [] as number[], elapsed: 0, cpu: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < OPS.length; k++) {
        const index = (round + k) % OPS.length;
        const op = OPS[index];
        const st = stats[index];
        const cpu0 = await servers[op.server].cpuMs();
        const t0 = performance.now();
        await Promise.all(clients[op.server].map(async (c, ci) => {
          for (let i = 0; i < per; i++) {
            const s = performance.now();
            await call(c, op.tool, op.args(ci, round * per + i));
            st.latencies.push(performance.now() - s);
          }
        }));
        st.elapsed += performance.now() - t0;
        const cpu1 = await servers[op.server].cpuMs();
        st.cpu = cpu0 === undefined || cpu1 === undefined ? NaN : st.cpu + cpu1 - cpu0;
      }
    }
    return OPS.map((op, i) => {
      const lat = stats[i].latencies.sort((a, b) => a - b);
      return {
        transport,
        clients: n,
        op: op.label,
        calls: lat.length,
        medianMs: quantile(lat, 0.5),
        p99Ms: quantile(lat, 0.99),
        callsPerSec: lat.length / (stats[i].elapsed / 1000),
        serverCpuUs: Number.isNaN(stats[i].cpu) ? undefined : stats[i].cpu * 1000 / lat.length,
      };
    });
  } finally {
    await Promise.all(
      [...clients.trivial, ...clients.ids].map((c) => c.close().catch(() => {})),
    );
    await servers.trivial.stop();
    await servers.ids.stop();
  }
}

const f1 = (x: number) => x.toFixed(x < 10 ? 2 : 1);

if (import.meta.main) {
  const dir = await Deno.makeTempDir({ prefix: "ids-mcp-bench-" });
  const rows: Row[] = [];
  try {
    for (const transport of TRANSPORTS) {
      for (const n of CLIENT_COUNTS) {
        for (const row of await scenario(transport, n, dir)) {
          rows.push(row);
          console.error(
            `${transport} ${n} ${row.op}: median ${f1(row.medianMs)} ms, p99 ${f1(row.p99Ms)} ms, ${
              row.callsPerSec.toFixed(0)
            } calls/s`,
          );
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  const lines = [
    "| transport | clients | tool call | calls | median ms | p99 ms | calls/s | median vs trivial | server CPU µs/call |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const base = rows.find((b) =>
      b.transport === r.transport && b.clients === r.clients && b.op.startsWith("trivial")
    )!;
    lines.push(
      `| ${r.transport} | ${r.clients} | ${r.op} | ${r.calls} | ${f1(r.medianMs)} | ${
        f1(r.p99Ms)
      } | ${r.callsPerSec.toFixed(0)} | ${(r.medianMs / base.medianMs).toFixed(2)}x | ${
        r.serverCpuUs === undefined ? "–" : r.serverCpuUs.toFixed(0)
      } |`,
    );
  }
  console.log(lines.join("\n"));
  await Deno.mkdir(join(REPO, "bench", "out"), { recursive: true });
  await Deno.writeTextFile(
    join(REPO, "bench", "out", "mcp_bench.json"),
    JSON.stringify({ date: new Date().toISOString(), deno: Deno.version.deno, rows }, null, 2),
  );
}
