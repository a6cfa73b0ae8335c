/**
 * Storage quotas and the session churn limit, before and after, in one run (BENCHMARKS.md
 * "Storage quotas"). `--baseline DIR` is a checkout from before the quotas (e.g.
 * `git archive <commit> | tar -x -C DIR && (cd DIR && deno install --frozen)`); its session
 * store and its `main.ts` run side by side with this checkout's.
 *
 * 1. The cost of the accounting on the update path: updates of a 20 KB and a 1 MB document and
 *    a create + load + delete cycle, on a temp-file Kv, baseline and current store taking turns
 *    in rounds (so load from other jobs hits both alike).
 * 2. A hostile HTTP client against a real server process (file Kv, default options unless
 *    said): (a) 15 MB incompressible IDS files into fresh sessions (the pattern,
 *    fewer sessions); (b) 6 MB ones into 12 sessions against `--max-store-bytes 32MiB` (the
 *    1 GiB default scaled down with the attack); (c) initialize + DELETE as fast as it can for
 *    5 s. Reported: Kv file bytes (with its WAL) afterwards, loads accepted, sessions created.
 *
 * `deno run --unstable-kv -A bench/quota_bench.ts --baseline DIR [--quick]
 * [--parts update,hostile,churn]`
 *
 * @module
 */
import { join } from "node:path";
import { SessionStore } from "../src/session/kv_store.ts";
import { formatBytes } from "../src/session/chunks.ts";
import { realisticDoc, retitle } from "./session_fixtures.ts";
import { noisyIdsXml, spec, withSpec } from "../tests/session/_helpers.ts";
import { HttpClient, spawnHttpServer } from "../tests/_spawn.ts";
import { MAIN } from "../tests/mcp/_helpers.ts";
import { freePort } from "../tests/http/_server.ts";

const args = Deno.args;
const baselineDir = args[args.indexOf("--baseline") + 1];
if (!args.includes("--baseline") || !baselineDir) {
  console.error("usage: bench/quota_bench.ts --baseline DIR [--quick]");
  Deno.exit(2);
}
const quick = args.includes("--quick");
const partsArg = args.includes("--parts") ? args[args.indexOf("--parts") + 1] : "";
const parts = new Set(partsArg ? partsArg.split(",") : ["update", "hostile", "churn"]);
const ROUNDS = quick ? 2 : 5;
const PER_ROUND = quick ? 60 : 200;

type StoreClass = typeof SessionStore;
const Baseline = (await import(join(baselineDir, "src/session/kv_store.ts")))
  .SessionStore as StoreClass;

