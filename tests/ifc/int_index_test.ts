import assert from "node:assert/strict";
import { IdMap, IntList, Inverse } from "../../src/ifc/int_index.ts";

Deno.test("Inverse lists each object's targets in the order the pairs came", () => {
  const objs = new IntList();
  const targets = new IntList();
  const pairs: [number, number][] = [];
  // Enough pairs to grow the lists and collide in the hash.
  for (let i = 0; i < 5000; i++) pairs.push([(i * 7919) % 1237, i]);
  for (const [o, t] of pairs) {
    objs.push(o);
    targets.push(t);
  }
  const inv = new Inverse(objs, targets);
  const expected = new Map<number, number[]>();
  for (const [o, t] of pairs) expected.set(o, [...(expected.get(o) ?? []), t]);
  assert.equal(inv.size, expected.size);
  for (const [o, ts] of expected) {
    assert.deepEqual(inv.get(o), ts);
    assert.equal(inv.first(o), ts[0]);
    assert.equal(inv.count(o), ts.length);
  }
  assert.deepEqual(inv.get(999_999), []);
  assert.equal(inv.first(999_999), undefined);
  assert.equal(new Inverse(new IntList(), new IntList()).first(1), undefined, "empty");
});

Deno.test("IdMap maps ids to values across growth, sparse ids included", () => {
  const m = new IdMap();
  const ids = [0, 1, 2 ** 31 - 1, 123_456_789];
  for (let i = 0; i < 20_000; i++) ids.push(i * 104_729 + 5);
  ids.forEach((id, k) => m.set(id, k));
  ids.forEach((id, k) => assert.equal(m.get(id), k));
  assert.equal(m.size, ids.length);
  assert.equal(m.get(7), -1);
  m.set(0, 42);
  assert.equal(m.get(0), 42, "set again replaces");
  assert.equal(m.size, ids.length);
});
