/**
 * Issue 15, items 2, 3 and 7 end to end over HTTP (a spawned `serve --http`): while one client
 * runs heavy work (inspecting and checking a generated model, loading a one-line XML body),
 * another client's cheap calls stay fast; heavy calls beyond the limits are refused `busy`
 * with a retry hint; the server lives and its peak memory stays bounded.
 *
 * Bounds are generous (a busy CI machine), yet far below what the unfixed server did: a
 * synchronous inspect of the model blocked every client for its whole duration, and four
 * checks moved the bystander's median to about 1 s.
 *
 * @module
 */
import assert from "node:assert/strict";
import { serveOnce, spawnServer } from "./_server.ts";
import { HttpClient, text } from "../_spawn.ts";
import { bystander, peakRssMb, percentile } from "./_bystander.ts";
import { writeGeneratedIfc } from "../../bench/gen_ifc.ts";

const IDS = new URL("../../bench/fixtures/bench20.ids", import.meta.url);

async function client(url: URL, ids = true): Promise<HttpClient> {
  const c = new HttpClient(url.href);
  await c.initialize();
  if (ids) {
    const r = await c.call("load_ids", {
      source: await Deno.readTextFile(IDS),
      source_type: "string",
    });
    assert.ok(!r.isError, text(r));
  } else await c.call("create_ids", { title: "bystander" });
  return c;
}

Deno.test({
  name: "heavy work: a bystander stays responsive while another client inspects and checks",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "heavy_test_" });
    const server = await spawnServer(["--root", dir, "--kv", ":memory:"]);
    try {
      const model = `${dir}/model.ifc`;
      await writeGeneratedIfc(model, 6);
      const by = await client(server.url, false);
      const heavy = await client(server.url);
      for (let i = 0; i < 3; i++) await by.call("get_ids_info"); // warm up
      const work = (async () => {
        const inspected = await heavy.call("inspect_ifc_model", { ifc_file_path: model });
        assert.ok(!inspected.isError, text(inspected));
        assert.ok((inspected.structuredContent?.instances as number) > 50_000);
        // Two checks at once: both run (the default limit is 2 per session and 2 in all).
        const checks = await Promise.all(
          [1, 2].map(() =>
            heavy.call("validate_ifc_model", { ifc_file_path: model, max_failures: 5 })
          ),
        );
        for (const c of checks) assert.ok(!c.isError, text(c));
        const loaded = await heavy.call("load_ids", {
          source: `<a>${"<x/>".repeat(400_000)}</a>`,
          source_type: "string",
        });
        assert.match(text(loaded), /^structure:/);
      })();
      const latencies = await bystander(by, work);
      await work;
      const [p50, p95] = [percentile(latencies, 50), percentile(latencies, 95)];
      const seen = `p50 ${Math.round(p50)} ms, p95 ${
        Math.round(p95)
      } ms (${latencies.length} calls)`;
      assert.ok(latencies.length >= 10, seen);
      // Unfixed, the median alone was about 1 s under four checks; a quiet machine gives a p95
      // of tens of ms. The p95 bound leaves room for GC pauses on a machine shared by many
      // processes (young-generation collections measured at 100–250 ms there).
      assert.ok(p50 < 250, seen);
      assert.ok(p95 < 1000, seen);
      // The server lives and answers.
      assert.ok(!(await by.call("get_ids_info")).isError);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "heavy work: calls beyond the limits are refused busy; the server lives, memory bounded",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "heavy_test_" });
    const server = await spawnServer(["--kv", ":memory:", "--heavy-queue", "1"]);
    try {
      const path = `${dir}/content.ifc`;
      await writeGeneratedIfc(path, 2);
      const content = await Deno.readTextFile(path);
      const clients = await Promise.all([1, 2, 3].map(() => client(server.url)));
      // Three sessions × 3 calls: at most 2 per session, 2 running and 1 waiting in all.
      const results = await Promise.all(
        clients.flatMap((c) =>
          [1, 2, 3].map(() =>
            c.call("validate_ifc_model", { ifc_content: content, max_failures: 5 })
          )
        ),
      );
      const busy = results.filter((r) => r.isError);
      for (const r of busy) {
        assert.match(text(r), /^busy: .*retry after about \d+ s \(retry_after: \d+\)/s);
      }
      assert.ok(busy.length >= 3, `${busy.length} of 9 refused`);
      assert.ok(results.length - busy.length >= 2, "some calls ran");
      for (const r of results.filter((r) => !r.isError)) {
        assert.equal(r.structuredContent?.status, "validation_complete");
      }
      // Alive, and a refused client can retry once the others are done.
      const again = await clients[0].call("validate_ifc_model", {
        ifc_content: content,
        max_failures: 5,
      });
      assert.ok(!again.isError, text(again));
      const rss = await peakRssMb(server.child.pid);
      assert.ok(rss < 1500, `peak RSS ${rss} MB`);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "heavy work: a call waiting for a slot still ends at the call timeout",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "heavy_test_" });
    const server = await spawnServer([
      "--root",
      dir,
      "--kv",
      ":memory:",
      "--max-heavy-calls",
      "1",
      "--call-timeout",
      "200ms",
    ]);
    try {
      // Big enough that inspecting it takes well over the limit on a quiet machine too (a
      // 6 MB model was inspected within 400 ms there, and the first call then succeeded).
      const model = `${dir}/model.ifc`;
      await writeGeneratedIfc(model, 20);
      const [a, b] = await Promise.all([1, 2].map(() => client(server.url, false)));
      // One runs (and is stopped at its limit), the other waits for the slot past its limit.
      const t0 = performance.now();
      const results = await Promise.all(
        [a, b].map((c) => c.call("inspect_ifc_model", { ifc_file_path: model })),
      );
      const ms = performance.now() - t0;
      for (const r of results) assert.match(text(r), /^timeout: /);
      assert.ok(ms < 20_000, `answered after ${Math.round(ms)} ms`);
      // The server lives and answers.
      assert.ok(!(await a.call("get_ids_info")).isError);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("heavy work: serve refuses bad --max-heavy-calls and --heavy-queue values", async () => {
  for (
    const [args, msg] of [
      [["--max-heavy-calls", "0"], /--max-heavy-calls must be an integer ≥ 1, got '0'/],
      [["--heavy-queue=-1"], /--heavy-queue must be an integer ≥ 0, got '-1'/],
      [["--heavy-queue", "two"], /--heavy-queue must be an integer ≥ 0, got 'two'/],
    ] as const
  ) {
    const { code, err } = await serveOnce([...args, "--kv", ":memory:"]);
    assert.equal(code, 2, err);
    assert.match(err, msg);
  }
});
