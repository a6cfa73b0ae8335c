import assert from "node:assert/strict";
import { IdsError, isIdsError } from "../../src/ids/errors.ts";
import { SessionStore } from "../../src/session/kv_store.ts";
import { Clock, doc, jsonBytes, spec, tempKvPath, withSpec } from "./_helpers.ts";

const HOUR = 3_600_000;

function memoryStore(options: ConstructorParameters<typeof SessionStore>[1] = {}) {
  return SessionStore.open(":memory:", options);
}

Deno.test("create: empty session, random id, existing session returned unchanged", async () => {
  const clock = new Clock();
  const store = await memoryStore({ now: clock.now });
  try {
    const a = await store.create();
    assert.match(a.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(a, {
      id: a.id,
      createdAt: clock.t,
      lastAccess: clock.t,
      expiresAt: clock.t + 24 * HOUR,
      specificationCount: 0,
      hasDocument: false,
      sizeBytes: 0,
    });
    const b = await store.create();
    assert.notEqual(a.id, b.id);
    await store.update(a.id, () => ({ doc: doc("T", [spec("S1")]), result: null }));
    clock.advance(1000);
    const again = await store.create(a.id);
    assert.equal(again.hasDocument, true);
    assert.equal(again.specificationCount, 1);
    const loaded = await store.load(a.id);
    assert.deepEqual(loaded?.doc, doc("T", [spec("S1")]));
  } finally {
    store.close();
  }
});

Deno.test("load: missing → undefined; document and metadata round trip", async () => {
  const store = await memoryStore();
  try {
    assert.equal(await store.load("nope"), undefined);
    assert.equal(await store.load("with space"), undefined);
    await store.create("s");
    const empty = await store.load("s");
    assert.equal(empty?.doc, undefined);
    assert.equal("doc" in empty!, false);
    const d = doc("Fire safety", [spec("S1"), spec("S2", "ünïcødé ✓")]);
    const { meta, result } = await store.update("s", (cur, m) => {
      assert.equal(cur, undefined);
      assert.equal(m.hasDocument, false);
      return { doc: d, result: "done" };
    });
    assert.equal(result, "done");
    assert.equal(meta.title, "Fire safety");
    assert.equal(meta.specificationCount, 2);
    assert.equal(meta.sizeBytes, jsonBytes(d));
    const loaded = await store.load("s");
    assert.deepEqual(loaded?.doc, d);
    assert.deepEqual(loaded?.meta, meta);
  } finally {
    store.close();
  }
});

Deno.test("documents handed out are deep-frozen", async () => {
  const store = await memoryStore();
  try {
    await store.create("s");
    await store.update("s", (d) => ({ doc: withSpec(d, spec("S1")), result: 0 }));
    const loaded = await store.load("s");
    assert.throws(() => (loaded!.doc!.specifications as unknown[]).push(spec("X")), TypeError);
    assert.throws(() => {
      (loaded!.doc!.info as { title: string }).title = "changed";
    }, TypeError);
  } finally {
    store.close();
  }
});

Deno.test("update: missing session → session_not_found; fn error propagates, nothing written", async () => {
  const store = await memoryStore();
  try {
    await assert.rejects(
      store.update("ghost", (d) => ({ doc: d, result: 0 })),
      (e) => isIdsError(e, "session_not_found") && /ghost/.test(e.message),
    );
    await store.create("s");
    const first = await store.update("s", () => ({ doc: doc("v1", [spec("A")]), result: 0 }));
    await assert.rejects(
      store.update("s", () => {
        throw new IdsError("not_found", "spec 'S3' not found; existing: A");
      }),
      (e) => isIdsError(e, "not_found"),
    );
    const after = await store.load("s");
    assert.deepEqual(after?.doc, doc("v1", [spec("A")]));
    assert.equal(after?.meta.lastAccess, first.meta.lastAccess);
  } finally {
    store.close();
  }
});

Deno.test("update: an fn returning a promise or nonsense is refused, the document kept", async () => {
  const store = await memoryStore();
  try {
    await store.create("s");
    await store.update("s", () => ({ doc: doc("kept", [spec("A")]), result: 0 }));
    const bad = [
      // deno-lint-ignore require-await
      (async () => ({ doc: undefined, result: 0 })) as unknown as () => {
        doc: undefined;
        result: number;
      },
      (() => undefined) as unknown as () => { doc: undefined; result: number },
    ];
    for (const fn of bad) {
      await assert.rejects(
        store.update("s", fn),
        (e) => isIdsError(e, "invalid_argument") && /synchronously/.test(e.message),
      );
    }
    assert.deepEqual((await store.load("s"))?.doc, doc("kept", [spec("A")]));
  } finally {
    store.close();
  }
});

Deno.test("update: returning the same document only renews; undefined clears it", async () => {
  const clock = new Clock();
  const store = await memoryStore({ now: clock.now });
  try {
    await store.create("s");
    await store.update("s", () => ({ doc: doc("v1", [spec("A")]), result: 0 }));
    clock.advance(HOUR);
    const { meta } = await store.update("s", (d) => ({ doc: d, result: 0 }));
    assert.equal(meta.lastAccess, clock.t);
    assert.equal(meta.expiresAt, clock.t + 24 * HOUR);
    assert.equal(meta.specificationCount, 1);
    const cleared = await store.update("s", () => ({ doc: undefined, result: 0 }));
    assert.equal(cleared.meta.hasDocument, false);
    assert.equal(cleared.meta.sizeBytes, 0);
    assert.equal(cleared.meta.title, undefined);
    assert.equal((await store.load("s"))?.doc, undefined);
  } finally {
    store.close();
  }
});

Deno.test("ensure: creates once, then renews and keeps the document", async () => {
  const clock = new Clock();
  const store = await memoryStore({ now: clock.now });
  try {
    const a = await store.ensure("default");
    assert.equal(a.hasDocument, false);
    await store.update("default", () => ({ doc: doc("kept"), result: 0 }));
    clock.advance(2 * HOUR);
    const b = await store.ensure("default");
    assert.equal(b.createdAt, a.createdAt);
    assert.equal(b.lastAccess, clock.t);
    assert.equal(b.title, "kept");
  } finally {
    store.close();
  }
});

Deno.test("delete and touch", async () => {
  const clock = new Clock();
  const store = await memoryStore({ now: clock.now });
  try {
    await store.create("s");
    assert.equal(await store.touch("missing"), false);
    clock.advance(HOUR);
    assert.equal(await store.touch("s"), true);
    assert.equal((await store.load("s"))?.meta.lastAccess, clock.t);
    assert.equal(await store.delete("s"), true);
    assert.equal(await store.delete("s"), false);
    assert.equal(await store.load("s"), undefined);
    assert.equal((await store.list()).sessions.length, 0);
    await assert.rejects(
      store.update("s", (d) => ({ doc: d, result: 0 })),
      (e) => isIdsError(e, "session_not_found"),
    );
  } finally {
    store.close();
  }
});

Deno.test("invalid ids and options are rejected with invalid_argument", async () => {
  const store = await memoryStore();
  try {
    await assert.rejects(store.create(""), (e) => isIdsError(e, "invalid_argument"));
    await assert.rejects(store.create("a b"), (e) => isIdsError(e, "invalid_argument"));
    await assert.rejects(store.ensure("x".repeat(300)), (e) => isIdsError(e, "invalid_argument"));
    await assert.rejects(store.list({ limit: 0 }), (e) => isIdsError(e, "invalid_argument"));
    await assert.rejects(
      store.list({ cursor: "not a cursor" }),
      (e) => isIdsError(e, "invalid_argument") && /cursor/.test(e.message),
    );
  } finally {
    store.close();
  }
  const kv = await Deno.openKv(":memory:");
  try {
    assert.throws(
      () => new SessionStore(kv, { ttlMs: 0 }),
      (e) => isIdsError(e, "invalid_argument"),
    );
    assert.throws(
      () => new SessionStore(kv, { maxDocumentBytes: -1 }),
      (e) => isIdsError(e, "invalid_argument"),
    );
  } finally {
    kv.close();
  }
});

Deno.test("expiry: past TTL reads as gone before Kv purges; activity renews", async () => {
  const clock = new Clock();
  const kv = await Deno.openKv(":memory:");
  const store = new SessionStore(kv, { now: clock.now, ttlMs: 30 * 60_000, closeKv: false });
  try {
    await store.create("idle");
    await store.create("busy");
    await store.update("busy", () => ({ doc: doc("B"), result: 0 }));
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * 60_000); // 20 min steps: each < TTL, total 100 min > TTL
      await store.update("busy", (d) => ({ doc: withSpec(d, spec(`S${i}`)), result: 0 }));
    }
    assert.equal(await store.load("idle"), undefined);
    assert.equal(await store.touch("idle"), false);
    await assert.rejects(
      store.update("idle", (d) => ({ doc: d, result: 0 })),
      (e) => isIdsError(e, "session_not_found") && /30m/.test(e.message),
    );
    // Kv still holds the expired header (real time has not passed): only expiresAt hides it.
    const raw = await kv.get(["ids-mcp", "v1", "session", "idle"]);
    assert.notEqual(raw.value, null);
    const busy = await store.load("busy");
    assert.equal(busy?.doc?.specifications.length, 5);
    assert.deepEqual((await store.list()).sessions.map((s) => s.id), ["busy"]);
    // An expired id can be created afresh.
    const again = await store.create("idle");
    assert.equal(again.createdAt, clock.t);
    assert.equal(again.hasDocument, false);
  } finally {
    store.close();
    kv.close();
  }
});

