/** `serve` command-line handling: help, bad options, bad values. */
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { httpClient, MAIN, newClient, ok, REPO, tempDir } from "./_helpers.ts";

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
