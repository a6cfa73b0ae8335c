import assert from "node:assert/strict";
import { SessionStore } from "../../src/session/kv_store.ts";
import { isIdsError } from "../../src/ids/errors.ts";
import { bigDoc, Clock, doc, spec, tempKvPath, withSpec } from "./_helpers.ts";

const NOISY = { incompressible: true };

/** A document that takes about `bytes` in the store (its JSON compresses to ~31%). */
function storing(bytes: number, title: string) {
  return bigDoc(Math.round(bytes * 3.2), title, NOISY);
}

/** The stored (compressed) size a store reports for one session. */
async function sessionBytes(store: SessionStore, id: string): Promise<number> {
  return (await store.usage(id)).session ?? -1;
}

function quotaError(pattern: RegExp) {
  return (e: unknown) => isIdsError(e, "quota_exceeded") && pattern.test(e.message);
}

Deno.test("per-session quota: an over-size document is refused, the stored one unchanged", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new SessionStore(kv, { closeKv: false, maxSessionBytes: 400_000 });
    await store.create("s");
    await store.update("s", () => ({ doc: storing(200_000, "first"), result: 0 }));
    const before = await store.usage("s");
    assert.ok(before.session! > 100_000 && before.session! < 400_000, JSON.stringify(before));
    assert.equal(before.store, before.session, "the only session holds the whole total");
    await assert.rejects(
      store.update("s", () => ({ doc: storing(600_000, "second"), result: 0 })),
      quotaError(/per-session limit of 390\.6 KiB.*--max-session-bytes.*nothing was changed/),
    );
    // A fresh store (no cache) reads what Kv holds: the first document, the same accounting.
    const fresh = new SessionStore(kv, { closeKv: false });
    assert.equal((await fresh.load("s"))?.doc?.info.title, "first");
    assert.deepEqual(await fresh.usage("s"), before);
    // Below the limit still works, and shrinks the count.
    await store.update("s", () => ({ doc: withSpec(doc("small"), spec("S")), result: 0 }));
    assert.ok((await sessionBytes(store, "s")) < 1000);
  } finally {
    kv.close();
  }
});

Deno.test("per-session quota: a session above a lowered limit may still shrink", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const roomy = new SessionStore(kv, { closeKv: false });
    await roomy.create("s");
    await roomy.update("s", () => ({ doc: storing(500_000, "big"), result: 0 }));
    const tight = new SessionStore(kv, { closeKv: false, maxSessionBytes: 100_000 });
    // Growing is refused; shrinking (still above the limit) and renewing are not.
    await assert.rejects(
      tight.update("s", (d) => ({ doc: withSpec(withSpec(d, spec("X")), spec("Y")), result: 0 })),
      quotaError(/per-session limit/),
    );
    await tight.update("s", (d) => ({
      doc: { ...d!, specifications: d!.specifications.slice(0, -50) },
      result: 0,
    }));
    await tight.touch("s");
    assert.equal((await tight.load("s"))?.doc?.info.title, "big");
  } finally {
    kv.close();
  }
});

Deno.test("store quota: shared by every session (and store) on one Kv; deleting frees room", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const a = new SessionStore(kv, { closeKv: false, maxStoreBytes: 1_000_000 });
    const b = new SessionStore(kv, { closeKv: false, maxStoreBytes: 1_000_000 });
    const ids = ["s1", "s2", "s3", "s4"];
    for (const id of ids) await a.create(id);
    for (const [i, id] of ids.slice(0, 3).entries()) {
      await (i % 2 ? b : a).update(id, () => ({ doc: storing(300_000, id), result: 0 }));
    }
    const used = (await a.usage()).store;
    assert.ok(used > 700_000 && used < 1_000_000, `${used}`);
    let stored = 0;
    for (const id of ids) stored += await sessionBytes(a, id);
    assert.equal(used, stored, "the counter is the sum of the sessions");
    await assert.rejects(
      b.update("s4", () => ({ doc: storing(300_000, "s4"), result: 0 })),
      quotaError(/session store holds .* of its limit of 976\.6 KiB.*--max-store-bytes.*DELETE/),
    );
    assert.equal((await a.load("s4"))?.doc, undefined, "nothing stored");
    assert.equal((await a.usage()).store, used, "nothing counted");
    // Small edits still fit; ending a session makes room for the big one.
    await b.update("s4", () => ({ doc: doc("tiny"), result: 0 }));
    assert.equal(await a.delete("s1"), true);
    await b.update("s4", () => ({ doc: storing(300_000, "s4"), result: 0 }));
    assert.equal((await b.load("s4"))?.doc?.info.title, "s4");
  } finally {
    kv.close();
  }
});

Deno.test("store quota: sessions that expired stop counting (recount before refusing)", async () => {
  const kv = await Deno.openKv(":memory:");
  const clock = new Clock();
  try {
    const store = new SessionStore(kv, {
      closeKv: false,
      now: clock.now,
      ttlMs: 60_000,
      maxStoreBytes: 700_000,
    });
    await store.create("old");
    await store.update("old", () => ({ doc: storing(400_000, "old"), result: 0 }));
    await store.create("new");
    await assert.rejects(
      store.update("new", () => ({ doc: storing(400_000, "new"), result: 0 })),
      quotaError(/--max-store-bytes/),
    );
    // The header expires after the TTL, but its chunks stay in Kv (and count) for twice that.
    clock.advance(90_000);
    await store.create("new");
    await assert.rejects(
      store.update("new", () => ({ doc: storing(400_000, "new"), result: 0 })),
      quotaError(/--max-store-bytes/),
    );
    clock.advance(60_000);
    await store.create("new");
    await store.update("new", () => ({ doc: storing(400_000, "new"), result: 0 }));
    const { storeBytes } = await store.maintain();
    assert.equal(storeBytes, await sessionBytes(store, "new"));
    assert.equal((await store.usage()).store, storeBytes);
  } finally {
    kv.close();
  }
});

