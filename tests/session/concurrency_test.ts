import assert from "node:assert/strict";
import { SessionStore } from "../../src/session/kv_store.ts";
import { doc, spec, tempKvPath, withSpec } from "./_helpers.ts";

function names(d: { specifications: readonly { name: string }[] } | undefined): string[] {
  return (d?.specifications ?? []).map((s) => s.name);
}

function assertExactly(actual: string[], expected: string[]): void {
  assert.equal(actual.length, expected.length, "no update lost or duplicated");
  assert.deepEqual([...actual].sort(), [...expected].sort());
  assert.equal(new Set(actual).size, actual.length, "no duplicates");
}

Deno.test("64 concurrent updates through one store: all 64 specifications, once each", async () => {
  const store = await SessionStore.open(":memory:");
  try {
    await store.create("s");
    let calls = 0;
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        store.update("s", (d) => {
          calls++;
          return { doc: withSpec(d, spec(`S${i}`)), result: i };
        })),
    );
    assert.deepEqual(results.map((r) => r.result), Array.from({ length: 64 }, (_, i) => i));
    const loaded = await store.load("s");
    assertExactly(names(loaded?.doc), Array.from({ length: 64 }, (_, i) => `S${i}`));
    assert.equal(loaded?.meta.specificationCount, 64);
    assert.equal(calls, 64, "one store serialises its own updates: no wasted attempts");
  } finally {
    store.close();
  }
});

Deno.test("64 concurrent updates through 64 stores on one Kv: versionstamp conflicts retried", async () => {
  const kv = await Deno.openKv(":memory:");
  const stores = Array.from({ length: 64 }, () => new SessionStore(kv, { closeKv: false }));
  try {
    await stores[0].create("s");
    let calls = 0;
    await Promise.all(stores.map((store, i) =>
      store.update("s", (d) => {
        calls++;
        return { doc: withSpec(d, spec(`S${i}`)), result: null };
      })
    ));
    // A fresh store (empty cache) reads what Kv holds.
    const fresh = new SessionStore(kv, { closeKv: false });
    assertExactly(names((await fresh.load("s"))?.doc), stores.map((_, i) => `S${i}`));
    assert.ok(calls > 64, `conflicts must have happened (fn ran ${calls} times)`);
  } finally {
    kv.close();
  }
});

Deno.test("64 concurrent updates on a temp file from two processes: none lost or duplicated", async () => {
  const { path, cleanup } = await tempKvPath();
  try {
    const worker = new URL("./fixtures/worker.ts", import.meta.url).pathname;
    const barrier = `${path}.barrier`;
    await Deno.mkdir(barrier);
    const run = (tag: string) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--unstable-kv", "-A", worker, path, "shared", tag, "32", "4", barrier, "2"],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const outputs = await Promise.all([run("A"), run("B")]);
    const reports = outputs.map((o) => {
      assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
      return JSON.parse(new TextDecoder().decode(o.stdout).trim()) as {
        ok: number;
        fnCalls: number;
        errors: string[];
        conflicts: number;
        locked: number;
      };
    });
    const contention = reports.reduce((n, r) => n + r.conflicts + r.locked, 0);
    assert.ok(contention > 0, `the processes must have contended: ${JSON.stringify(reports)}`);
    for (const r of reports) {
      assert.deepEqual(r.errors, []);
      assert.equal(r.ok, 32);
    }
    const store = await SessionStore.open(path);
    try {
      const expected = ["A", "B"].flatMap((t) => Array.from({ length: 32 }, (_, i) => `${t}-${i}`));
      assertExactly(names((await store.load("shared"))?.doc), expected);
    } finally {
      store.close();
    }
  } finally {
    await cleanup();
  }
});

