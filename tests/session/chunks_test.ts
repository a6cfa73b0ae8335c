import assert from "node:assert/strict";
import { isIdsError } from "../../src/ids/errors.ts";
import type { IdsDocument } from "../../src/ids/model.ts";
import {
  CHUNK_BYTES,
  decodeDocument,
  encodeDocument,
  INLINE_MAX_BYTES,
  splitChunks,
} from "../../src/session/chunks.ts";
import { SessionStore } from "../../src/session/kv_store.ts";
import { bigDoc, Clock, doc, jsonBytes, spec, tempKvPath, withSpec } from "./_helpers.ts";

const HOUR = 3_600_000;
/** Documents that stay big after compression, to exercise chunking. */
const NOISY = { incompressible: true };

/** Chunk generations Kv holds for `id`, with their chunk counts (read straight from Kv). */
async function generations(kv: Deno.Kv, id: string): Promise<Map<string, number>> {
  const gens = new Map<string, number>();
  for await (const e of kv.list({ prefix: ["ids-mcp", "v1", "chunk", id] })) {
    const gen = e.key[4] as string;
    gens.set(gen, (gens.get(gen) ?? 0) + 1);
  }
  return gens;
}

async function header(kv: Deno.Kv, id: string) {
  return (await kv.get<Record<string, unknown>>(["ids-mcp", "v1", "session", id])).value!;
}

Deno.test("encodeDocument writes a shared applicability/requirements once; decodeDocument restores the sharing, the keys' order and the freeze", () => {
  const shared = spec("A", "same content");
  const other = spec("C");
  const specs = [
    shared,
    // Another head with the very same content objects (as the reader gives repeated text).
    { ...shared, name: "B", identifier: "S2" },
    other,
    // Keys in another order, and no requirements at all.
    { applicability: other.applicability, name: "D", ifcVersion: ["IFC2X3" as const] },
  ];
  const d = doc("Shared ✓", specs);
  const bytes = encodeDocument(d);
  const stored = JSON.parse(new TextDecoder().decode(bytes));
  assert.equal(Object.keys(stored)[0], "sharedParts");
  // A, B share both parts; C's and D's applicability is one object: 4 distinct parts, not 7.
  assert.equal(stored.sharedParts.length, 4);
  assert.ok(bytes.length < new TextEncoder().encode(JSON.stringify(d)).length);

  const back = decodeDocument(bytes);
  assert.equal(JSON.stringify(back), JSON.stringify(d), "same JSON, keys in the same order");
  assert.equal(back.specifications[0].applicability, back.specifications[1].applicability);
  assert.equal(back.specifications[0].requirements, back.specifications[1].requirements);
  assert.equal(back.specifications[2].applicability, back.specifications[3].applicability);
  assert.notEqual(back.specifications[0].applicability, back.specifications[2].applicability);
  assert.ok(!("requirements" in back.specifications[3]));
  assert.ok(Object.isFrozen(back.specifications[1].requirements!.facets[0]));
  assert.throws(() => {
    (back.specifications[0].applicability.facets as unknown[]).push(1);
  }, TypeError);
});

Deno.test("decodeDocument reads the plain JSON that sessions stored before shared parts", () => {
  const d = doc("Old session", [spec("A"), spec("B")]);
  const back = decodeDocument(new TextEncoder().encode(JSON.stringify(d)));
  assert.deepEqual(back, d);
  assert.ok(Object.isFrozen(back.specifications[1].applicability));
});

Deno.test("decodeDocument refuses a part index that names no shared part", () => {
  const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  const head = { name: "A", ifcVersion: ["IFC4"] };
  assert.throws(
    () =>
      decodeDocument(bytes({
        sharedParts: [{ facets: [] }],
        info: { title: "t" },
        specifications: [{ ...head, applicability: 0, requirements: 3 }],
      })),
    /no shared part 3/,
  );
  assert.throws(
    () => decodeDocument(bytes({ sharedParts: {}, info: { title: "t" }, specifications: [] })),
    /not a list/,
  );
});

Deno.test("splitChunks: views below Kv's 64 KiB value limit that join back", () => {
  const bytes = new Uint8Array(CHUNK_BYTES * 2 + 5).map((_, i) => i % 251);
  const parts = splitChunks(bytes);
  assert.deepEqual(parts.map((p) => p.length), [CHUNK_BYTES, CHUNK_BYTES, 5]);
  assert.ok(CHUNK_BYTES < 65536);
});

