/**
 * Kv faults SQLite does not report: a store file deleted or replaced while the server runs
 * (writes would vanish at the next restart) is detected — writes are refused with
 * `store_unavailable`, `/healthz` answers 503 with the reason, tools answer a clear error — and
 * a damaged file stops start-up with a message naming the file and what to do.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SessionStore } from "../../src/session/kv_store.ts";
import { IdsError } from "../../src/ids/errors.ts";
import { fails, ok, startHttp, stdioHarness, tempDir } from "../mcp/_helpers.ts";
import { runCli } from "../ids/_cli.ts";
import { INITIALIZE_PARAMS } from "../fuzz/_raw_stdio.ts";

const doc = { info: { title: "T" }, specifications: [] };

Deno.test("a Kv file deleted while running: writes refused, health not ok", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "s.kv");
  const store = await SessionStore.open(path);
  try {
    await store.create("a");
    await store.update("a", () => ({ doc, result: 1 }));
    assert.deepEqual(await store.health(), { ok: true });
    await Deno.remove(path);
    const health = await store.health();
    assert.equal(health.ok, false);
    assert.match(
      !health.ok ? health.reason : "",
      /'.*s\.kv' was deleted while the server was running/,
    );
    await assert.rejects(
      store.update("a", () => ({ doc: { ...doc, info: { title: "U" } }, result: 2 })),
      (e: unknown) =>
        e instanceof IdsError && e.code === "store_unavailable" && /Restart/.test(e.message),
    );
    await assert.rejects(store.create("b"), /was deleted/);
  } finally {
    store.close();
  }
});

Deno.test("a Kv file replaced while running is reported too", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "s.kv");
  const store = await SessionStore.open(path);
  try {
    await store.create("a");
    const other = await SessionStore.open(join(dir.path, "other.kv"));
    other.close();
    await Deno.rename(join(dir.path, "other.kv"), path);
    const health = await store.health();
    assert.match(!health.ok ? health.reason : "", /was replaced by another file/);
    await assert.rejects(store.touch("a"), /replaced/);
  } finally {
    store.close();
  }
});

Deno.test("HTTP /healthz: 200 while the Kv file is there, 503 once deleted (the reason in the log only)", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "h.kv");
  const log: string[] = [];
  const server = await startHttp({ kv: path, log: (l) => log.push(l) });
  try {
    const health = new URL("/healthz", server.url);
    const before = await fetch(health);
    assert.equal(before.status, 200);
    assert.equal((await before.json()).status, "ok");
    await Deno.remove(path);
    const after = await fetch(health);
    assert.equal(after.status, 503);
    // The probe is public: status only, never the server's paths.
    assert.deepEqual(await after.json(), { status: "unavailable" });
    assert.match(log.join("\n"), /"message":"store unavailable".*h\.kv' was deleted/);
    // A new session cannot be kept either: 503 with the reason, not a bare 500.
    const init = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: INITIALIZE_PARAMS,
      }),
    });
    assert.equal(init.status, 503);
    assert.match(JSON.stringify(await init.json()), /was deleted/);
  } finally {
    await server.close();
  }
});

Deno.test("stdio: a tool writing after the Kv file was deleted gets store_unavailable", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "t.kv");
  const h = await stdioHarness(["--kv", path]);
  try {
    await ok(h.client, "create_ids", { title: "T" });
    await Deno.remove(path);
    await fails(
      h.client,
      "add_specification",
      { name: "S", ifc_versions: ["IFC4"] },
      /^store_unavailable: the session store file '.*t\.kv' was deleted/,
    );
    await h.client.ping();
  } finally {
    await h.close();
  }
});

Deno.test("a damaged Kv file: start-up error names the file and what to do", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "bad.kv");
  await Deno.writeTextFile(
    path,
    "this is not a database, it was overwritten by accident\n".repeat(200),
  );
  await assert.rejects(SessionStore.open(path), (e: unknown) => {
    assert.ok(e instanceof IdsError);
    assert.equal(e.code, "store_unavailable");
    assert.match(e.message, /bad\.kv' is damaged/);
    assert.match(e.message, /mv '.*bad\.kv' '.*bad\.kv\.damaged'/);
    assert.doesNotMatch(e.message, /writable/);
    return true;
  });
  const r = await runCli(["serve", "--kv", path], {
    permissions: ["--unstable-kv", "--allow-read", "--allow-write", "--allow-env"],
    stdin: "",
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.kv' is damaged/);
  assert.doesNotMatch(r.stderr, /writable/);
});

Deno.test("a Kv file damaged inside: refused before Deno.Kv opens it (Deno would abort)", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "torn.kv");
  const store = await SessionStore.open(path);
  await store.create("a");
  await store.update(
    "a",
    () => ({ doc: { ...doc, info: { title: "T".repeat(100_000) } }, result: 0 }),
  );
  store.close();
  // Keep SQLite's header page, scramble the rest (a torn write, a bad disk sector).
  const bytes = await Deno.readFile(path);
  assert.ok(bytes.length > 8192);
  for (let i = 8192; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
  await Deno.writeFile(path, bytes);
  await assert.rejects(SessionStore.open(path), /torn\.kv' is damaged \(.*\): .*mv '/);
  const r = await runCli(["serve", "--kv", path], {
    permissions: ["--unstable-kv", "--allow-read", "--allow-write", "--allow-env"],
    stdin: "",
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /torn\.kv' is damaged/);
  assert.doesNotMatch(r.stderr, /panicked/);
});