Deno.test("1,000 sessions created concurrently, each with its own document", async () => {
  const store = await SessionStore.open(":memory:");
  try {
    const ids = Array.from({ length: 1000 }, (_, i) => `session-${i}`);
    await Promise.all(ids.map(async (id) => {
      await store.create(id);
      await store.update(
        id,
        () => ({ doc: doc(`title of ${id}`, [spec(`spec of ${id}`)]), result: 0 }),
      );
    }));
    // Read back through a second store so nothing comes from the first one's cache.
    const kvPeek = await Promise.all(ids.map((id) => store.load(id)));
    kvPeek.forEach((s, i) => {
      assert.equal(s?.meta.id, ids[i]);
      assert.equal(s?.doc?.info.title, `title of ${ids[i]}`);
      assert.deepEqual(names(s?.doc), [`spec of ${ids[i]}`]);
    });
    let total = 0;
    let cursor: string | undefined;
    const listed = new Set<string>();
    do {
      const page = await store.list({ limit: 1000, cursor });
      for (const m of page.sessions) listed.add(m.id);
      total += page.sessions.length;
      cursor = page.cursor;
    } while (cursor);
    assert.equal(total, 1000);
    assert.equal(listed.size, 1000);
  } finally {
    store.close();
  }
});

Deno.test("1,000 sessions on a temp file, read back after reopening", async () => {
  const { path, cleanup } = await tempKvPath();
  try {
    const ids = Array.from({ length: 1000 }, () => crypto.randomUUID());
    const writer = await SessionStore.open(path);
    await Promise.all(ids.map(async (id) => {
      await writer.create(id);
      await writer.update(id, () => ({ doc: doc(id, [spec(id)]), result: 0 }));
    }));
    writer.close();
    const reader = await SessionStore.open(path);
    try {
      const loaded = await Promise.all(ids.map((id) => reader.load(id)));
      loaded.forEach((s, i) => {
        assert.equal(s?.doc?.info.title, ids[i]);
        assert.deepEqual(names(s?.doc), [ids[i]]);
      });
    } finally {
      reader.close();
    }
  } finally {
    await cleanup();
  }
});

Deno.test("list index stays one entry per session under concurrent updates, touches, loads and deletes", async () => {
  const kv = await Deno.openKv(":memory:");
  let t = Date.UTC(2026, 0, 1);
  // Every call sees a later time, so each write moves the session's index entry.
  const now = () => ++t;
  const stores = Array.from(
    { length: 6 },
    () => new SessionStore(kv, { closeKv: false, now, renewThrottleMs: 0 }),
  );
  try {
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    await Promise.all(ids.map((id) => stores[0].create(id)));
    const ops: Promise<unknown>[] = [];
    for (let k = 0; k < 400; k++) {
      const store = stores[k % stores.length];
      const id = ids[(k * 7) % ids.length];
      switch (k % 4) {
        case 0:
          ops.push(store.update(id, (d) => ({ doc: withSpec(d, spec(`k${k}`)), result: 0 })));
          break;
        case 1:
          ops.push(store.touch(id));
          break;
        case 2:
          ops.push(store.load(id));
          break;
        default:
          ops.push(store.update(id, (d) => ({ doc: d, result: 0 })));
      }
    }
    const deleted = ["s3", "s11"];
    ops.push(...deleted.map((id) => stores[1].delete(id)));
    const settled = await Promise.allSettled(ops);
    for (const s of settled) {
      if (s.status === "rejected") {
        assert.match(String(s.reason), /session_not_found|not found/, "only deleted sessions fail");
      }
    }
    const listed = (await stores[2].list({ limit: 1000 })).sessions;
    const raw: Deno.KvKey[] = [];
    for await (const e of kv.list({ prefix: ["ids-mcp", "v1", "recent"] })) raw.push(e.key);
    const live = ids.filter((id) => !deleted.includes(id));
    assert.deepEqual(listed.map((m) => m.id).sort(), [...live].sort());
    assert.equal(raw.length, live.length, "exactly one index entry per live session");
    // Newest first, and each entry agrees with the session's header.
    for (let i = 1; i < listed.length; i++) {
      assert.ok(listed[i - 1].lastAccess >= listed[i].lastAccess);
    }
    for (const m of listed) {
      const h = (await kv.get<{ lastAccess: number; specificationCount: number }>([
        "ids-mcp",
        "v1",
        "session",
        m.id,
      ])).value!;
      assert.equal(m.lastAccess, h.lastAccess);
      assert.equal(m.specificationCount, h.specificationCount);
    }
  } finally {
    kv.close();
  }
});
