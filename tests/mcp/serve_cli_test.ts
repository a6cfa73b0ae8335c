/** `serve` command-line handling: help, bad options, bad values. */
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { httpClient, MAIN, newClient, ok, REPO, tempDir } from "./_helpers.ts";
import { INIT_PARAMS } from "../_spawn.ts";
import { warmUpIds } from "../../src/mcp/warm_up.ts";

async function serve(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--unstable-kv", "-A", MAIN, "serve", ...args],
    cwd: REPO,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const d = new TextDecoder();
  return { code: r.code, out: d.decode(r.stdout), err: d.decode(r.stderr) };
}

Deno.test("serve --help lists every option; bad options fail with exit 2", async () => {
  const help = await serve("--help");
  assert.equal(help.code, 0);
  for (
    const opt of [
      "--stdio",
      "--http",
      "--hostname",
      "--port",
      "--kv",
      "--session",
      "--session-ttl",
      "--root",
      "--xsd-dir",
      "--auth-token",
      "--allow-host",
      "--body-timeout",
      "--max-json-depth",
      "--max-sessions-per-client",
      "--tool-calls-per-second",
      "--shutdown-grace",
      "--log-level",
      "--tokens-file",
      "--trust-proxy",
      "--requests-per-principal",
      "--max-batch",
      "--max-reply",
      "--max-batch-reply",
    ]
  ) assert.ok(help.out.includes(opt), opt);
  const bogus = await serve("--bogus");
  assert.equal(bogus.code, 2);
  assert.match(bogus.err, /bogus/);
  const port = await serve("--http", "--port", "99999");
  assert.equal(port.code, 2);
  assert.match(port.err, /--port/);
  const ttl = await serve("--kv", ":memory:", "--session-ttl", "soon");
  assert.equal(ttl.code, 1);
  assert.match(ttl.err, /soon/);
  const xsd = await serve("--kv", ":memory:", "--xsd-dir", "/no/such/xsd");
  assert.equal(xsd.code, 1);
  assert.match(xsd.err, /--xsd-dir: .*ids\.xsd/);
  for (
    const [flag, value] of [
      ["--body-timeout", "soon"],
      ["--max-json-depth", "0"],
      ["--max-sessions-per-client", "-1"],
      ["--tool-calls-per-second", "fast"],
      ["--shutdown-grace", "0s"],
      ["--requests-per-principal", "0"],
      ["--max-batch", "x"],
      ["--max-reply", "100"],
      ["--max-batch-reply", String(2 ** 40)],
    ]
  ) {
    const bad = await serve("--http", "--port", "0", "--kv", ":memory:", flag, value);
    assert.equal(bad.code, 2, `${flag} ${value}`);
    assert.match(bad.err, new RegExp(flag), `${flag} ${value}`);
  }
  const root = await serve("--kv", ":memory:", "--root", "/no/such/dir");
  assert.equal(root.code, 1);
  assert.match(root.err, /\/no\/such\/dir/);
});

Deno.test("one process serves stdio and HTTP at once, with separate sessions", async () => {
  await using dir = await tempDir();
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: [
      "run",
      "--unstable-kv",
      "-A",
      MAIN,
      "serve",
      "--stdio",
      "--http",
      "--port",
      "0",
      "--kv",
      join(dir.path, "both.kv"),
    ],
    cwd: REPO,
    stderr: "pipe",
  });
  let log = "";
  const listening = new Promise<string>((resolve) => {
    transport.stderr!.on("data", (chunk: Uint8Array) => {
      log += new TextDecoder().decode(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(log)?.[1];
      if (url) resolve(url);
    });
  });
  const stdio = newClient("stdio");
  await stdio.connect(transport);
  const http = await httpClient(new URL(await listening));
  try {
    await ok(stdio, "create_ids", { title: "Over stdio" });
    await ok(http.client, "create_ids", { title: "Over HTTP" });
    assert.equal((await ok(stdio, "get_ids_info")).title, "Over stdio");
    assert.equal((await ok(http.client, "get_ids_info")).title, "Over HTTP");
  } finally {
    await http.client.close();
    await stdio.close();
  }
});

Deno.test("stdio: a client that writes its requests and closes stdin gets every reply, a big load_ids among them", async () => {
  const big = warmUpIds(3000); // ≈ 3 MB: read in time slices, over the long-line path
  const lines = [
    { jsonrpc: "2.0", id: 1, method: "initialize", params: INIT_PARAMS },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "load_ids", arguments: { source: big, source_type: "string" } },
    },
    { jsonrpc: "2.0", id: 3, method: "tools/list" },
  ].map((m) => JSON.stringify(m) + "\n").join("");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--unstable-kv", "-A", MAIN, "serve", "--kv", ":memory:"],
    cwd: REPO,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(lines));
  await w.close(); // and nothing more: the server must still answer all three
  const { code, stdout } = await child.output();
  assert.equal(code, 0);
  // Requests run concurrently: the quick tools/list is answered before the load.
  const replies = new TextDecoder().decode(stdout).trim().split("\n").map((l) => JSON.parse(l))
    .sort((a, b) => a.id - b.id);
  assert.deepEqual(replies.map((r) => r.id), [1, 2, 3]);
  assert.equal(replies[1].result.structuredContent.status, "loaded");
  assert.equal(replies[1].result.structuredContent.specification_count, 3000);
  assert.ok(replies[2].result.tools.length > 10);
});
