/**
 * The limits of a hosted endpoint, through the real handler on a loopback Deno.serve: live
 * sessions per client (429 past the limit, freed by DELETE), requests per session per second
 * (429 with Retry-After, every message counted, other sessions unaffected) and JSON nesting
 * depth (400 before parsing).
 */
import assert from "node:assert/strict";
import { startHttp } from "../mcp/_helpers.ts";
import { INIT, initialize, post, toolCall } from "./_server.ts";

Deno.test("sessions per client: the one past the limit is 429 until one ends", async () => {
  const server = await startHttp({ maxSessionsPerClient: 3 });
  try {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await initialize(server.url));
    const over = await post(server.url, INIT);
    assert.equal(over.status, 429);
    assert.match((await over.json()).error.message, /too many sessions .*limit 3/);
    // Existing sessions keep working.
    const used = await post(server.url, toolCall(2, "get_ids_info"), { "mcp-session-id": ids[0] });
    assert.equal(used.status, 200);
    await used.body?.cancel();
    const del = await fetch(server.url, {
      method: "DELETE",
      headers: { "mcp-session-id": ids[1] },
    });
    assert.equal(del.status, 200);
    await del.body?.cancel();
    await initialize(server.url);
  } finally {
    await server.close();
  }
});

Deno.test("sessions per client: concurrent initializes cannot pass the limit together", async () => {
  const server = await startHttp({ maxSessionsPerClient: 3 });
  try {
    const answers = await Promise.all(Array.from({ length: 10 }, async () => {
      const r = await post(server.url, INIT);
      await r.body?.cancel();
      return r.status;
    }));
    assert.deepEqual(answers.toSorted(), [200, 200, 200, ...Array(7).fill(429)]);
  } finally {
    await server.close();
  }
});

Deno.test("requests per session: past the bucket 429 with Retry-After; others unaffected", async () => {
  const server = await startHttp({ toolCallsPerSecond: 0.01, toolCallBurst: 3 });
  try {
    const a = await initialize(server.url);
    const b = await initialize(server.url);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const r = await post(server.url, toolCall(10 + i, "get_ids_info"), { "mcp-session-id": a });
      statuses.push(r.status);
      if (r.status === 429) {
        assert.ok(Number(r.headers.get("retry-after")) >= 1, "Retry-After in seconds");
        assert.match(
          (await r.json()).error.message,
          /too many requests \(limit 0\.01\/s per session/,
        );
      } else await r.body?.cancel();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    // A batch of calls takes one token each: two calls with no tokens left are refused.
    const batch = await post(server.url, [
      toolCall(20, "get_ids_info"),
      toolCall(21, "get_ids_info"),
    ], {
      "mcp-session-id": a,
    });
    assert.equal(batch.status, 429);
    await batch.body?.cancel();
    // A batch larger than the burst could never pass: it says so instead of "retry later".
    const huge = await post(
      server.url,
      Array.from({ length: 4 }, (_, i) => toolCall(40 + i, "get_ids_info")),
      { "mcp-session-id": b },
    );
    assert.equal(huge.status, 429);
    assert.equal(huge.headers.get("retry-after"), null);
    assert.match((await huge.json()).error.message, /exceeds the burst of 3 requests per session/);
    // Every message counts, not only tool calls; another session has its own bucket.
    const list = await post(server.url, { jsonrpc: "2.0", id: 30, method: "tools/list" }, {
      "mcp-session-id": a,
    });
    assert.equal(list.status, 429);
    await list.body?.cancel();
    const other = await post(server.url, toolCall(31, "get_ids_info"), { "mcp-session-id": b });
    assert.equal(other.status, 200);
    await other.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("JSON nested deeper than the limit is 400 before parsing; within it is served", async () => {
  const server = await startHttp({ maxJsonDepth: 32 });
  try {
    const id = await initialize(server.url);
    const nest = (n: number) => "[".repeat(n) + "]".repeat(n);
    const deep = `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_ids_info",` +
      `"arguments":{"x":${nest(100_000)}}}}`;
    const r = await post(server.url, deep, { "mcp-session-id": id });
    assert.equal(r.status, 400);
    assert.match((await r.json()).error.message, /nested deeper than 32/);
    // Brackets inside strings do not count.
    const inString = toolCall(6, "create_ids", { title: "[[[[".repeat(50) + '\\"{{{{'.repeat(50) });
    const fine = await post(server.url, inString, { "mcp-session-id": id });
    assert.equal(fine.status, 200);
    assert.equal((await fine.json()).result.isError, undefined);
    const shallow =
      `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_ids_info",` +
      `"arguments":{"x":${nest(20)}}}}`;
    const ok = await post(server.url, shallow, { "mcp-session-id": id });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    await server.close();
  }
});
