/**
 * Load test of the Streamable HTTP server on loopback (not run in CI): a spawned
 * `main.ts serve --http` with a file-backed Kv, and N concurrent clients (default 200), each
 * with its own session, making M tool calls (default 50) alternating writes
 * (`add_specification`) and reads (`get_ids_info`, which must already show every earlier write
 * of that client). At the end every client's document must hold exactly its writes (no lost
 * updates), every request must have succeeded, and the server must have written one access-log
 * line per request. Raw `fetch` keeps the client side light (the machine is shared).
 *
 * `--soak-minutes X` repeats the whole round (new sessions each time, ended with DELETE) for X
 * minutes and samples the server's RSS from /proc every 5 s: after a warm-up (the first
 * quarter, at least one round) memory must stay flat.
 *
 * Usage: deno run -A bench/http_load.ts [--clients 200] [--calls 50] [--soak-minutes 10]
 *   [--out bench/out/http_load.json]
 * Prints a summary to stdout and writes the figures (and the RSS series) as JSON.
 *
 * @module
 */
import { join } from "node:path";
import { REPO, rssMb, spawnServe } from "./_http_server.ts";

const argv = Deno.args;
const arg = (name: string, fallback: string) =>
  argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback;
const CLIENTS = Number(arg("--clients", "200"));
const CALLS = Number(arg("--calls", "50"));
const SOAK_MIN = Number(arg("--soak-minutes", "0"));
const OUT = arg("--out", join(REPO, "bench", "out", "http_load.json"));

const HEADERS = {
  accept: "application/json, text/event-stream",
  "content-type": "application/json",
  "mcp-protocol-version": "2025-06-18",
};

interface Tally {
  requests: number;
  errors: string[];
  lost: number;
  latencies: number[];
}

async function rpc(
  url: URL,
  body: unknown,
  session: string | undefined,
  t: Tally,
): Promise<{ res: Response; json?: Record<string, unknown> }> {
  const start = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: session ? { ...HEADERS, "mcp-session-id": session } : HEADERS,
    body: JSON.stringify(body),
  });
  const text = await res.text();
  t.latencies.push(performance.now() - start);
  t.requests++;
  if (res.status !== 200 && res.status !== 202) {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  return { res, json: text ? JSON.parse(text) : undefined };
}

async function tool(
  url: URL,
  session: string,
  id: number,
  name: string,
  args: Record<string, unknown>,
  t: Tally,
): Promise<Record<string, unknown>> {
  const { json } = await rpc(
    url,
    {
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name, arguments: args },
    },
    session,
    t,
  );
  const result = json?.result as
    | { isError?: boolean; structuredContent?: Record<string, unknown>; content?: unknown }
    | undefined;
  if (!result || result.isError) throw new Error(`${name}: ${JSON.stringify(json).slice(0, 200)}`);
  return result.structuredContent ?? {};
}