Deno.test("a 5 MB document round-trips exactly through a file-backed Kv", async () => {
  const { path, cleanup } = await tempKvPath();
  const big = bigDoc(5_000_000, "Nationaal IDS ✓", NOISY);
  const size = jsonBytes(big);
  assert.ok(size >= 5_000_000);
  try {
    const writer = await SessionStore.open(path);
    await writer.create("big");
    const { meta } = await writer.update("big", () => ({ doc: big, result: 0 }));
    assert.equal(meta.sizeBytes, size);
    assert.equal(meta.specificationCount, big.specifications.length);
    writer.close();
    const kv = await Deno.openKv(path);
    const reader = new SessionStore(kv, { closeKv: false });
    try {
      const loaded = await reader.load("big");
      assert.deepEqual(loaded?.doc, big);
      assert.equal(JSON.stringify(loaded?.doc), JSON.stringify(big));
      const gens = await generations(kv, "big");
      assert.equal(gens.size, 1, "exactly one generation stored");
      const h = await header(kv, "big");
      assert.ok((h.storedBytes as number) > 12 * CHUNK_BYTES, "needs several commits");
      assert.deepEqual([...gens.values()], [Math.ceil((h.storedBytes as number) / CHUNK_BYTES)]);
    } finally {
      kv.close();
    }
  } finally {
    await cleanup();
  }
});

Deno.test("a compressible 5 MB document is stored compressed and round-trips", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const big = bigDoc(5_000_000, "repetitive");
    const writer = new SessionStore(kv, { closeKv: false });
    await writer.create("z");
    const { meta } = await writer.update("z", () => ({ doc: big, result: 0 }));
    assert.equal(meta.sizeBytes, jsonBytes(big), "sizeBytes is the JSON size");
    const h = await header(kv, "z");
    assert.equal(h.encoding, "deflate-raw");
    assert.ok((h.storedBytes as number) < meta.sizeBytes / 5);
    const loaded = await new SessionStore(kv, { closeKv: false }).load("z");
    assert.deepEqual(loaded?.doc, big);
  } finally {
    kv.close();
  }
});

Deno.test("replacing and shrinking a big document removes the old chunks", async () => {
  const kv = await Deno.openKv(":memory:");
  const store = new SessionStore(kv, { closeKv: false });
  try {
    await store.create("s");
    await store.update("s", () => ({ doc: bigDoc(2_000_000, "one", NOISY), result: 0 }));
    const [first] = (await generations(kv, "s")).keys();
    const second = bigDoc(600_000, "two", NOISY); // fits one commit: written with the header
    await store.update("s", () => ({ doc: second, result: 0 }));
    const gens = await generations(kv, "s");
    assert.equal(gens.size, 1);
    assert.ok(!gens.has(first));
    const small = doc("small", [spec("A")]);
    await store.update("s", () => ({ doc: small, result: 0 }));
    assert.equal((await generations(kv, "s")).size, 0, "small documents live in the header");
    assert.ok(jsonBytes(small) <= INLINE_MAX_BYTES);
    assert.deepEqual((await new SessionStore(kv, { closeKv: false }).load("s"))?.doc, small);
    await store.update("s", () => ({ doc: bigDoc(3_000_000, "three", NOISY), result: 0 }));
    assert.equal(await store.delete("s"), true);
    assert.equal((await generations(kv, "s")).size, 0, "delete removes the chunks");
  } finally {
    kv.close();
  }
});

Deno.test("too_large: a clear error, the previous version intact, no chunks left behind", async () => {
  const kv = await Deno.openKv(":memory:");
  const store = new SessionStore(kv, { maxDocumentBytes: 1_000_000, closeKv: false });
  try {
    await store.create("s");
    const v1 = bigDoc(700_000, "v1", NOISY);
    await store.update("s", () => ({ doc: v1, result: 0 }));
    const before = await generations(kv, "s");
    await assert.rejects(
      store.update("s", () => ({ doc: bigDoc(1_500_000, "v2", NOISY), result: 0 })),
      (e) =>
        isIdsError(e, "too_large") && /limit/.test(e.message) &&
        /nothing was changed/.test(e.message),
    );
    assert.deepEqual(await generations(kv, "s"), before);
    assert.deepEqual((await new SessionStore(kv, { closeKv: false }).load("s"))?.doc, v1);
  } finally {
    kv.close();
  }
});

