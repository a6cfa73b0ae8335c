/**
 * The report store on a real Deno.Kv: small reports inline, large incompressible ones in
 * chunks over several commits, per-session scope, expiry by the session TTL, the newest
 * reports kept per session, and the size limit.
 */
import assert from "node:assert/strict";
import { MAX_REPORTS_PER_SESSION, ReportStore } from "../../src/session/report_store.ts";
import { SessionStore } from "../../src/session/kv_store.ts";

const report = (bytes: Uint8Array, extension = "json") => ({
  extension,
  mimeType: "application/json",
  binary: false,
  bytes,
});

function random(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, at + 65536));
  return out;
}

Deno.test("report store: inline and chunked reports read back; other sessions see nothing", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new ReportStore(kv, { ttlMs: 60_000 });
    const small = new TextEncoder().encode('{"status":"pass"}');
    const a = await store.put("http:A", report(small));
    assert.equal(a.size, small.length);
    assert.match(a.name, /^ids-report-[0-9a-f-]{36}\.json$/);
    assert.deepEqual((await store.get("http:A", a.id))?.bytes, small);

    // 2 MB of random bytes: no compression, 33 chunks, 3 commits.
    const big = random(2 * 1024 * 1024);
    const b = await store.put("http:A", report(big, "bcf"));
    assert.deepEqual((await store.get("http:A", b.id))?.bytes, big);
    // Compressible text shrinks in Kv but reads back whole.
    const text = new TextEncoder().encode("failure ".repeat(500_000));
    const c = await store.put("http:A", report(text));
    assert.deepEqual((await store.get("http:A", c.id))?.bytes, text);

    assert.equal(await store.get("http:B", a.id), undefined);
    assert.deepEqual(await store.list("http:B"), []);
    assert.deepEqual((await store.list("http:A")).map((m) => m.id), [c.id, b.id, a.id]);
    assert.equal(await store.get("http:A", "not-an-id"), undefined);
  } finally {
    kv.close();
  }
});

Deno.test("report store: expiry, newest kept per session, size limit", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = 1_000_000;
    const store = new ReportStore(kv, { ttlMs: 60_000, now: () => now });
    const first = await store.put("s", report(new Uint8Array([1])));
    now += 60_001;
    assert.equal(await store.get("s", first.id), undefined, "expired with the TTL");
    const ids: string[] = [];
    for (let i = 0; i < MAX_REPORTS_PER_SESSION + 3; i++) {
      now += 1;
      ids.push((await store.put("s", report(new Uint8Array([i])))).id);
    }
    const listed = (await store.list("s")).map((m) => m.id);
    assert.equal(listed.length, MAX_REPORTS_PER_SESSION);
    assert.deepEqual(listed, ids.slice(3).reverse());
    assert.equal(await store.get("s", ids[0]), undefined);
    await assert.rejects(
      store.put("s", report(new Uint8Array(33 * 1024 * 1024))),
      /above the 32\.0 MiB a stored report may hold/,
    );
  } finally {
    kv.close();
  }
});

Deno.test("report store: the session store's reports share its Kv and TTL and go with the session", async () => {
  const sessions = await SessionStore.open(":memory:", { ttlMs: 5_000 });
  try {
    assert.equal(sessions.reports.ttlMs, 5_000);
    assert.equal(sessions.reports, sessions.reports);
    await sessions.create("default");
    const m = await sessions.reports.put("default", report(new Uint8Array([7])));
    assert.deepEqual((await sessions.reports.get("default", m.id))?.bytes, new Uint8Array([7]));
    // 2 MB of random bytes in chunks: deleting the session deletes its reports with them.
    const before = (await sessions.usage("default")).session!;
    const big = await sessions.reports.put("default", report(random(2 * 1024 * 1024)));
    // A stored report counts against the session's quota (random bytes do not compress).
    assert.ok((await sessions.usage("default")).session! - before >= 2 * 1024 * 1024);
    // A report belongs to a live session: none is stored for an unknown one.
    await assert.rejects(
      () => sessions.reports.put("other", report(new Uint8Array([8]))),
      /session 'other' not found/,
    );
    await sessions.create("other");
    const other = await sessions.reports.put("other", report(new Uint8Array([8])));
    assert.equal(await sessions.delete("default"), true);
    assert.deepEqual(await sessions.reports.list("default"), []);
    assert.equal(await sessions.reports.get("default", big.id), undefined);
    assert.ok(await sessions.reports.get("other", other.id), "other sessions keep theirs");
    assert.ok(
      (await sessions.usage()).store < 1024 * 1024,
      "the deleted session's reports no longer count",
    );
  } finally {
    sessions.close();
  }
});
