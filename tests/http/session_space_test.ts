/**
 * HTTP serves only the sessions it issued: stdio and HTTP share a Kv, but `Mcp-Session-Id:
 * default` (or any `--session NAME`) never reaches a stdio session, and stdio may not take a
 * name from the HTTP key space. Against real processes sharing one Kv file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ok, stdioHarness, tempDir } from "../mcp/_helpers.ts";
import { initialize, post, serveOnce, spawnServer, toolCall } from "./_server.ts";

Deno.test("Mcp-Session-Id naming a stdio session is 404 and changes nothing", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "shared.kv");
  const desktop = await stdioHarness(["--kv", kv]);
  const named = await stdioHarness(["--kv", kv, "--session", "desk"]);
  const http = await spawnServer(["--kv", kv]);
  try {
    await ok(desktop.client, "create_ids", { title: "Desktop default" });
    await ok(named.client, "create_ids", { title: "Desk named" });
    for (const name of ["default", "desk"]) {
      const read = await post(http.url, toolCall(2, "get_ids_info"), { "mcp-session-id": name });
      assert.equal(read.status, 404, `reading '${name}'`);
      assert.equal((await read.json()).error.code, -32001);
      const write = await post(http.url, toolCall(3, "create_ids", { title: "Overwritten" }), {
        "mcp-session-id": name,
      });
      assert.equal(write.status, 404, `writing '${name}'`);
      await write.body?.cancel();
      const del = await fetch(http.url, { method: "DELETE", headers: { "mcp-session-id": name } });
      assert.equal(del.status, 404, `deleting '${name}'`);
      await del.body?.cancel();
    }
    assert.equal((await ok(desktop.client, "get_ids_info")).title, "Desktop default");
    assert.equal((await ok(named.client, "get_ids_info")).title, "Desk named");

    // What HTTP issues: 128 random bits, base64url; a guessed id of another shape is 404.
    const ids = [await initialize(http.url), await initialize(http.url)];
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(ids[0], ids[1]);
    const uuid = await post(http.url, toolCall(4, "get_ids_info"), {
      "mcp-session-id": crypto.randomUUID(),
    });
    assert.equal(uuid.status, 404);
    await uuid.body?.cancel();
  } finally {
    await desktop.close();
    await named.close();
    await http.stop();
  }
});

Deno.test("stdio refuses a --session name from the HTTP key space", async () => {
  const r = await serveOnce(["--kv", ":memory:", "--session", "http:AAAAAAAAAAAAAAAAAAAAAA"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--session 'http:AAAAAAAAAAAAAAAAAAAAAA'.*HTTP sessions/);
});
