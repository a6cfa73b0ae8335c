/**
 * The Streamable HTTP endpoint through the SDK client and raw fetch: sessions in Kv (separate,
 * concurrent-safe, restart-proof, 404 when unknown or expired, ended by DELETE), and the
 * guards in front of the SDK (Origin, bearer token, body size, methods, health).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SessionStore } from "../../src/session/kv_store.ts";
import { httpStoreId } from "../../src/session/http_sessions.ts";
import { freePort, HEADERS, INIT, post, spawnServer } from "./_server.ts";
import { fails, httpClient, ok, startHttp, syntheticModel, tempDir } from "../mcp/_helpers.ts";

const LIST = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };

Deno.test("two clients have separate sessions and never see each other's document", async () => {
  const server = await startHttp();
  const a = await httpClient(server.url);
  const b = await httpClient(server.url);
  try {
    assert.notEqual(a.transport.sessionId, b.transport.sessionId);
    await ok(a.client, "create_ids", { title: "Alpha" });
    await fails(b.client, "get_ids_info", {}, /no_document/);
    await ok(b.client, "create_ids", { title: "Beta" });
    await ok(a.client, "add_specification", { name: "A1", ifc_versions: ["IFC4"] });
    const ia = await ok(a.client, "get_ids_info");
    const ib = await ok(b.client, "get_ids_info");
    assert.deepEqual([ia.title, ia.specification_count], ["Alpha", 1]);
    assert.deepEqual([ib.title, ib.specification_count], ["Beta", 0]);
  } finally {
    await a.client.close();
    await b.client.close();
    await server.close();
  }
});

Deno.test("32 concurrent calls in one session lose nothing", async () => {
  const server = await startHttp();
  const a = await httpClient(server.url);
  // A second client on the same session (another connection, same Mcp-Session-Id).
  const b = await httpClient(server.url, { sessionId: a.transport.sessionId });
  try {
    await ok(a.client, "create_ids", { title: "Busy" });
    await ok(a.client, "add_specification", { name: "Walls", ifc_versions: ["IFC4"] });
    const names = Array.from({ length: 32 }, (_, i) => `P${String(i).padStart(2, "0")}`);
    await Promise.all(names.map((name, i) =>
      ok(i % 2 ? a.client : b.client, "add_property_facet", {
        spec_id: "Walls",
        location: "requirements",
        property_name: name,
        property_set: "Test_Properties", // Pset_ is reserved: the edit audit refuses it
      })
    ));
    const listed = await ok(a.client, "list_facets", {
      spec_id: "Walls",
      location: "requirements",
    });
    const got = (listed.requirements as { parameters: { property_name: string } }[])
      .map((f) => f.parameters.property_name).sort();
    assert.deepEqual(got, names);
  } finally {
    await a.client.close();
    await server.close();
  }
});

Deno.test("unknown or expired session id → 404; missing id → 400; DELETE ends a session", async () => {
  const store = await SessionStore.open(":memory:", { ttlMs: 300 });
  const server = await startHttp({ store });
  try {
    const unknown = await post(server.url, LIST, { "mcp-session-id": "no-such-session" });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, -32001);
    const missing = await post(server.url, LIST);
    assert.equal(missing.status, 400);
    await missing.body?.cancel();

    const init = await post(server.url, INIT);
    assert.equal(init.status, 200);
    const id = init.headers.get("mcp-session-id")!;
    assert.ok(id);
    await init.body?.cancel();
    const listed = await post(server.url, LIST, { "mcp-session-id": id });
    assert.equal(listed.status, 200);
    assert.ok((await listed.json()).result.tools.length >= 20);

    assert.ok(await store.load(httpStoreId(id)!), "stored under the HTTP key space");
    const del = await fetch(server.url, { method: "DELETE", headers: { "mcp-session-id": id } });
    assert.equal(del.status, 200);
    await del.body?.cancel();
    assert.equal(await store.load(httpStoreId(id)!), undefined);
    const after = await post(server.url, LIST, { "mcp-session-id": id });
    assert.equal(after.status, 404);
    await after.body?.cancel();

    // Through the SDK client: terminateSession sends DELETE.
    const c = await httpClient(server.url);
    const sid = c.transport.sessionId!;
    await c.transport.terminateSession();
    assert.equal(await store.load(httpStoreId(sid)!), undefined);

    // Expiry: past the TTL the id is gone.
    const init2 = await post(server.url, INIT);
    const id2 = init2.headers.get("mcp-session-id")!;
    await init2.body?.cancel();
    await new Promise((r) => setTimeout(r, 400));
    const expired = await post(server.url, LIST, { "mcp-session-id": id2 });
    assert.equal(expired.status, 404);
    await expired.body?.cancel();
  } finally {
    await server.close();
    store.close();
  }
});

Deno.test("guards: Origin, bearer token, body size, methods, health", async () => {
  const server = await startHttp({
    authToken: "s3cret",
    maxBodyBytes: 4096,
    allowedOrigins: ["https://app.example"],
  });
  const auth = { authorization: "Bearer s3cret" };
  try {
    // Public and without the token: the status only.
    const health = await fetch(new URL("/healthz", server.url));
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });

    const noAuth = await post(server.url, INIT);
    assert.equal(noAuth.status, 401);
    assert.match(noAuth.headers.get("www-authenticate") ?? "", /Bearer/);
    await noAuth.body?.cancel();
    const wrong = await post(server.url, INIT, { authorization: "Bearer nope!!" });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();

    const evil = await post(server.url, INIT, { ...auth, origin: "http://evil.example" });
    assert.equal(evil.status, 403);
    await evil.body?.cancel();
    for (const origin of ["http://localhost:5173", "https://app.example"]) {
      const fine = await post(server.url, INIT, { ...auth, origin });
      assert.equal(fine.status, 200, origin);
      await fine.body?.cancel();
    }

    const big = await post(server.url, { ...INIT, pad: "x".repeat(5000) }, auth);
    assert.equal(big.status, 413);
    await big.body?.cancel();
    // Without Content-Length (a streamed body) the limit holds too.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(1000).fill(32));
        c.close();
      },
    });
    const chunked = await fetch(server.url, {
      method: "POST",
      headers: { accept: HEADERS.accept, "content-type": HEADERS["content-type"], ...auth },
      body: stream,
    });
    assert.equal(chunked.status, 413);
    await chunked.body?.cancel();

    const bad = await post(server.url, "{not json", auth);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, -32700);

    const get = await fetch(server.url, { headers: { ...auth, accept: "text/event-stream" } });
    assert.equal(get.status, 405);
    await get.body?.cancel();
    const other = await fetch(new URL("/elsewhere", server.url), { headers: auth });
    assert.equal(other.status, 404);
    await other.body?.cancel();

    // The SDK client with the token works end to end.
    const c = await httpClient(server.url, { headers: auth });
    await ok(c.client, "create_ids", { title: "Authed" });
    await c.client.close();
  } finally {
    await server.close();
  }
});

Deno.test("a server restart between calls keeps the session (same Mcp-Session-Id)", async () => {
  await using dir = await tempDir();
  const port = freePort();
  const args = ["--kv", join(dir.path, "sessions.kv")];
  let server = await spawnServer(args, { port });
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const { client, transport } = await httpClient(url);
  try {
    const sessionId = transport.sessionId;
    await ok(client, "create_ids", { title: "Survivor" });
    await ok(client, "add_specification", { name: "Before", ifc_versions: ["IFC4"] });
    await server.stop();

    server = await spawnServer(args, { port });
    // The same client, the same session id, a new process.
    await ok(client, "add_specification", { name: "After", ifc_versions: ["IFC4"] });
    const info = await ok(client, "get_ids_info");
    assert.equal(transport.sessionId, sessionId);
    assert.deepEqual(
      [info.title, (info.specifications as { name: string }[]).map((s) => s.name)],
      ["Survivor", ["Before", "After"]],
    );
  } finally {
    await client.close();
    await server.stop();
  }
});

Deno.test("calls with a progress token stream over SSE; validate_ifc_model reports progress", async () => {
  const models = new URL("../../../shared/ifc/models/", import.meta.url);
  const fixtures = new URL("../ifc/fixtures/", import.meta.url);
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    await ok(client, "load_ids", {
      source: await Deno.readTextFile(new URL("walls_fire_rating_checks.ids", fixtures)),
      source_type: "string",
    });
    const progress: number[] = [];
    const r = await client.callTool(
      {
        name: "validate_ifc_model",
        arguments: {
          ifc_content: await Deno.readTextFile(new URL("walls-fire-rating.ifc", models)),
        },
      },
      undefined,
      { onprogress: (p: { progress: number }) => progress.push(p.progress) },
    ) as { isError?: boolean; structuredContent?: Record<string, unknown> };
    assert.ok(!r.isError, JSON.stringify(r));
    assert.equal(r.structuredContent?.status, "validation_complete");
    assert.ok(progress.length >= 1, "progress notifications arrived over HTTP");
    // Any call with a progress token takes the SSE path and still returns its result.
    const info = await client.callTool({ name: "get_ids_info", arguments: {} }, undefined, {
      onprogress: () => {},
    }) as { structuredContent?: Record<string, unknown> };
    assert.equal(info.structuredContent?.title, "Wall fire rating checks");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("raw: a progress token switches the reply to text/event-stream", async () => {
  const server = await startHttp();
  try {
    const init = await post(server.url, INIT);
    const id = init.headers.get("mcp-session-id")!;
    await init.body?.cancel();
    const call = {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "create_ids", arguments: { title: "SSE" }, _meta: { progressToken: 7 } },
    };
    const sse = await post(server.url, call, { "mcp-session-id": id });
    assert.equal(sse.status, 200);
    assert.match(sse.headers.get("content-type") ?? "", /text\/event-stream/);
    assert.equal(sse.headers.get("mcp-session-id"), id);
    const text = await sse.text();
    assert.match(text, /"status":"created"/);
    const json = await post(server.url, {
      ...call,
      params: { name: "get_ids_info", arguments: {} },
    }, {
      "mcp-session-id": id,
    });
    assert.match(json.headers.get("content-type") ?? "", /application\/json/);
    assert.equal((await json.json()).result.structuredContent.title, "SSE");
  } finally {
    await server.close();
  }
});

Deno.test("cancelling a long call over HTTP stops it on the server", async () => {
  const fixtures = new URL("../ifc/fixtures/", import.meta.url);
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    await ok(client, "load_ids", {
      source: await Deno.readTextFile(new URL("walls_fire_rating_checks.ids", fixtures)),
      source_type: "string",
    });
    const model = syntheticModel(250_000);
    const t = performance.now();
    await client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: model } },
      undefined,
      {
        onprogress: () => {},
        timeout: 120_000,
      },
    );
    const full = performance.now() - t;

    const controller = new AbortController();
    let abortedAt = 0;
    const call = client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: model } },
      undefined,
      {
        onprogress: () => {
          if (!abortedAt) {
            abortedAt = performance.now();
            controller.abort("enough");
          }
        },
        signal: controller.signal,
        timeout: 120_000,
      },
    );
    await assert.rejects(call);
    while (server.inflight() > 0) await new Promise((r) => setTimeout(r, 5));
    const stopped = performance.now() - abortedAt;
    assert.ok(
      stopped < full / 2,
      `the server stopped ${stopped.toFixed(0)} ms after the cancel; a full check takes ${
        full.toFixed(0)
      } ms`,
    );
    // The session is fine afterwards.
    assert.equal((await ok(client, "get_ids_info")).title, "Wall fire rating checks");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("two server processes on one Kv file serve the same session", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "shared.kv");
  const [portA, portB] = [freePort(), freePort()];
  const a = await spawnServer(["--kv", kv], { port: portA });
  const b = await spawnServer(["--kv", kv], { port: portB });
  const onA = await httpClient(new URL(`http://127.0.0.1:${portA}/mcp`));
  const onB = await httpClient(new URL(`http://127.0.0.1:${portB}/mcp`), {
    sessionId: onA.transport.sessionId,
  });
  try {
    await ok(onA.client, "create_ids", { title: "Shared" });
    await ok(onB.client, "add_specification", { name: "From B", ifc_versions: ["IFC4"] });
    await ok(onA.client, "add_specification", { name: "From A", ifc_versions: ["IFC4"] });
    const seenByB = await ok(onB.client, "get_ids_info");
    assert.deepEqual(
      (seenByB.specifications as { name: string }[]).map((s) => s.name),
      ["From B", "From A"],
    );
    // Ending it on A ends it for B too.
    const sessionId = onA.transport.sessionId!;
    await onA.transport.terminateSession();
    const gone = await post(new URL(`http://127.0.0.1:${portB}/mcp`), LIST, {
      "mcp-session-id": sessionId,
    });
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
  } finally {
    await onA.client.close();
    await onB.client.close();
    await Promise.all([a.stop(), b.stop()]);
  }
});