interface Stats {
  median: number;
  p99: number;
}
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p99: at(0.99) };
}
const ms = (x: number) => x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(2)} ms`;

async function kvBytes(path: string): Promise<number> {
  let n = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      n += (await Deno.stat(path + suffix)).size;
    } catch {
      // not there
    }
  }
  return n;
}

// --- 1. update path -------------------------------------------------------------------------

async function updatePath(): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "ids-mcp-quota-bench-" });
  const small = realisticDoc(20_000);
  const big = realisticDoc(1_000_000);
  const sides = await Promise.all(
    [["before", Baseline], ["after", SessionStore]].map(async ([name, Store]) => {
      const store = await (Store as StoreClass).open(join(dir, `${name}.kv`));
      await store.create("small");
      await store.update("small", () => ({ doc: small, result: 0 }));
      await store.create("grow");
      await store.update("grow", () => ({ doc: small, result: 0 }));
      await store.create("big");
      await store.update("big", () => ({ doc: big, result: 0 }));
      return { name: name as string, store };
    }),
  );
  const ops: Record<string, (s: SessionStore, i: number) => Promise<unknown>> = {
    "update 20 KB": (s, i) => s.update("small", (d) => ({ doc: retitle(d, i), result: 0 })),
    // Every edit grows the document: the quota checks (usage list + counter read) always run.
    "update 20 KB, growing (add a spec)": (s, i) =>
      s.update("grow", (d) => ({ doc: withSpec(d, spec(`G${i}`)), result: 0 })),
    "update 1 MB": (s, i) => s.update("big", (d) => ({ doc: retitle(d, i), result: 0 })),
    "create + 20 KB load + delete": async (s, i) => {
      const id = `cycle-${i}`;
      await s.create(id);
      await s.update(id, () => ({ doc: small, result: 0 }));
      await s.delete(id);
    },
  };
  const samples = new Map<string, number[]>();
  let i = 0;
  // Paired: each iteration runs the operation on both stores back to back (alternating which
  // goes first), so load from other jobs on the shared machine hits both alike.
  const paired = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [op, run] of Object.entries(ops)) {
      const n = op === "update 1 MB" ? Math.ceil(PER_ROUND / 10) : PER_ROUND;
      for (let k = 0; k < n; k++) {
        const order = (round + k) % 2 ? [...sides].reverse() : sides;
        const took: Record<string, number> = {};
        const at = i++;
        for (const side of order) {
          const t = performance.now();
          await run(side.store, at);
          took[side.name] = performance.now() - t;
          const key = `${op}|${side.name}`;
          samples.set(key, [...(samples.get(key) ?? []), took[side.name]]);
        }
        paired.set(op, [...(paired.get(op) ?? []), took.after / took.before]);
      }
    }
  }
  for (const side of sides) side.store.close();
  await Deno.remove(dir, { recursive: true });
  const rows = [
    "| operation (file Kv) | before median | before p99 | after median | after p99 | after ÷ before, median of pairs |",
    "| --- | --: | --: | --: | --: | --: |",
  ];
  for (const op of Object.keys(ops)) {
    const b = stats(samples.get(`${op}|before`)!);
    const a = stats(samples.get(`${op}|after`)!);
    rows.push(
      `| ${op} | ${ms(b.median)} | ${ms(b.p99)} | ${ms(a.median)} | ${ms(a.p99)} | ${
        stats(paired.get(op)!).median.toFixed(2)
      }× |`,
    );
  }
  return rows;
}

// --- 2. hostile client ----------------------------------------------------------------------

interface Hostile {
  readonly accepted: number;
  readonly refused: number;
  readonly kvBytes: number;
  readonly seconds: number;
  readonly note: string;
}

async function withServer<T>(
  main: string,
  extra: string[],
  run: (url: string, kvPath: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "ids-mcp-quota-hostile-" });
  const kvPath = join(dir, "sessions.kv");
  const server = await spawnHttpServer(Deno.execPath(), [
    "run",
    "--unstable-kv",
    "-A",
    main,
    "serve",
    "--http",
    "--port",
    String(freePort()),
    "--kv",
    kvPath,
    "--log-level",
    "error",
    "--max-sessions-per-client",
    "1000",
    ...extra,
  ]);
  try {
    return await run(server.url, kvPath);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function loads(main: string, extra: string[], docs: string[]): Promise<Hostile> {
  return await withServer(main, extra, async (url, kvPath) => {
    let accepted = 0;
    let refused = 0;
    let note = "";
    const t = performance.now();
    for (const xml of docs) {
      const client = new HttpClient(url);
      await client.initialize();
      const r = await client.call("load_ids", { source_type: "string", source: xml });
      if (r.isError) {
        refused++;
        note ||= (r.content?.[0]?.text ?? "").slice(0, 90);
      } else accepted++;
    }
    const seconds = (performance.now() - t) / 1000;
    return { accepted, refused, kvBytes: await kvBytes(kvPath), seconds, note };
  });
}

async function churn(main: string): Promise<{ created: number; refused: number }> {
  return await withServer(main, [], async (url) => {
    let created = 0;
    let refused = 0;
    const until = performance.now() + 5_000;
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "churn", version: "1" },
      },
    };
    while (performance.now() < until) {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          accept: "application/json, text/event-stream",
          "content-type": "application/json",
        },
        body: JSON.stringify(init),
      });
      await res.body?.cancel();
      const id = res.headers.get("mcp-session-id");
      if (res.status !== 200 || !id) {
        refused++;
        continue;
      }
      created++;
      const del = await fetch(url, { method: "DELETE", headers: { "mcp-session-id": id } });
      await del.body?.cancel();
    }
    return { created, refused };
  });
}

const baselineMain = join(baselineDir, "main.ts");
const out: string[] = [];
if (parts.has("update")) {
  console.error("update path…");
  out.push(...await updatePath(), "");
}

if (parts.has("hostile")) {
  const hostileRows = [
    "| hostile client | server | loads accepted | refused | Kv file afterwards | time |",
    "| --- | --- | --: | --: | --: | --: |",
  ];
  const big = Array.from(
    { length: quick ? 2 : 4 },
    (_, i) => noisyIdsXml(15_000_000, `big ${i}`, i + 1, 4000),
  );
  console.error("15 MB loads…");
  for (const [name, main] of [["before", baselineMain], ["after", MAIN]]) {
    const r = await loads(main, [], big);
    hostileRows.push(
      `| ${big.length} × 15 MB IDS | ${name} (defaults) | ${r.accepted} | ${r.refused} | ${
        formatBytes(r.kvBytes)
      } | ${r.seconds.toFixed(1)} s |`,
    );
    if (r.note) console.error(`  ${name}: ${r.note}`);
  }
  big.length = 0;
  const mid = Array.from(
    { length: quick ? 6 : 12 },
    (_, i) => noisyIdsXml(6_000_000, `mid ${i}`, i + 1, 4000),
  );
  console.error("6 MB loads…");
  for (
    const [name, main, extra] of [
      ["before", baselineMain, []],
      ["after", MAIN, ["--max-store-bytes", "32MiB"]],
    ] as const
  ) {
    const r = await loads(main, [...extra], mid);
    hostileRows.push(
      `| ${mid.length} × 6 MB IDS | ${name}${
        extra.length ? " (--max-store-bytes 32MiB)" : ""
      } | ${r.accepted} | ${r.refused} | ${formatBytes(r.kvBytes)} | ${r.seconds.toFixed(1)} s |`,
    );
    if (r.note) console.error(`  ${name}: ${r.note}`);
  }
  out.push(...hostileRows, "");
}

if (parts.has("churn")) {
  console.error("churn…");
  out.push(
    "| initialize + DELETE for 5 s, one client | sessions created | initialize refused (429) |",
    "| --- | --: | --: |",
  );
  for (const [name, main] of [["before", baselineMain], ["after (defaults)", MAIN]]) {
    const r = await churn(main);
    out.push(`| ${name} | ${r.created} (${(r.created / 5).toFixed(0)}/s) | ${r.refused} |`);
  }
}
console.log(out.join("\n"));