Deno.test("fn throwing during a big update leaves the previous version and no new chunks", async () => {
  const kv = await Deno.openKv(":memory:");
  const store = new SessionStore(kv, { closeKv: false });
  try {
    await store.create("s");
    const v1 = bigDoc(1_500_000, "v1", NOISY);
    await store.update("s", () => ({ doc: v1, result: 0 }));
    const before = await generations(kv, "s");
    await assert.rejects(
      store.update("s", () => {
        throw new Error("edit failed");
      }),
      /edit failed/,
    );
    assert.deepEqual(await generations(kv, "s"), before);
    assert.deepEqual((await new SessionStore(kv, { closeKv: false }).load("s"))?.doc, v1);
  } finally {
    kv.close();
  }
});

Deno.test("a conflicting writer during a multi-commit write: loser's chunks removed, readers never see half a document", async () => {
  const kv = await Deno.openKv(":memory:");
  const writer = new SessionStore(kv, { closeKv: false });
  const rival = new SessionStore(kv, { closeKv: false });
  try {
    await writer.create("s");
    // A small v1 keeps the rival's read-edit-commit to about a millisecond, while the writer's
    // first attempt compresses 5 MB and writes it in several commits: the rival lands between.
    const v1 = doc("v1", [spec("A")]);
    await writer.update("s", () => ({ doc: v1, result: 0 }));
    const v2 = bigDoc(5_000_000, "v2", NOISY);
    let calls = 0;
    let rivalDone: Promise<unknown> | undefined;
    const titlesSeen = new Set<string>();
    let writing = true;
    // Readers without a cache (cacheBytes: 0) read Kv every time while the big write runs.
    const readers = Array.from({ length: 3 }, async () => {
      const reader = new SessionStore(kv, { closeKv: false, cacheBytes: 0 });
      while (writing) {
        const seen = await reader.load("s");
        const d = seen?.doc as IdsDocument;
        const count = d.specifications.length;
        titlesSeen.add(`${d.info.title}:${count}`);
        assert.equal(seen?.meta.specificationCount, count, "metadata matches the document");
      }
    });
    const { meta } = await writer.update("s", (d) => {
      calls++;
      // The first attempt is overtaken by a small rival commit while its chunks are written.
      if (calls === 1) {
        rivalDone = rival.update("s", (cur) => ({ doc: withSpec(cur, spec("rival")), result: 0 }));
      }
      return {
        doc: { ...v2, specifications: [...v2.specifications, ...d!.specifications.slice(-1)] },
        result: 0,
      };
    });
    await rivalDone;
    writing = false;
    await Promise.all(readers);
    assert.ok(calls >= 2, `the first attempt must have conflicted (fn ran ${calls} times)`);
    const final = await new SessionStore(kv, { closeKv: false, cacheBytes: 0 }).load("s");
    assert.equal(final?.meta.specificationCount, v2.specifications.length + 1);
    assert.equal(
      final?.doc?.specifications.at(-1)?.name,
      "rival",
      "the retry saw the rival's edit",
    );
    const gens = await generations(kv, "s");
    assert.equal(gens.size, 1, "the losing attempt's chunks were deleted");
    const h = await header(kv, "s");
    assert.equal(h.sizeBytes, meta.sizeBytes);
    assert.equal([...gens.values()][0], Math.ceil((h.storedBytes as number) / CHUNK_BYTES));
    const allowed = new Set([
      `v1:${v1.specifications.length}`,
      `v1:${v1.specifications.length + 1}`,
      `v2:${v2.specifications.length + 1}`,
    ]);
    for (const t of titlesSeen) assert.ok(allowed.has(t), `reader saw a torn document: ${t}`);
  } finally {
    kv.close();
  }
});

Deno.test("chunks outlive their header: renewals rewrite them before they would expire", async () => {
  const clock = new Clock();
  const kv = await Deno.openKv(":memory:");
  const store = new SessionStore(kv, { now: clock.now, ttlMs: 24 * HOUR, closeKv: false });
  try {
    await store.create("s");
    const big = bigDoc(300_000, "renewed", NOISY);
    await store.update("s", () => ({ doc: big, result: 0 }));
    const gen0 = (await header(kv, "s")).gen;
    for (let i = 0; i < 100; i++) {
      clock.advance(HOUR);
      await (i % 2 ? store.touch("s") : store.load("s"));
      const h = await header(kv, "s");
      assert.ok(
        (h.chunksExpireAt as number) >= (h.expiresAt as number),
        `after ${i + 1} h: chunks expire at ${h.chunksExpireAt}, header at ${h.expiresAt}`,
      );
      assert.equal((await generations(kv, "s")).size, 1);
    }
    assert.notEqual((await header(kv, "s")).gen, gen0, "the chunks were rewritten");
    assert.deepEqual(
      (await new SessionStore(kv, { closeKv: false, now: clock.now }).load("s"))?.doc,
      big,
    );
  } finally {
    kv.close();
  }
});
