/**
 * The handler's direct path (one plain JSON-RPC message served by a pooled server that stays
 * connected to an in-process transport) against the answers the SDK transport gives: raw
 * requests see the same statuses, headers and JSON-RPC errors, unusual requests still get the
 * SDK's own answers, pooled servers never carry one session's document into another, and a
 * cancelled plain-JSON call stops on the server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { httpStoreId } from "../../src/session/http_sessions.ts";
import { initialize, post, type Spawned, spawnServer } from "./_server.ts";
import {
  httpClient,
  ok,
  processCpuMs,
  startHttp,
  syntheticModel,
  tempDir,
} from "../mcp/_helpers.ts";

Deno.test("direct path: plain JSON replies, JSON-RPC errors and 202 like the SDK transport", async () => {
  const server = await startHttp();
  try {
    const sid = await initialize(server.url);
    const session = { "mcp-session-id": sid };

    const note = await post(
      server.url,
      { jsonrpc: "2.0", method: "notifications/initialized" },
      session,
    );
    assert.equal(note.status, 202);
    assert.equal(note.headers.get("mcp-session-id"), sid);
    await note.body?.cancel();

    const list = await post(server.url, { jsonrpc: "2.0", id: "a", method: "tools/list" }, session);
    assert.equal(list.status, 200);
    assert.match(list.headers.get("content-type") ?? "", /application\/json/);
    assert.equal(list.headers.get("mcp-session-id"), sid);
    const listed = await list.json();
    assert.equal(listed.id, "a");
    assert.ok(listed.result.tools.some((t: { name: string }) => t.name === "get_ids_info"));

    const unknown = await post(server.url, { jsonrpc: "2.0", id: 3, method: "no/such" }, session);
    assert.equal(unknown.status, 200);
    assert.deepEqual((await unknown.json()).error.code, -32601);

    const call = await post(server.url, {
      jsonrpc: "2.0",
      id: 4,
      method: "tools/call",
      params: { name: "get_ids_info", arguments: {} },
    }, session);
    const called = await call.json();
    assert.equal(called.id, 4);
    assert.equal(called.result.isError, true);
    assert.match(called.result.content[0].text, /no_document/);

    const badArgs = await post(server.url, {
      jsonrpc: "2.0",
      id: 5,
      method: "tools/call",
      params: { name: "create_ids", arguments: { title: 42 } },
    }, session);
    const bad = await badArgs.json();
    assert.equal(bad.id, 5);
    assert.ok(bad.result?.isError || bad.error, JSON.stringify(bad));

    // Requests the direct path leaves to the SDK transport keep the SDK's answers.
    const noSse = await post(server.url, { jsonrpc: "2.0", id: 6, method: "tools/list" }, {
      ...session,
      accept: "application/json",
    });
    assert.equal(noSse.status, 406);
    await noSse.body?.cancel();
    const text = await post(server.url, { jsonrpc: "2.0", id: 7, method: "tools/list" }, {
      ...session,
      "content-type": "text/plain",
    });
    assert.equal(text.status, 415);
    await text.body?.cancel();
    const version = await post(server.url, { jsonrpc: "2.0", id: 8, method: "tools/list" }, {
      ...session,
      "mcp-protocol-version": "1999-01-01",
    });
    assert.equal(version.status, 400);
    await version.body?.cancel();
    const invalid = await post(
      server.url,
      { jsonrpc: "2.0", id: { x: 1 }, method: "ping" },
      session,
    );
    assert.equal(invalid.status, 400);
    assert.equal((await invalid.json()).error.code, -32700);
    const batch = await post(server.url, [
      { jsonrpc: "2.0", id: 9, method: "ping" },
      { jsonrpc: "2.0", id: 10, method: "ping" },
    ], session);
    assert.equal(batch.status, 200);
    assert.deepEqual((await batch.json()).map((r: { id: number }) => r.id), [9, 10]);

    // Unknown session: 404 before any server sees the call.
    const gone = await post(server.url, { jsonrpc: "2.0", id: 11, method: "ping" }, {
      "mcp-session-id": crypto.randomUUID(),
    });
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("direct path: a message the SDK's strict schema refuses is a 400, never an endless wait", async () => {
  // Found by tests/http/fuzz_test.ts: a request with a key besides jsonrpc/id/method/params
  // (or a `_meta` the SDK refuses) is no request to the SDK's Protocol, which dropped it
  // without an answer, so the HTTP request hung and its pooled server stayed leased.
  const server = await startHttp();
  try {
    const session = { "mcp-session-id": await initialize(server.url) };
    const odd = [
      { jsonrpc: "2.0", id: 1, method: "ping", extra: 1 },
      { jsonrpc: "2.0", id: 2, method: "tools/call", "pa<a>rams": {} },
      { jsonrpc: "2.0", id: 3, method: "ping", params: { _meta: 5 } },
      { jsonrpc: "2.0", id: 4, method: "ping", params: { _meta: { progressToken: 1.5 } } },
      { jsonrpc: "2.0", method: "notifications/initialized", extra: true },
    ];
    for (const message of odd) {
      const res = await post(server.url, message, session);
      assert.equal(res.status, 400, JSON.stringify(message));
      assert.equal((await res.json()).error.code, -32700);
    }
    assert.equal(server.inflight(), 0, "nothing left waiting");
    const ping = await post(server.url, { jsonrpc: "2.0", id: 5, method: "ping" }, session);
    assert.deepEqual(await ping.json(), { jsonrpc: "2.0", id: 5, result: {} }, "still serving");
  } finally {
    await server.close();
  }
});

Deno.test("direct path: pooled servers never carry one session's document into another", async () => {
  const server = await startHttp();
  const clients = await Promise.all(
    Array.from({ length: 6 }, () => httpClient(server.url)),
  );
  try {
    await Promise.all(clients.map(({ client }, i) => ok(client, "create_ids", { title: `T${i}` })));
    // Interleaved reads on a handful of pooled servers: each sees its own title.
    for (let round = 0; round < 5; round++) {
      const titles = await Promise.all(
        clients.map(async ({ client }) => (await ok(client, "get_ids_info")).title),
      );
      assert.deepEqual(titles, clients.map((_, i) => `T${i}`));
    }
    // A session deleted elsewhere (here: straight in the store) is gone on the next request.
    const [{ client, transport }] = clients;
    assert.equal(await server.store.delete(httpStoreId(transport.sessionId!)!), true);
    await assert.rejects(
      client.callTool({ name: "get_ids_info", arguments: {} }),
      /404|not found/i,
    );
  } finally {
    await Promise.all(clients.map(({ client }) => client.close().catch(() => {})));
    await server.close();
  }
});

Deno.test("direct path: cancelling a plain-JSON call (no progress token) stops it on the server", async () => {
  // The server runs as its own process so its CPU time can be read from /proc, untouched by
  // the other test modules running in parallel in this one.
  await using dir = await tempDir();
  const server = await spawnHttp(["--kv", join(dir.path, "cancel.kv")]);
  const { client } = await httpClient(server.url);
  try {
    const fixtures = new URL("../ifc/fixtures/", import.meta.url);
    await ok(client, "load_ids", {
      source: await Deno.readTextFile(new URL("walls_fire_rating_checks.ids", fixtures)),
      source_type: "string",
    });
    const model = syntheticModel(250_000);
    // A first call warms the JIT: timed cold, a call took over twice a warm one, and the cancel
    // sent "halfway" arrived after the check had ended.
    await client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: model } },
      undefined,
      { timeout: 120_000 },
    );
    let cpu = await server.cpuMs();
    let t = performance.now();
    await client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: model } },
      undefined,
      { timeout: 120_000 },
    );
    const fullCpu = await server.cpuMs() - cpu;
    const full = performance.now() - t;

    const controller = new AbortController();
    const call = client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: model } },
      undefined,
      { signal: controller.signal, timeout: 120_000 },
    );
    // The request takes a while to upload and parse; abort well inside the check. Halfway: since
    // checks yield by time, not every 4096 elements, the check is a smaller share of the call's
    // wall time, and a cancel sent a quarter in could arrive before the tool had started.
    await new Promise((r) => setTimeout(r, full / 2));
    controller.abort("enough");
    await assert.rejects(call);
    cpu = await server.cpuMs();
    t = performance.now();
    // A check that ignored the cancel would burn most of a full check's CPU in this window.
    await new Promise((r) => setTimeout(r, full));
    const afterCpu = await server.cpuMs() - cpu;
    assert.ok(
      afterCpu < fullCpu / 4,
      `after the cancel the server used ${afterCpu.toFixed(0)} ms of CPU; a full check uses ${
        fullCpu.toFixed(0)
      } ms`,
    );
    assert.equal((await ok(client, "get_ids_info")).title, "Wall fire rating checks");
  } finally {
    await client.close();
    await server.stop();
  }
});

/** `main.ts serve --http` as a subprocess on a free port, with its CPU time from /proc. */
async function spawnHttp(args: string[]): Promise<Spawned & { cpuMs(): Promise<number> }> {
  const server = await spawnServer(args);
  return {
    ...server,
    cpuMs: () => processCpuMs(server.child.pid),
  };
}
