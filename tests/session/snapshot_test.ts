/**
 * `loadSnapshot` + `update(…, { from })`: the HTTP handler's session check hands its read to
 * the call's edit. A snapshot only ever saves a read: a stale one (another instance wrote,
 * deleted or the session belongs to someone else) never gets an edit applied to old data.
 */
import assert from "node:assert/strict";
import { isIdsError } from "../../src/ids/errors.ts";
import { SessionStore } from "../../src/session/kv_store.ts";
import { Clock, doc, spec, withSpec } from "./_helpers.ts";

/** Two stores on one Kv: two server instances (their write queues do not see each other). */
async function twoInstances(options: ConstructorParameters<typeof SessionStore>[1] = {}) {
  const kv = await Deno.openKv(":memory:");
  const a = new SessionStore(kv, { ...options, closeKv: false });
  const b = new SessionStore(kv, { ...options, closeKv: false });
  return {
    a,
    b,
    [Symbol.dispose]() {
      a.close();
      b.close();
      kv.close();
    },
  };
}

const names = (d: { specifications: readonly { name: string }[] } | undefined) =>
  d?.specifications.map((s) => s.name);

Deno.test("update from a fresh snapshot edits the current document", async () => {
  using s = await twoInstances();
  await s.a.create("s");
  await s.a.update("s", () => ({ doc: doc("T", [spec("A")]), result: null }));
  const loaded = await s.a.loadSnapshot("s");
  assert.ok(loaded?.snapshot);
  assert.deepEqual(names(loaded.doc), ["A"]);
  const before = s.a.stats.conflicts;
  const out = await s.a.update("s", (d) => ({ doc: withSpec(d, spec("B")), result: 7 }), {
    from: loaded.snapshot,
  });
  assert.equal(out.result, 7);
  assert.equal(s.a.stats.conflicts, before);
  assert.deepEqual(names((await s.b.load("s"))?.doc), ["A", "B"]);
});

Deno.test("a snapshot made stale by another instance's write loses nothing", async () => {
  using s = await twoInstances();
  await s.a.create("s");
  await s.a.update("s", () => ({ doc: doc("T", [spec("A")]), result: null }));
  const loaded = await s.a.loadSnapshot("s");
  await s.b.update("s", (d) => ({ doc: withSpec(d, spec("FromB")), result: null }));
  const seen: (string[] | undefined)[] = [];
  await s.a.update("s", (d) => {
    seen.push(names(d));
    return { doc: withSpec(d, spec("FromA")), result: null };
  }, { from: loaded!.snapshot });
  // First on the snapshot (refused at commit), then on the fresh read.
  assert.deepEqual(seen, [["A"], ["A", "FromB"]]);
  assert.deepEqual(names((await s.b.load("s"))?.doc), ["A", "FromB", "FromA"]);
});

Deno.test("a snapshot of a session deleted meanwhile does not bring it back", async () => {
  using s = await twoInstances();
  await s.a.create("s");
  const loaded = await s.a.loadSnapshot("s");
  assert.equal(await s.b.delete("s"), true);
  await assert.rejects(
    s.a.update("s", (d) => ({ doc: withSpec(d, spec("X")), result: null }), {
      from: loaded!.snapshot,
    }),
    (e) => isIdsError(e, "session_not_found"),
  );
  assert.equal(await s.b.load("s"), undefined);
});

Deno.test("a snapshot of another session is ignored", async () => {
  using s = await twoInstances();
  await s.a.create("one");
  await s.a.create("two");
  await s.a.update("one", () => ({ doc: doc("One", [spec("A")]), result: null }));
  const ofOne = await s.a.loadSnapshot("one");
  await s.a.update("two", (d) => ({ doc: withSpec(d, spec("B")), result: null }), {
    from: ofOne!.snapshot,
  });
  assert.deepEqual(names((await s.a.load("two"))?.doc), ["B"]);
  assert.deepEqual(names((await s.a.load("one"))?.doc), ["A"]);
});

Deno.test("a read that renewed the session gives no snapshot; unknown ids give nothing", async () => {
  const clock = new Clock();
  using s = await twoInstances({ now: clock.now, renewThrottleMs: 1000 });
  await s.a.create("s");
  assert.ok((await s.a.loadSnapshot("s"))?.snapshot);
  clock.advance(5000);
  const renewed = await s.a.loadSnapshot("s");
  assert.equal(renewed?.meta.lastAccess, clock.t);
  assert.equal(renewed?.snapshot, undefined);
  assert.equal(await s.a.loadSnapshot("nope"), undefined);
});
