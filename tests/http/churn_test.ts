import assert from "node:assert/strict";
import { ChurnLimiter } from "../../src/http/churn.ts";
import { INIT, initialize, post, spawnServer } from "./_server.ts";

Deno.test("ChurnLimiter: a minute's worth at once, then one per 60/N s, per client", () => {
  let t = 0;
  const churn = new ChurnLimiter(6, () => t);
  for (let i = 0; i < 6; i++) assert.equal(churn.take("a"), 0);
  assert.equal(churn.take("a"), 10, "the next one in 10 s");
  assert.equal(churn.take("b"), 0, "another client has its own budget");
  t += 9_000;
  assert.equal(churn.take("a"), 1);
  t += 1_000;
  assert.equal(churn.take("a"), 0);
  assert.equal(churn.take("a"), 10);
  // A quiet minute refills the whole burst, never more.
  t += 600_000;
  for (let i = 0; i < 6; i++) assert.equal(churn.take("a"), 0);
  assert.ok(churn.take("a") > 0);
  assert.throws(() => new ChurnLimiter(0), RangeError);
});

Deno.test("--new-sessions-per-minute: initialize past it → 429 with Retry-After; DELETE still works", async () => {
  const server = await spawnServer(["--kv", ":memory:", "--new-sessions-per-minute", "3"]);
  try {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await initialize(server.url));
    const refused = await post(server.url, INIT);
    assert.equal(refused.status, 429);
    const retry = Number(refused.headers.get("retry-after"));
    assert.ok(retry >= 1 && retry <= 20, `Retry-After ${retry}`);
    assert.equal(refused.headers.get("mcp-session-id"), null, "no session was created");
    const body = await refused.json();
    assert.match(
      body.error.message,
      /too many sessions created by this client address \(limit 3 per minute\); reuse a session, or retry in \d+ s/,
    );
    // Ending a session is never refused, and does not buy a new one.
    const end = await fetch(server.url, {
      method: "DELETE",
      headers: { "mcp-session-id": ids[0] },
    });
    await end.body?.cancel();
    assert.equal(end.status, 200);
    const again = await post(server.url, INIT);
    await again.body?.cancel();
    assert.equal(again.status, 429);
    // The sessions it has keep working.
    const list = await post(server.url, { jsonrpc: "2.0", id: 2, method: "tools/list" }, {
      "mcp-session-id": ids[1],
    });
    await list.body?.cancel();
    assert.equal(list.status, 200);
    // The access log names the reason (it is written in batches: wait for it).
    for (let i = 0; i < 50 && !server.stderr().includes("session churn"); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(server.stderr(), /"status":429[^\n]*"session churn"/);
  } finally {
    await server.stop();
  }
});
