/**
 * The access log of a real `serve --http` process: one JSON line per request on stderr
 * (nothing on stdout), with time, method, path, status, a session hash, the tool name and the
 * duration; never the session id, the token or document content. `--log-level warn` keeps
 * only refused and failed requests.
 */
import assert from "node:assert/strict";
import { initialize, post, spawnServer, toolCall } from "./_server.ts";
import { HttpLog, sessionHash } from "../../src/http/access_log.ts";

const TOKEN = "tok-secret-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** The JSON lines of `text` that are access lines (they have a status). */
function accessLines(text: string): Record<string, unknown>[] {
  return text.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l))
    .filter((l) => typeof l.status === "number" && l.method !== undefined);
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
}

Deno.test("one JSON access line per request on stderr, without ids, tokens or content", async () => {
  const server = await spawnServer(["--kv", ":memory:", "--auth-token", TOKEN]);
  try {
    const id = await initialize(server.url, AUTH);
    const title = "Confidential-Tower-Project";
    const created = await post(server.url, toolCall(2, "create_ids", { title }), {
      ...AUTH,
      "mcp-session-id": id,
    });
    assert.equal(created.status, 200);
    await created.body?.cancel();
    const refused = await post(server.url, toolCall(3, "get_ids_info"), { "mcp-session-id": id });
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    await waitFor(() => accessLines(server.stderr()).length >= 3);
    const lines = accessLines(server.stderr());
    assert.equal(lines.length, 3, server.stderr());
    const [init, call, unauth] = lines;
    for (const l of lines) {
      assert.ok(!Number.isNaN(Date.parse(l.time as string)), "time is ISO");
      assert.equal(l.method, "POST");
      assert.equal(l.path, "/mcp");
      assert.equal(typeof l.ms, "number");
    }
    assert.equal(init.status, 200);
    assert.equal(init.session, sessionHash(id));
    assert.deepEqual([call.status, call.tool, call.session], [200, "create_ids", sessionHash(id)]);
    assert.deepEqual([unauth.status, unauth.level, unauth.reason], [401, "warn", "unauthorized"]);
    const all = server.stderr() + server.stdout();
    assert.ok(!all.includes(id), "the session id is never logged");
    assert.ok(!all.includes(TOKEN), "the token is never logged");
    assert.ok(!all.includes(title), "document content is never logged");
    assert.equal(server.stdout(), "", "nothing on stdout");
  } finally {
    await server.stop();
  }
});

Deno.test("--log-level warn keeps only refused requests; a bad level refuses to start", async () => {
  const server = await spawnServer(["--kv", ":memory:", "--log-level", "warn"]);
  try {
    await initialize(server.url);
    const missing = await post(server.url, toolCall(2, "get_ids_info"));
    assert.equal(missing.status, 400);
    await missing.body?.cancel();
    await waitFor(() => accessLines(server.stderr()).length >= 1);
    // A last request and a short wait, so a wrongly logged 200 would have shown up.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(accessLines(server.stderr()).map((l) => l.status), [400]);
  } finally {
    await server.stop();
  }
  const bad = await spawnServer(["--kv", ":memory:", "--log-level", "loud"]).catch((e) => e);
  assert.match(String(bad), /--log-level must be one of error, warn, info, debug/);
});

Deno.test("U+2028 and U+2029 are escaped in log lines (no line break a log tool could split at)", () => {
  const lines: string[] = [];
  const log = new HttpLog("info", (l) => lines.push(l));
  const tool = 'x\u2028{"level":"error"}\u2029y';
  log.access({ method: "POST", path: "/mcp", status: 200, tool, durationMs: 1 });
  log.event("warn", "m\u2028n", { field: "\u2029" });
  for (const line of lines) {
    assert.doesNotMatch(line, /[\u2028\u2029\n]/);
    assert.match(line, /\\u2028|\\u2029/);
  }
  assert.equal(JSON.parse(lines[0]).tool, tool);
  assert.equal(JSON.parse(lines[1]).message, "m\u2028n");
});
