/**
 * Storage quotas at the MCP surface: real server processes (stdio, and two HTTP servers on one
 * Kv file), real IDS XML. A refused load or edit answers `quota_exceeded` naming the limit and
 * leaves the stored document as it was.
 */
import assert from "node:assert/strict";
import { exported, fails, httpClient, ok, stdioHarness, wallSpec } from "./_helpers.ts";
import { spawnServer } from "../http/_server.ts";
import { noisyIdsXml as noisyIds, pseudoRandomText, tempKvPath } from "../session/_helpers.ts";

const noise = (length: number, seed: number) => pseudoRandomText(length, seed)();

Deno.test("per-session quota over stdio: over-size load_ids and edit refused, document unchanged", async () => {
  const h = await stdioHarness(["--kv", ":memory:", "--max-session-bytes", "64KiB"]);
  try {
    await wallSpec(h.client, "Small");
    const before = await exported(h.client);
    await fails(
      h.client,
      "load_ids",
      { source_type: "string", source: noisyIds(200_000, "Too big") },
      /quota_exceeded: .*per-session limit of 64\.0 KiB \(server option --max-session-bytes\); nothing was changed/,
    );
    assert.equal(await exported(h.client), before, "the stored document is unchanged");
    // An edit that would grow the document past the limit is refused the same way.
    await fails(
      h.client,
      "update_specification",
      { spec_id: "S1", description: noise(150_000, 3) },
      /quota_exceeded: .*per-session limit/,
    );
    assert.equal(await exported(h.client), before);
    // Within the limit, loading still works.
    const loaded = await ok(h.client, "load_ids", {
      source_type: "string",
      source: noisyIds(20_000, "Fits"),
    });
    assert.ok(JSON.stringify(loaded).includes("Fits"));
  } finally {
    await h.close();
  }
});

Deno.test("store quota across two HTTP server processes on one Kv file; DELETE frees room", async () => {
  const { path, cleanup } = await tempKvPath();
  const args = ["--kv", path, "--max-session-bytes", "300KB", "--max-store-bytes", "350KB"];
  const [a, b] = await Promise.all([spawnServer(args), spawnServer(args)]);
  try {
    const first = await httpClient(a.url);
    const second = await httpClient(b.url);
    const ids = noisyIds(400_000, "First");
    await ok(first.client, "load_ids", { source_type: "string", source: ids });
    // The second server sees the first one's bytes through the shared counter.
    await fails(
      second.client,
      "load_ids",
      { source_type: "string", source: noisyIds(400_000, "Second", 99) },
      /quota_exceeded: .*holds [\d.]+ KiB of its limit of 341\.8 KiB \(server option --max-store-bytes\)/,
    );
    await fails(second.client, "get_ids_info", {}, /no_document/);
    // Ending the first session (DELETE on the first server) makes room on the second.
    await first.transport.terminateSession();
    await first.client.close();
    await ok(second.client, "load_ids", {
      source_type: "string",
      source: noisyIds(400_000, "Second", 99),
    });
    await second.client.close();
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await cleanup();
  }
});
