/**
 * Issue 15, item 3: a document on one line (minified, or hostile) is read in linear time, and
 * the sliced reader hands the event loop turns while it reads, so a server stays responsive.
 * Before the fix, 8 MB of `<x/>` on one line took 132 s (line numbers rescanned the text).
 *
 * @module
 */
import assert from "node:assert/strict";
import { readXmlTree, readXmlTreeSliced } from "../../src/ids/xml_tree.ts";
import { parseIdsWithWarningsAsync } from "../../src/ids/xml.ts";
import { runSliced } from "../../src/ids/time_slice.ts";
import { isIdsError } from "../../src/ids/errors.ts";

const oneLine = (elements: number) => `<a>${"<x/>".repeat(elements)}</a>`;

Deno.test("one-line XML: 8 MB of <x/> reads in linear time", () => {
  const t0 = performance.now();
  const root = readXmlTree(oneLine(2_000_000));
  const ms = performance.now() - t0;
  assert.equal(root.children.length, 2_000_000);
  // Quadratic took 132 s; linear takes about 1-2 s, and the bound leaves room for a busy CI.
  assert.ok(ms < 30_000, `took ${Math.round(ms)} ms`);
});

Deno.test("one-line XML: errors still name the right line", () => {
  const errorLine = (xml: string) => {
    try {
      readXmlTree(xml);
    } catch (e) {
      assert.ok(isIdsError(e, "xml_malformed"));
      return e.issues[0].line;
    }
    assert.fail("expected a malformed document");
  };
  assert.equal(errorLine(`<a>${"<x/>".repeat(100_000)}<b></a>`), 1);
  assert.equal(errorLine(`<a>\n${"<x/>\n".repeat(1000)}<x/><b></a>`), 1002);
  assert.equal(errorLine(`<a>\n<x/>\n\n<x>&bad;</x>\n</a>`), 4);
  // Line numbers of elements too, for a document that mixes long lines and short ones.
  const root = readXmlTree(`<a>${"<x/>".repeat(10_000)}\n<y/>\n\n${"<z/>".repeat(3)}</a>`);
  const lines = root.children.filter((c) => c.type === "element").map((c) => c.line);
  assert.deepEqual([lines[0], lines[10_000], lines[10_001]], [1, 2, 4]);
});

Deno.test("one-line XML: the sliced reader lets timers run while it reads", async () => {
  let turns = 0;
  const timer = setInterval(() => turns++, 0);
  try {
    const root = await runSliced(readXmlTreeSliced(oneLine(1_000_000)));
    assert.equal(root.children.length, 1_000_000);
  } finally {
    clearInterval(timer);
  }
  assert.ok(turns > 0, "the event loop never got a turn during the read");
});

Deno.test("one-line XML: the sliced IDS read stops when its signal aborts", async () => {
  const stop = new AbortController();
  const reading = parseIdsWithWarningsAsync(oneLine(1_000_000), { signal: stop.signal });
  setTimeout(() => stop.abort(new Error("stopped")), 0);
  await assert.rejects(reading, /stopped/);
});
