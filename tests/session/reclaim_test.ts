import assert from "node:assert/strict";
import { SessionStore } from "../../src/session/kv_store.ts";
import { isIdsError } from "../../src/ids/errors.ts";
import { CHUNK_ROOT, chunkKey, headKey, newGeneration } from "../../src/session/keys.ts";
import { StdioServer } from "../_spawn.ts";
import { MAIN } from "../mcp/_helpers.ts";
import { bigDoc, Clock, tempKvPath } from "./_helpers.ts";

/** Chunk keys by generation: `id/gen` → count. */
async function chunkGenerations(kv: Deno.Kv): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const e of kv.list({ prefix: CHUNK_ROOT })) {
    const name = `${String(e.key[3])}/${String(e.key[4])}`;
    out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}

async function currentGeneration(kv: Deno.Kv, id: string): Promise<string | undefined> {
  return (await kv.get<{ gen?: string }>(headKey(id))).value?.gen;
}

Deno.test("SIGKILL mid-write leaves chunks; a server started on the Kv reclaims them, the document intact", async () => {
  const { path, cleanup } = await tempKvPath();
  try {
    const fixture = new URL("./fixtures/killed_writer.ts", import.meta.url).pathname;
    // The writer's clock is an hour behind: what it abandons is past the 15 min margin.
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--unstable-kv", "-A", fixture, path, String(3_600_000)],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    const deadline = Date.now() + 60_000;
    while (!out.includes("chunks written") && Date.now() < deadline) {
      const { value, done } = await lines.read();
      if (done) break;
      out += value;
    }
    assert.match(out, /chunks written/, "the writer reached the header commit");
    child.kill("SIGKILL");
    const status = await child.status;
    assert.equal(status.signal, "SIGKILL");
    await lines.cancel().catch(() => {});
    await child.stderr.cancel().catch(() => {});

    const kv = await Deno.openKv(path);
    try {
      const current = await currentGeneration(kv, "victim");
      assert.ok(current, "the first document is stored");
      const before = await chunkGenerations(kv);
      const orphans = [...before].filter(([name]) => !name.endsWith(`/${current}`));
      assert.equal(orphans.length, 1, JSON.stringify([...before]));
      assert.ok(orphans[0][1] > 11, `several commits of chunks were left: ${orphans[0][1]}`);

      // Restart: a stdio server on the same file sweeps at start-up.
      const server = new StdioServer(Deno.execPath(), [
        "run",
        "--unstable-kv",
        "-A",
        MAIN,
        "serve",
        "--kv",
        path,
        "--session",
        "victim",
      ]);
      try {
        const until = Date.now() + 20_000;
        let after = before;
        while (Date.now() < until) {
          after = await chunkGenerations(kv);
          if (after.size === 1) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.deepEqual([...after], [[`victim/${current}`, before.get(`victim/${current}`)]]);
        const info = await server.call("get_ids_info");
        assert.match(JSON.stringify(info), /kept/, "the session still has its first document");
      } finally {
        const { stderr } = await server.close();
        assert.match(stderr, /reclaimed \d+ chunks .* of 1 interrupted write/);
      }
    } finally {
      kv.close();
    }
  } finally {
    await cleanup();
  }
});

Deno.test("reclaim keeps current and young generations, removes old unreferenced ones", async () => {
  const kv = await Deno.openKv(":memory:");
  const clock = new Clock();
  try {
    const store = new SessionStore(kv, { closeKv: false, now: clock.now, reclaimAfterMs: 60_000 });
    await store.create("s");
    await store.update("s", () => ({
      doc: bigDoc(1_000_000, "current", { incompressible: true }),
      result: 0,
    }));
    const current = await currentGeneration(kv, "s");
    const chunk = new Uint8Array(100);
    const put = async (id: string, gen: string, n: number) => {
      const op = kv.atomic();
      for (let i = 0; i < n; i++) op.set(chunkKey(id, gen, i), chunk);
      await op.commit();
    };
    const old = newGeneration(clock.t - 120_000);
    const young = newGeneration(clock.t - 10_000);
    const legacyLive = crypto.randomUUID(); // an older layout's id: no time in it
    const legacyGone = crypto.randomUUID();
    await put("s", old, 30);
    await put("s", young, 3);
    await put("s", legacyLive, 2);
    await put("gone", legacyGone, 4);
    await put("gone", newGeneration(clock.t - 10_000), 2);

    const result = await store.maintain();
    assert.equal(result.generations, 2);
    assert.equal(result.chunks, 34);
    const left = [...(await chunkGenerations(kv)).keys()].sort();
    assert.deepEqual(
      left,
      [`s/${current}`, `s/${young}`, `s/${legacyLive}`, left.find((n) => n.startsWith("gone/"))!]
        .sort(),
    );
    assert.ok(!left.includes(`gone/${legacyGone}`));
    assert.equal((await store.load("s"))?.doc?.info.title, "current");
    // Later the young one is old enough too.
    clock.advance(120_000);
    assert.equal((await store.maintain()).generations, 2);
  } finally {
    kv.close();
  }
});

Deno.test("a write slower than half the reclaim margin is abandoned, not committed", async () => {
  const kv = await Deno.openKv(":memory:");
  let t = Date.UTC(2026, 0, 1);
  // Every clock reading is 40 s later: between the chunk commits and the header commit, the
  // write looks older than half the margin (30 s).
  const store = new SessionStore(kv, {
    closeKv: false,
    now: () => (t += 40_000),
    reclaimAfterMs: 60_000,
    ttlMs: 24 * 3_600_000,
  });
  try {
    await store.create("s");
    await assert.rejects(
      store.update("s", () => ({
        doc: bigDoc(3_000_000, "slow", { incompressible: true }),
        result: 0,
      })),
      (e) => isIdsError(e, "busy") && /took longer than 30s; nothing was changed/.test(e.message),
    );
    assert.equal((await chunkGenerations(kv)).size, 0, "its chunks were removed");
    assert.equal((await store.load("s"))?.doc, undefined);
  } finally {
    kv.close();
  }
});
