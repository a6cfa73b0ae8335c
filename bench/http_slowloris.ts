/**
 * Slow clients against a spawned `serve --http` (loopback, not run in CI): N connections that
 * send their request byte by byte, in three kinds, and what the server does with them.
 *
 * - `body`: headers at once, then the body one byte per second. The server answers 408 after
 *   `--body-timeout` and drops the connection at the client's next byte.
 * - `header`: the request head one byte per second. Deno.serve (2.9.6) has no header timeout
 *   and gives a handler nothing before the head is complete: these stay open.
 * - `idle`: connects and sends nothing: same, they stay open.
 *
 * Reports per kind how many connections are still open after the observation time and the
 * server's RSS growth (from /proc) while they are held.
 *
 * Usage: deno run -A bench/http_slowloris.ts [--connections 1000] [--seconds 15]
 *   [--body-timeout 3s]
 *
 * @module
 */
import { rssMb, spawnServe } from "./_http_server.ts";

const argv = Deno.args;
const arg = (name: string, fallback: string) =>
  argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback;
const N = Number(arg("--connections", "1000"));
const SECONDS = Number(arg("--seconds", "15"));
const BODY_TIMEOUT = arg("--body-timeout", "3s");
const KINDS = ["body", "header", "idle"] as const;
type Kind = typeof KINDS[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(kind: Kind): Promise<Record<string, unknown>> {
  const { child, port } = spawnServe([
    "--kv",
    ":memory:",
    "--body-timeout",
    BODY_TIMEOUT,
    "--log-level",
    "error",
  ], "null");
  for (let i = 0; i < 100; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      await sleep(100);
    }
  }
  await sleep(300);
  const before = rssMb(child.pid);
  const enc = new TextEncoder();
  const head =
    `POST /mcp HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
    `accept: application/json, text/event-stream\r\ncontent-length: 4096\r\n\r\n`;
  let open = 0;
  let answered = 0;
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < N; i++) {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    conns.push(c);
    open++;
    (async () => {
      const buf = new Uint8Array(1024);
      let first = true;
      try {
        while ((await c.read(buf)) !== null) {
          if (first) answered++;
          first = false;
        }
      } catch { /* reset */ }
      open--;
    })();
  }
  const stop = performance.now() + SECONDS * 1000;
  const start = performance.now();
  let peak = before;
  // Every connection sends one byte per second of its kind's stream.
  const stream = kind === "body" ? "x".repeat(4096) : kind === "header" ? head : "";
  if (kind === "body") {
    await Promise.all(conns.map((c) => c.write(enc.encode(head)).catch(() => 0)));
  }
  for (let i = 0; performance.now() < stop; i++) {
    if (stream) {
      await Promise.all(
        conns.map((c) => c.write(enc.encode(stream[i % stream.length])).catch(() => 0)),
      );
    }
    peak = Math.max(peak, rssMb(child.pid));
    await sleep(1000);
  }
  const result = {
    kind,
    connections: N,
    seconds: Math.round((performance.now() - start) / 1000),
    answered,
    stillOpen: open,
    rssBeforeMb: Math.round(before),
    rssPeakMb: Math.round(peak),
    perConnectionKb: Math.round(((peak - before) * 1024) / N),
  };
  for (const c of conns) {
    try {
      c.close();
    } catch { /* closed */ }
  }
  child.kill("SIGTERM");
  await child.status;
  return result;
}

const results = [];
for (const kind of KINDS) {
  const r = await run(kind);
  console.error(JSON.stringify(r));
  results.push(r);
}
console.log(JSON.stringify(results, null, 2));
