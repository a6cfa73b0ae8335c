/**
 * `deno task start` runs with narrow permissions (read, write, env, net to loopback only). The
 * SDK's stdio client would spawn the child with every permission, so these tests start the
 * server with exactly the task's flags through Deno.Command and speak the protocol by hand:
 * everything the tools need (Kv file, XSD, files inside the root, loopback HTTP) works with them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { EXAMPLES_DIR, REPO, tempDir, XSD_DIR } from "./_helpers.ts";

/** The `start` task's `deno run` flags and script, from deno.json. */
async function startTask(): Promise<string[]> {
  const json = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
  const words = (json.tasks.start as string).split(/\s+/);
  assert.equal(words[0], "deno");
  assert.ok(!words.includes("-A") && !words.includes("--allow-all"), "no blanket permissions");
  assert.ok(!words.includes("--allow-run"), "no subprocess permission");
  return words.slice(1);
}

function rpc(id: number, method: string, params: unknown = {}): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n";
}

Deno.test("deno task start flags: stdio server with Kv file, XSD, load and export in root", async () => {
  await using dir = await tempDir();
  const out = join(dir.path, "out.ids");
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      ...await startTask(),
      "--kv",
      join(dir.path, "s.kv"),
      "--root",
      dir.path,
      "--root",
      EXAMPLES_DIR,
      "--xsd-dir",
      XSD_DIR,
    ],
    cwd: REPO,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const call = (id: number, name: string, args: Record<string, unknown>) =>
    rpc(id, "tools/call", { name, arguments: args });
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  // One request at a time: the server runs pipelined requests concurrently.
  const send = async (line: string, id?: number) => {
    await writer.write(new TextEncoder().encode(line));
    while (id !== undefined && !new RegExp(`"id":${id}\\b`).test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  };
  await send(
    rpc(1, "initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "perm", version: "1" },
    }),
    1,
  );
  await send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
  await send(call(2, "load_ids", { source: join(EXAMPLES_DIR, "IDS_wooden-windows.ids") }), 2);
  await send(call(3, "export_ids", { output_path: out }), 3);
  await send(call(4, "load_ids", { source: "/etc/passwd" }), 4);
  // Closing stdin must end the server.
  await writer.close();
  const status = await child.status;
  const stderr = new TextDecoder().decode(
    (await new Response(child.stderr).arrayBuffer()) as ArrayBuffer,
  );
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  const byId = new Map(
    text.trim().split("\n").map((l) => JSON.parse(l)).map((m) => [m.id, m]),
  );
  assert.equal(status.code, 0, stderr);
  assert.doesNotMatch(stderr, /PermissionDenied|Requires .* access/);
  const loaded = byId.get(2).result;
  assert.ok(!loaded.isError, JSON.stringify(loaded));
  const exported = byId.get(3).result;
  assert.ok(!exported.isError, JSON.stringify(exported));
  assert.equal(exported.structuredContent.validation.valid, true);
  assert.equal(exported.structuredContent.validation.xsd_checked, true);
  assert.match(await Deno.readTextFile(out), /<ids:ids/);
  const refused = byId.get(4).result;
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /path_not_allowed/);
});

Deno.test("deno task start flags: HTTP on loopback works", async () => {
  await using dir = await tempDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...await startTask(), "--http", "--port", "0", "--kv", join(dir.path, "s.kv")],
    cwd: REPO,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let url: string | undefined;
  while (!url) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`exited: ${seen}`);
    seen += value;
    url = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
  }
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        accept: "application/json, text/event-stream",
        "content-type": "application/json",
      },
      body: rpc(1, "initialize", {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "perm", version: "1" },
      }),
    });
    assert.equal(res.status, 200);
    assert.ok(res.headers.get("mcp-session-id"));
    assert.equal((await res.json()).result.serverInfo.name, "ids-mcp");
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await reader.cancel().catch(() => {});
  }
});
