/**
 * Round trip over the whole shared corpus: every test case, example and valid audit file
 * parses, writes, and parses back to an equal model; the written XML is valid against the
 * official schema; and writing is canonical (write ∘ parse ∘ write = write).
 */
import assert from "node:assert/strict";
import { parseIds, writeIds } from "../../src/ids/xml.ts";
import { officialSchema, rel, roundTripCorpus } from "./_corpus.ts";

Deno.test("every corpus file round-trips to an equal model and XSD-valid canonical XML", () => {
  const files = roundTripCorpus();
  assert.ok(files.length >= 200, `expected the full corpus, found ${files.length} files`);
  const xsd = officialSchema();
  try {
    let checked = 0;
    for (const file of files) {
      const doc = parseIds(Deno.readFileSync(file));
      const written = writeIds(doc);
      const again = parseIds(written);
      assert.deepStrictEqual(again, doc, `${rel(file)}: model changed in the round trip`);
      assert.strictEqual(writeIds(again), written, `${rel(file)}: writing is not canonical`);
      assert.deepStrictEqual(xsd.validate(written), [], `${rel(file)}: written XML fails the XSD`);
      checked++;
    }
    console.log(`round-tripped ${checked} files`);
  } finally {
    xsd.dispose();
  }
});

Deno.test("writing is deterministic and starts with the declaration, prefixes and schemaLocation", () => {
  const [file] = roundTripCorpus().filter((f) => f.endsWith("IDS_demo_BIM-basis-ILS.ids"));
  const doc = parseIds(Deno.readFileSync(file));
  const a = writeIds(doc);
  const b = writeIds(structuredClone(doc));
  assert.strictEqual(a, b);
  assert.ok(a.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ids:ids '));
  assert.match(a, /xmlns:ids="http:\/\/standards\.buildingsmart\.org\/IDS"/);
  assert.match(a, /xmlns:xs="http:\/\/www\.w3\.org\/2001\/XMLSchema"/);
  assert.match(
    a,
    /xsi:schemaLocation="http:\/\/standards\.buildingsmart\.org\/IDS http:\/\/standards\.buildingsmart\.org\/IDS\/1\.0\/ids\.xsd"/,
  );
  assert.ok(!/<(?!ids:|xs:|\/|\?xml)/.test(a), "only ids: and xs: prefixed elements");
});