Deno.test("expiry: reads renew at most every renewThrottleMs", async () => {
  const clock = new Clock();
  const store = await memoryStore({ now: clock.now, ttlMs: 24 * HOUR });
  try {
    const created = await store.create("s");
    clock.advance(30 * 60_000); // under the default throttle (ttl/24 = 1 h)
    const early = await store.load("s");
    assert.equal(early?.meta.lastAccess, created.lastAccess);
    assert.equal(early?.meta.expiresAt, created.expiresAt);
    clock.advance(31 * 60_000); // now 61 min since the last renewal
    const renewed = await store.load("s");
    assert.equal(renewed?.meta.lastAccess, clock.t);
    assert.equal(renewed?.meta.expiresAt, clock.t + 24 * HOUR);
    // Only reading, once an hour, keeps it alive well past the original TTL.
    for (let h = 0; h < 48; h++) {
      clock.advance(HOUR);
      assert.notEqual(await store.load("s"), undefined, `gone after ${h + 1} h of hourly reads`);
    }
    clock.advance(24 * HOUR);
    assert.equal(await store.load("s"), undefined);
  } finally {
    store.close();
  }
});

Deno.test("list: newest lastAccess first, paginated with a cursor, expired left out", async () => {
  const clock = new Clock();
  const store = await memoryStore({ now: clock.now, ttlMs: 10 * HOUR });
  try {
    for (let i = 0; i < 25; i++) {
      clock.advance(1000);
      await store.create(`s${String(i).padStart(2, "0")}`);
    }
    clock.advance(1000);
    await store.touch("s03"); // now the newest
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ limit: 7, cursor });
      assert.ok(page.sessions.length <= 7);
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 4);
    const expected = [
      "s03",
      ...Array.from({ length: 25 }, (_, i) => `s${String(24 - i).padStart(2, "0")}`).filter((
        id,
      ) => id !== "s03"),
    ];
    assert.deepEqual(seen, expected);
    // Sessions older than the TTL drop out of the list.
    clock.advance(10 * HOUR - 10_500);
    const live = (await store.list({ limit: 100 })).sessions.map((s) => s.id);
    assert.deepEqual(live, expected.slice(0, 11));
    assert.equal((await store.list({ limit: 100 })).cursor, undefined);
  } finally {
    store.close();
  }
});

Deno.test("restart-proof: close and reopen the same file → same document", async () => {
  const { path, cleanup } = await tempKvPath();
  try {
    const d = doc("Persisted", [spec("A"), spec("B")]);
    const first = await SessionStore.open(path);
    await first.ensure("default");
    await first.update("default", () => ({ doc: d, result: 0 }));
    first.close();
    const second = await SessionStore.open(path);
    try {
      const loaded = await second.load("default");
      assert.deepEqual(loaded?.doc, d);
      assert.equal(loaded?.meta.specificationCount, 2);
      const { meta } = await second.update("default", (cur) => ({
        doc: withSpec(cur, spec("C")),
        result: 0,
      }));
      assert.equal(meta.specificationCount, 3);
    } finally {
      second.close();
    }
  } finally {
    await cleanup();
  }
});
