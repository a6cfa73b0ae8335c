/**
 * The heavy-work gate (src/mcp/heavy_work.ts) on its own: how many run, how many wait, the
 * per-session share, the ifc_content budget, and that a waiting call leaves the queue when its
 * signal aborts (the call timeout or the client's cancellation).
 *
 * @module
 */
import assert from "node:assert/strict";
import { HeavyWork } from "../../src/mcp/heavy_work.ts";
import { isIdsError } from "../../src/ids/errors.ts";

const LIMITS = { maxRunning: 1, maxQueued: 1, perSession: 2, maxContentChars: 100 };

/** A body that runs until released; `started` resolves when the gate let it run. */
function held() {
  const started = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  return {
    started: started.promise,
    release: () => release.resolve(),
    body: async () => {
      started.resolve();
      await release.promise;
      return "done";
    },
  };
}

async function busyMessage(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(isIdsError(e, "busy"), `expected busy, got ${e}`);
    return (e as Error).message;
  }
  assert.fail("expected a busy refusal");
}

Deno.test("heavy work: one runs, one waits, the next is refused busy with a retry hint", async () => {
  const gate = new HeavyWork(LIMITS);
  const a = held();
  const b = held();
  const ra = gate.run({ tool: "t", session: "s1" }, a.body);
  const rb = gate.run({ tool: "t", session: "s2" }, b.body);
  await a.started;
  assert.deepEqual(gate.load, { running: 1, queued: 1, contentChars: 0 });
  const msg = await busyMessage(gate.run({ tool: "t", session: "s3" }, () => Promise.resolve(1)));
  assert.match(msg, /1 heavy call running and 1 waiting/);
  assert.match(msg, /retry after about \d+ s \(retry_after: \d+\)/);
  a.release();
  assert.equal(await ra, "done");
  await b.started; // the waiting one got the slot
  b.release();
  assert.equal(await rb, "done");
  assert.deepEqual(gate.load, { running: 0, queued: 0, contentChars: 0 });
});

Deno.test("heavy work: one session cannot hold more than its share", async () => {
  const gate = new HeavyWork({ ...LIMITS, maxRunning: 4, maxQueued: 4 });
  const a = held();
  const b = held();
  const ra = gate.run({ tool: "t", session: "s1" }, a.body);
  const rb = gate.run({ tool: "t", session: "s1" }, b.body);
  const msg = await busyMessage(gate.run({ tool: "validate_ifc_model", session: "s1" }, a.body));
  assert.match(msg, /this session already has 2 heavy calls/);
  // Another session still gets in.
  assert.equal(await gate.run({ tool: "t", session: "s2" }, () => Promise.resolve(7)), 7);
  a.release();
  b.release();
  await Promise.all([ra, rb]);
  assert.equal(await gate.run({ tool: "t", session: "s1" }, () => Promise.resolve(8)), 8);
});

Deno.test("heavy work: ifc_content held by admitted calls is capped", async () => {
  const gate = new HeavyWork({ ...LIMITS, maxRunning: 4, maxQueued: 4 });
  const a = held();
  const ra = gate.run({ tool: "t", session: "s1", contentChars: 80 }, a.body);
  await a.started;
  const msg = await busyMessage(
    gate.run({ tool: "t", session: "s2", contentChars: 30 }, () => Promise.resolve(0)),
  );
  assert.match(msg, /hold 80 characters of ifc_content/);
  assert.equal(
    await gate.run({ tool: "t", session: "s2", contentChars: 20 }, () => Promise.resolve(1)),
    1,
  );
  a.release();
  await ra;
  // Alone, a call bigger than the budget still runs (the size limit of ifc_content rules it).
  assert.equal(
    await gate.run({ tool: "t", session: "s2", contentChars: 500 }, () => Promise.resolve(2)),
    2,
  );
  assert.equal(gate.load.contentChars, 0);
});

Deno.test("heavy work: a waiting call stops waiting when its signal aborts", async () => {
  const gate = new HeavyWork(LIMITS);
  const a = held();
  const ra = gate.run({ tool: "t", session: "s1" }, a.body);
  await a.started;
  const stop = new AbortController();
  let ran = false;
  const waiting = gate.run({ tool: "t", session: "s2", signal: stop.signal }, () => {
    ran = true;
    return Promise.resolve();
  });
  assert.equal(gate.load.queued, 1);
  stop.abort(new Error("timed out"));
  await assert.rejects(waiting, /timed out/);
  assert.equal(gate.load.queued, 0);
  // Its queue place is free again.
  const b = held();
  const rb = gate.run({ tool: "t", session: "s3" }, b.body);
  a.release();
  await ra;
  await b.started;
  b.release();
  await rb;
  assert.equal(ran, false);
  assert.deepEqual(gate.load, { running: 0, queued: 0, contentChars: 0 });
});

Deno.test("heavy work: a failing body frees its slot", async () => {
  const gate = new HeavyWork(LIMITS);
  await assert.rejects(gate.run({ tool: "t", session: "s" }, () => Promise.reject(new Error("x"))));
  assert.equal(await gate.run({ tool: "t", session: "s" }, () => Promise.resolve(3)), 3);
  assert.deepEqual(gate.load, { running: 0, queued: 0, contentChars: 0 });
});
