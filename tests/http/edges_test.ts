/**
 * The HTTP edges against a real `serve --http` process: refusals at start (empty token, off
 * loopback without a token, no network permission), a body cut short (400), a body sent byte
 * by byte (408 and closed after --body-timeout), a hung request that must not block SIGTERM,
 * the Host check (DNS rebinding) and a lower-case `bearer`. Loopback only, bounded waits.
 */
import assert from "node:assert/strict";
import { startHttp } from "../mcp/_helpers.ts";
import {
  freePort,
  INIT,
  initialize,
  post,
  RawConnection,
  rawHead,
  serveOnce,
  spawnServer,
} from "./_server.ts";

Deno.test("an empty token refuses to start instead of turning auth off", async () => {
  const flag = await serveOnce(["--http", "--port", "0", "--kv", ":memory:", "--auth-token", ""]);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /--auth-token is empty/);
  const env = await serveOnce(["--http", "--port", "0", "--kv", ":memory:"], {
    env: { IDS_MCP_TOKEN: "" },
  });
  assert.equal(env.code, 2);
  assert.match(env.err, /IDS_MCP_TOKEN is empty/);
  const blank = await serveOnce(["--http", "--port", "0", "--kv", ":memory:"], {
    env: { IDS_MCP_TOKEN: "   " },
  });
  assert.equal(blank.code, 2);
  // The handler itself (as embedded elsewhere, e.g. on Deno Deploy) refuses it too.
  await assert.rejects(startHttp({ authToken: "" }), /authToken is empty/);
  // stdio alone does not care about HTTP settings in the environment.
  const stdio = await serveOnce(["--help"], { env: { IDS_MCP_TOKEN: "" } });
  assert.equal(stdio.code, 0);
});

Deno.test("off loopback: no token → refuses; no --allow-net for it → clear message", async () => {
  for (const hostname of ["0.0.0.0", "::", "192.0.2.1"]) {
    const r = await serveOnce([
      "--http",
      "--hostname",
      hostname,
      "--port",
      "0",
      "--kv",
      ":memory:",
    ]);
    assert.equal(r.code, 2, hostname);
    assert.match(r.err, /refusing to serve HTTP on .* without a token/, hostname);
  }
  // The permissions of `deno task start`: listening on 0.0.0.0 is not allowed.
  const r = await serveOnce(
    ["--http", "--hostname", "0.0.0.0", "--port", String(freePort()), "--kv", ":memory:"],
    {
      permissions: [
        "--allow-read",
        "--allow-write",
        "--allow-env",
        "--allow-net=127.0.0.1,localhost",
      ],
      env: { IDS_MCP_TOKEN: "a-long-enough-token" },
    },
  );
  assert.equal(r.code, 1);
  assert.match(
    r.err,
    /no permission to listen on 0\.0\.0\.0:\d+: run Deno with --allow-net=0\.0\.0\.0/,
  );
  assert.doesNotMatch(r.err, /NotCapable|at \w+ \(/, "no stack trace");
});

Deno.test("a body cut short is 400, not 500", async () => {
  const server = await spawnServer(["--kv", ":memory:"]);
  try {
    const conn = await RawConnection.open(server.port);
    await conn.send(rawHead(server.port, { "content-length": 500 }) + '{"jsonrpc":"2.0",');
    await conn.closeWrite();
    assert.equal(await conn.response(10_000), 400, conn.received);
    assert.match(conn.received, /request body incomplete/);
    conn.close();
  } finally {
    await server.stop();
  }
});

Deno.test("a body sent byte by byte gets 408 and its connection closed after --body-timeout", async () => {
  const server = await spawnServer(["--kv", ":memory:", "--body-timeout", "1s"]);
  try {
    const conns = await Promise.all(
      Array.from({ length: 20 }, () => RawConnection.open(server.port)),
    );
    const body = JSON.stringify(INIT);
    await Promise.all(
      conns.map((c) => c.send(rawHead(server.port, { "content-length": body.length }))),
    );
    // One byte every 100 ms: the whole body would take ~20 s; the server stops after 1 s.
    const start = performance.now();
    let open = conns.length;
    for (let i = 0; i < body.length && open > 0 && performance.now() - start < 15_000; i++) {
      const sent = await Promise.all(conns.map((c) => c.send(body[i])));
      open = sent.filter(Boolean).length;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const c of conns) {
      assert.ok(await c.closedWithin(5_000), "the server closed the slow connection");
      assert.equal(c.status, 408, c.received);
      c.close();
    }
    // The server still serves everyone else.
    await initialize(server.url);
  } finally {
    await server.stop();
  }
});

Deno.test("SIGTERM with a hung request exits after the shutdown grace", async () => {
  const server = await spawnServer([
    "--kv",
    ":memory:",
    "--body-timeout",
    "10m",
    "--shutdown-grace",
    "1s",
  ]);
  const conn = await RawConnection.open(server.port);
  try {
    // A request whose body never comes: its handler waits (up to the 10 min body timeout).
    await conn.send(rawHead(server.port, { "content-length": 100 }) + "{");
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      server.child.status.then(() => true),
      new Promise<false>((r) => timer = setTimeout(() => r(false), 30_000)),
    ]);
    clearTimeout(timer);
    if (!exited) server.child.kill("SIGKILL");
    assert.ok(exited, "the server exited within 30 s of SIGTERM (grace 1 s)");
    assert.equal((await server.child.status).code, 0);
  } finally {
    conn.close();
    await server.child.status;
  }
});

Deno.test("Host header: a foreign host is refused (DNS rebinding); loopback and --allow-host pass", async () => {
  const server = await spawnServer(["--kv", ":memory:", "--allow-host", "mcp.internal"]);
  try {
    const body = JSON.stringify(INIT);
    const ask = async (host: string) => {
      const c = await RawConnection.open(server.port);
      await c.send(rawHead(server.port, { host, "content-length": body.length }) + body);
      const status = await c.response(10_000);
      c.close();
      return status;
    };
    assert.equal(await ask("evil.example"), 403);
    assert.equal(await ask(`evil.example:${server.port}`), 403);
    assert.equal(await ask(`localhost:${server.port}`), 200);
    assert.equal(await ask(`127.0.0.1:${server.port}`), 200);
    assert.equal(await ask("mcp.internal"), 200);
  } finally {
    await server.stop();
  }
});

Deno.test("a lower-case 'bearer' scheme is accepted", async () => {
  const server = await spawnServer(["--kv", ":memory:"], {
    env: { IDS_MCP_TOKEN: "tok-1234567890" },
  });
  try {
    const lower = await post(server.url, INIT, { authorization: "bearer tok-1234567890" });
    assert.equal(lower.status, 200);
    await lower.body?.cancel();
    const none = await post(server.url, INIT);
    assert.equal(none.status, 401);
    await none.body?.cancel();
  } finally {
    await server.stop();
  }
});
