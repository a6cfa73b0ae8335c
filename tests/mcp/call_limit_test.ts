/**
 * Long calls: a check yields, so other calls (the same stdio connection, another HTTP session)
 * are answered while it runs; every call has a time limit (`--call-timeout`) that answers a
 * clear `timeout` tool error, keeps the server answering and leaves the stored document as it
 * was.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SessionStore } from "../../src/session/kv_store.ts";
import { manySpecs, WALL_NAME_IDS as IDS } from "../fuzz/_inputs.ts";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { httpClient, ok, startHttp, stdioHarness, syntheticModel, tempDir } from "./_helpers.ts";

/** A model whose check takes a second or more (300,000 walls, all failing; 21 MB). */
async function bigModel(dir: string): Promise<string> {
  const path = join(dir, "big.ifc");
  await Deno.writeTextFile(path, syntheticModel(300_000));
  return path;
}

function text(r: CallToolResult): string {
  return r.content?.map((c) => c.type === "text" ? c.text : "").join("\n") ?? "";
}

/**
 * Starts a long check with `checker`, then — 200 ms in — runs `other`; returns the order in
 * which they finished ("other" first means the check let it through).
 */
async function finishOrder(
  checker: Client,
  model: string,
  other: () => Promise<unknown>,
): Promise<string[]> {
  const order: string[] = [];
  const check = checker.callTool({
    name: "validate_ifc_model",
    arguments: { ifc_file_path: model, max_failures: 1 },
  }).then((r) => {
    order.push("check");
    return r as CallToolResult;
  });
  await new Promise((r) => setTimeout(r, 200));
  await other();
  order.push("other");
  const r = await check;
  assert.ok(!r.isError, text(r));
  return order;
}

Deno.test("a long check does not stall the same stdio connection", async () => {
  await using dir = await tempDir();
  const model = await bigModel(dir.path);
  const h = await stdioHarness(["--kv", ":memory:", "--root", dir.path]);
  try {
    await ok(h.client, "load_ids", { source: IDS, source_type: "string" });
    const order = await finishOrder(h.client, model, () => ok(h.client, "get_ids_info"));
    assert.deepEqual(order, ["other", "check"], "get_ids_info was answered during the check");
  } finally {
    await h.close();
  }
});

Deno.test("a long check over HTTP does not stall another session", async () => {
  await using dir = await tempDir();
  const model = await bigModel(dir.path);
  const server = await startHttp({ roots: [dir.path] });
  const a = await httpClient(server.url);
  const b = await httpClient(server.url);
  try {
    await ok(a.client, "load_ids", { source: IDS, source_type: "string" });
    await ok(b.client, "create_ids", { title: "B" });
    const order = await finishOrder(a.client, model, async () => {
      assert.equal((await ok(b.client, "get_ids_info")).title, "B");
    });
    assert.deepEqual(order, ["other", "check"], "session B was served during A's check");
  } finally {
    await a.client.close();
    await b.client.close();
    await server.close();
  }
});

/** Stores `xml` as session `s` of the Kv file `kv` through a server with the default limit. */
async function seedSession(kv: string, xml: string): Promise<void> {
  const setup = await stdioHarness(["--kv", kv, "--session", "s"]);
  try {
    await ok(setup.client, "load_ids", { source: xml, source_type: "string" });
  } finally {
    await setup.close();
  }
}

Deno.test("--call-timeout: a check past the limit answers timeout; the server keeps answering", async () => {
  await using dir = await tempDir();
  const model = join(dir.path, "big.ifc");
  await Deno.writeTextFile(model, syntheticModel(300_000)); // 21 MB: reading alone takes longer
  const kv = join(dir.path, "s.kv");
  await seedSession(kv, IDS);
  const h = await stdioHarness([
    ...["--kv", kv, "--session", "s", "--root", dir.path, "--call-timeout", "200ms"],
  ]);
  try {
    const started = performance.now();
    const r = await h.client.callTool({
      name: "validate_ifc_model",
      arguments: { ifc_file_path: model },
    }) as CallToolResult;
    const took = performance.now() - started;
    assert.equal(r.isError, true, text(r));
    assert.match(text(r), /^timeout: the call did not finish within its time limit of 200 ms/);
    assert.match(text(r), /--call-timeout/);
    // Limit + grace (1 s) + slack for a loaded machine; the whole check takes seconds.
    assert.ok(took < 3_000, `answered at the limit, not after the whole check (${took} ms)`);
    await h.client.ping();
  } finally {
    await h.close();
  }
});

Deno.test("--call-timeout: a load past the limit changes nothing", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "s.kv");
  const big = manySpecs(10_000);
  await seedSession(kv, IDS);
  const h = await stdioHarness(["--kv", kv, "--session", "s", "--call-timeout", "100ms"]);
  try {
    const r = await h.client.callTool({
      name: "load_ids",
      arguments: { source: big, source_type: "string" },
    }) as CallToolResult;
    assert.equal(r.isError, true, "parsing 10,000 specifications takes longer than 100 ms");
    assert.match(text(r), /^timeout: .*nothing was changed/);
    await h.client.ping();
  } finally {
    await h.close();
  }
  const store = await SessionStore.open(kv);
  try {
    const loaded = await store.load("s");
    assert.equal(loaded?.doc?.info.title, "T", "the stored document is the one before");
    assert.equal(loaded?.doc?.specifications.length, 1);
  } finally {
    store.close();
  }
});
