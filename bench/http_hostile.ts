/**
 * Hostile loads against a spawned `serve --http` (loopback, not run in CI), and what a
 * bystander on another loopback address notices meanwhile:
 *
 * - `batch`: a client loads a large IDS document (`--doc-mb`, default 5) and posts, one after
 *   the other, `--rounds` batches of `--batch` `resources/read` of it (each reply the whole
 *   document).
 * - `flood`: a client posts `notifications/initialized` from `--flooders` concurrent loops for
 *   `--seconds`.
 *
 * Reports per load: the server's peak RSS (VmHWM from /proc), its RSS afterwards, how the
 * attacker's requests were answered (status counts, or "no answer" after 60 s), the rate of
 * accepted notifications, and the bystander's `get_ids_info` latency (p50/p95, one call every
 * 100 ms from 127.0.0.2).
 *
 * Usage: deno run -A bench/http_hostile.ts [--doc-mb 5] [--batch 100] [--rounds 3]
 *   [--seconds 5] [--flooders 8] [--only batch|flood] [-- server args…]
 *
 * @module
 */
import { spawnServe } from "./_http_server.ts";
import { HEADERS, initialize, post, postFrom, toolCall } from "../tests/http/_server.ts";
import { writeIds } from "../src/ids/xml.ts";
import { bigDoc } from "../tests/session/_helpers.ts";
import { memoryMb, percentile } from "../tests/http/_bystander.ts";

const argv = Deno.args;
const dash = argv.indexOf("--");
const own = dash < 0 ? argv : argv.slice(0, dash);
const serverArgs = dash < 0 ? [] : argv.slice(dash + 1);
const arg = (name: string, fallback: string) =>
  own.includes(name) ? own[own.indexOf(name) + 1] : fallback;
const DOC_MB = Number(arg("--doc-mb", "5"));
const BATCH = Number(arg("--batch", "100"));
const ROUNDS = Number(arg("--rounds", "3"));
const SECONDS = Number(arg("--seconds", "5"));
const FLOODERS = Number(arg("--flooders", "8"));
const ONLY = arg("--only", "");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's peak and current RSS, rounded, for a result row. */
async function rssMb(pid: number) {
  const m = await memoryMb(pid);
  return { peak_rss_mb: Math.round(m.peak), rss_after_mb: Math.round(m.now) };
}

async function start() {
  const { child, port } = spawnServe(
    ["--kv", ":memory:", "--log-level", "warn", ...serverArgs],
    "piped",
  );
  const listening = Promise.withResolvers<void>();
  let log = "";
  (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      if (chunk.includes("listening on")) listening.resolve();
      if (log.length < 20_000) log += chunk;
    }
  })();
  await listening.promise;
  return { child, url: new URL(`http://127.0.0.1:${port}/mcp`), log: () => log };
}

/** Calls get_ids_info from 127.0.0.2 every 100 ms until `stop`; returns latencies in ms. */
async function bystander(url: URL, stop: { done: boolean }) {
  const init = await postFrom(url, "127.0.0.2", {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: HEADERS["mcp-protocol-version"],
      capabilities: {},
      clientInfo: { name: "bystander", version: "1" },
    },
  });
  const session = init.headers.get("mcp-session-id")!;
  const h = { "mcp-session-id": session };
  await postFrom(url, "127.0.0.2", toolCall(2, "create_ids", { title: "bystander" }), h);
  const ms: number[] = [];
  const failures: Record<string, number> = {};
  for (let i = 3; !stop.done; i++) {
    const t0 = performance.now();
    const res = await postFrom(url, "127.0.0.2", toolCall(i, "get_ids_info"), h);
    ms.push(performance.now() - t0);
    if (res.status !== 200) failures[res.status] = (failures[res.status] ?? 0) + 1;
    await sleep(100);
  }
  return { ms, failures };
}

function pct(values: number[], p: number): number {
  return Math.round(percentile(values, p * 100) * 10) / 10;
}

async function batchLoad() {
  const server = await start();
  // Synthetic, so that every checkout measures the same document.
  const xml = writeIds(bigDoc(DOC_MB * 1024 * 1024 * 0.75, "big"));
  const session = await initialize(server.url);
  const h = { "mcp-session-id": session };
  const load = await post(
    server.url,
    toolCall(2, "load_ids", { source: xml, source_type: "string" }),
    h,
  );
  await load.body?.cancel();
  const stop = { done: false };
  const watching = bystander(server.url, stop);
  await sleep(500);
  const statuses: string[] = [];
  const batch = Array.from({ length: BATCH }, (_, i) => ({
    jsonrpc: "2.0",
    id: 100 + i,
    method: "resources/read",
    params: { uri: "ids://session/document" },
  }));
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 60_000);
    try {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { ...HEADERS, ...h },
        body: JSON.stringify(batch),
        signal: ac.signal,
      });
      const text = await res.text();
      statuses.push(`${res.status} (${(text.length / 1e6).toFixed(1)} MB)`);
    } catch {
      statuses.push("no answer");
    }
    clearTimeout(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  await sleep(1000);
  stop.done = true;
  const seen = await watching;
  const out = {
    load: `batch of ${BATCH} resources/read × ${ROUNDS}`,
    doc_mb: Math.round(xml.length / 1e5) / 10,
    attacker: statuses.join(", "),
    seconds: Math.round(seconds * 10) / 10,
    ...await rssMb(server.child.pid),
    bystander_p50_ms: pct(seen.ms, 0.5),
    bystander_p95_ms: pct(seen.ms, 0.95),
    bystander_calls: seen.ms.length,
    bystander_failures: seen.failures,
    alive: await Promise.race([server.child.status.then(() => false), sleep(10).then(() => true)]),
  };
  server.child.kill("SIGKILL");
  await server.child.status;
  return out;
}

async function floodLoad() {
  const server = await start();
  const session = await initialize(server.url);
  const h = { "mcp-session-id": session };
  const stop = { done: false };
  const watching = bystander(server.url, stop);
  await sleep(500);
  const counts: Record<string, number> = {};
  const until = performance.now() + SECONDS * 1000;
  const body = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
  await Promise.all(Array.from({ length: FLOODERS }, async () => {
    while (performance.now() < until) {
      const res = await fetch(server.url, { method: "POST", headers: { ...HEADERS, ...h }, body });
      await res.body?.cancel();
      counts[res.status] = (counts[res.status] ?? 0) + 1;
    }
  }));
  await sleep(500);
  stop.done = true;
  const seen = await watching;
  const out = {
    load: `notifications/initialized from ${FLOODERS} loops for ${SECONDS} s`,
    attacker: counts,
    accepted_per_s: Math.round((counts[202] ?? 0) / SECONDS),
    ...await rssMb(server.child.pid),
    bystander_p50_ms: pct(seen.ms, 0.5),
    bystander_p95_ms: pct(seen.ms, 0.95),
    bystander_calls: seen.ms.length,
    bystander_failures: seen.failures,
  };
  server.child.kill("SIGKILL");
  await server.child.status;
  return out;
}

if (ONLY !== "flood") console.log(JSON.stringify(await batchLoad()));
if (ONLY !== "batch") console.log(JSON.stringify(await floodLoad()));