Deno.test("reserve: reports count against both quotas; release and delete give the room back", async () => {
  const store = await SessionStore.open(":memory:", {
    maxSessionBytes: 500_000,
    maxStoreBytes: 800_000,
  });
  try {
    await store.create("a");
    await store.create("b");
    await store.update("a", () => ({ doc: storing(200_000, "a"), result: 0 }));
    const docBytes = await sessionBytes(store, "a");
    await store.reserve("a", "report:1", 200_000);
    assert.equal(await sessionBytes(store, "a"), docBytes + 200_000);
    await assert.rejects(
      store.reserve("a", "report:2", 200_000),
      quotaError(/reserving 195\.3 KiB for 'report:2'.*per-session limit/),
    );
    // Replacing a reservation counts the difference only.
    await store.reserve("a", "report:1", 250_000);
    assert.equal(await sessionBytes(store, "a"), docBytes + 250_000);
    await store.reserve("b", "report:1", 300_000);
    await assert.rejects(store.reserve("b", "report:2", 150_000), quotaError(/--max-store-bytes/));
    // The document of a session with reports is held to the same session limit.
    await assert.rejects(
      store.update("a", () => ({ doc: storing(400_000, "a2"), result: 0 })),
      quotaError(/of it reports and other items/),
    );
    assert.equal(await store.release("a", "report:1"), true);
    assert.equal(await store.release("a", "report:1"), false);
    assert.equal(await sessionBytes(store, "a"), docBytes);
    assert.equal(await store.delete("b"), true);
    assert.equal((await store.usage()).store, docBytes, "b's reservation went with it");
    await assert.rejects(store.reserve("gone", "r", 1), (e) => isIdsError(e, "session_not_found"));
    await assert.rejects(store.reserve("a", "doc", 1), (e) => isIdsError(e, "invalid_argument"));
  } finally {
    store.close();
  }
});

Deno.test("the total stays exact under concurrent writes, renewals and deletes from many stores", async () => {
  const kv = await Deno.openKv(":memory:");
  let t = Date.UTC(2026, 0, 1);
  const now = () => ++t;
  const stores = Array.from(
    { length: 8 },
    () => new SessionStore(kv, { closeKv: false, now, renewThrottleMs: 0 }),
  );
  try {
    const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
    await Promise.all(ids.map((id) => stores[0].create(id)));
    const ops: Promise<unknown>[] = [];
    for (let k = 0; k < 240; k++) {
      const store = stores[k % stores.length];
      const id = ids[(k * 5) % ids.length];
      if (k % 6 === 0) {
        ops.push(store.update(id, () => ({ doc: bigDoc(20_000 + k * 300, id, NOISY), result: 0 })));
      } else if (k % 6 === 1) {
        ops.push(store.update(id, (d) => ({ doc: withSpec(d, spec(`k${k}`)), result: 0 })));
      } else if (k % 6 === 2) ops.push(store.touch(id));
      else if (k % 6 === 3) ops.push(store.reserve(id, `r${k % 3}`, k * 10));
      else if (k % 6 === 4) ops.push(store.load(id));
      else if (k === 53 || k === 161) ops.push(store.delete(id));
      else ops.push(store.update(id, () => ({ doc: undefined, result: 0 })));
    }
    const settled = await Promise.allSettled(ops);
    for (const s of settled) {
      if (s.status === "rejected") assert.match(String(s.reason), /not found/);
    }
    const counter = (await stores[0].usage()).store;
    let sum = 0;
    for (const id of ids) sum += await sessionBytes(stores[0], id);
    assert.equal(counter, sum, "the counter is the sum of the live usage records");
    assert.equal((await stores[1].maintain()).storeBytes, sum, "and a recount agrees");
    assert.ok(sum > 0);
  } finally {
    kv.close();
  }
});

Deno.test("store quota across two stores on one temp file (SQLite locking between them)", async () => {
  const { path, cleanup } = await tempKvPath();
  try {
    const a = await SessionStore.open(path, { maxStoreBytes: 600_000 });
    const b = await SessionStore.open(path, { maxStoreBytes: 600_000 });
    try {
      await a.create("x");
      await b.create("y");
      const results = await Promise.allSettled([
        a.update("x", () => ({ doc: storing(250_000, "x"), result: 0 })),
        b.update("y", () => ({ doc: storing(250_000, "y"), result: 0 })),
      ]);
      assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled"]);
      await a.create("z");
      await assert.rejects(
        a.update("z", () => ({ doc: storing(250_000, "z"), result: 0 })),
        quotaError(/--max-store-bytes/),
      );
      const total = (await b.usage()).store;
      assert.equal(total, (await sessionBytes(a, "x")) + (await sessionBytes(b, "y")));
    } finally {
      a.close();
      b.close();
    }
  } finally {
    await cleanup();
  }
});

Deno.test("delete: a session with more reservations than one commit may check still frees them all", async () => {
  const store = await SessionStore.open(":memory:");
  try {
    await store.create("many");
    for (let i = 0; i < 120; i++) await store.reserve("many", `report:${i}`, 1000);
    assert.deepEqual(await store.usage("many"), { session: 120_000, store: 120_000 });
    assert.equal(await store.delete("many"), true);
    assert.deepEqual(await store.usage("many"), { session: 0, store: 0 });
  } finally {
    store.close();
  }
});