/** One client: a session, CALLS calls alternating write/read, a final check, DELETE. */
async function client(url: URL, c: number, t: Tally): Promise<void> {
  try {
    const { res } = await rpc(
      url,
      {
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: `load-${c}`, version: "1" },
        },
      },
      undefined,
      t,
    );
    const session = res.headers.get("mcp-session-id")!;
    await rpc(url, { jsonrpc: "2.0", method: "notifications/initialized" }, session, t);
    await tool(url, session, 1, "create_ids", { title: `Client ${c}` }, t);
    const written: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      if (i % 2 === 0) {
        const name = `C${c}-S${i}`;
        await tool(url, session, 10 + i, "add_specification", {
          name,
          ifc_versions: ["IFC4"],
        }, t);
        written.push(name);
      } else {
        const info = await tool(url, session, 10 + i, "get_ids_info", {}, t);
        if (info.specification_count !== written.length) {
          t.errors.push(
            `client ${c}: read ${info.specification_count} specs after ${written.length} writes`,
          );
        }
      }
    }
    const final = await tool(url, session, 9999, "get_ids_info", {}, t);
    const names = (final.specifications as { name: string }[]).map((s) => s.name);
    const missing = written.filter((n) => !names.includes(n));
    t.lost += missing.length + (names.length - written.length + missing.length);
    const del = await fetch(url, { method: "DELETE", headers: { "mcp-session-id": session } });
    await del.body?.cancel();
    t.requests++;
    if (del.status !== 200) t.errors.push(`client ${c}: DELETE ${del.status}`);
  } catch (e) {
    t.errors.push(`client ${c}: ${(e as Error).message}`);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main() {
  const dir = await Deno.makeTempDir({ prefix: "ids-mcp-load-" });
  const { child, port } = spawnServe([
    "--kv",
    join(dir, "load.kv"),
    // Every client comes from 127.0.0.1 and calls as fast as it can: lift those limits.
    "--max-sessions-per-client",
    String(CLIENTS * 2),
    "--tool-calls-per-second",
    "100000",
    "--requests-per-principal",
    "100000",
  ], "piped");
  let accessLines = 0;
  let otherLines = "";
  const listening = Promise.withResolvers<void>();
  (async () => {
    let buf = "";
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('{"time"') && l.includes('"status"')) accessLines++;
        else if (l.includes("listening on")) listening.resolve();
        else if (otherLines.length < 4000) otherLines += l + "\n";
      }
    }
  })();
  await listening.promise;
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const rss: { t: number; mb: number }[] = [];
  const t0 = performance.now();
  const sample = () => rss.push({ t: (performance.now() - t0) / 1000, mb: rssMb(child.pid) });
  sample();
  const sampler = setInterval(sample, 5_000);

  const rounds: {
    round: number;
    seconds: number;
    requests: number;
    errors: number;
    lost: number;
    p50: number;
    p95: number;
    p99: number;
    rssMb: number;
  }[] = [];
  const allErrors: string[] = [];
  const endAt = performance.now() + SOAK_MIN * 60_000;
  let round = 0;
  do {
    const t: Tally = { requests: 0, errors: [], lost: 0, latencies: [] };
    const start = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(url, c, t)));
    const seconds = (performance.now() - start) / 1000;
    const sorted = t.latencies.sort((a, b) => a - b);
    rounds.push({
      round,
      seconds: Math.round(seconds * 10) / 10,
      requests: t.requests,
      errors: t.errors.length,
      lost: t.lost,
      p50: Math.round(percentile(sorted, 0.5)),
      p95: Math.round(percentile(sorted, 0.95)),
      p99: Math.round(percentile(sorted, 0.99)),
      rssMb: Math.round(rssMb(child.pid)),
    });
    allErrors.push(...t.errors.slice(0, 5));
    console.error(JSON.stringify(rounds.at(-1)));
    round++;
  } while (performance.now() < endAt);
  clearInterval(sampler);
  sample();
  // Let the last access lines arrive.
  await new Promise((r) => setTimeout(r, 500));
  const totalRequests = rounds.reduce((s, r) => s + r.requests, 0);
  child.kill("SIGTERM");
  await child.status;
  await Deno.remove(dir, { recursive: true }).catch(() => {});

  const warm = rss.filter((s) => s.t >= Math.max(rss.at(-1)!.t / 4, rounds[0].seconds));
  const slope = warm.length >= 2
    ? (warm.at(-1)!.mb - warm[0].mb) / ((warm.at(-1)!.t - warm[0].t) / 60)
    : NaN;
  const summary = {
    machine: `${Deno.build.target}, ${navigator.hardwareConcurrency} cores, load ${
      Deno.loadavg().map((x) => x.toFixed(1)).join("/")
    } at the end`,
    clients: CLIENTS,
    callsPerClient: CALLS,
    rounds: rounds.length,
    wallSeconds: Math.round((performance.now() - t0) / 100) / 10,
    requests: totalRequests,
    accessLines,
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    lostUpdates: rounds.reduce((s, r) => s + r.lost, 0),
    firstRound: rounds[0],
    lastRound: rounds.at(-1),
    rssMb: {
      start: Math.round(rss[0].mb),
      afterWarmup: warm.length ? Math.round(warm[0].mb) : NaN,
      min: warm.length ? Math.round(Math.min(...warm.map((s) => s.mb))) : NaN,
      max: warm.length ? Math.round(Math.max(...warm.map((s) => s.mb))) : NaN,
      end: Math.round(rss.at(-1)!.mb),
      slopeMbPerMinAfterWarmup: Math.round(slope * 10) / 10,
    },
    sampleErrors: allErrors.slice(0, 10),
    serverStderr: otherLines.slice(0, 2000),
  };
  console.log(JSON.stringify(summary, null, 2));
  await Deno.mkdir(join(OUT, ".."), { recursive: true });
  await Deno.writeTextFile(OUT, JSON.stringify({ summary, rounds, rss }, null, 2));
}

await main();
