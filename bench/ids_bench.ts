/**
 * IDS core throughput: parse (hardened scanner + structural rules + model), write (canonical),
 * validateDocument (write + re-read), and the official XSD check (libxml2-wasm), on the largest
 * shared example and on a synthetic document 40 times larger. Run with `deno task bench
 * bench/ids_bench.ts`; MB/s = input size / average time (sizes are printed first).
 *
 * @module
 */
import { XmlDocument } from "libxml2-wasm";
import { SaxesParser } from "saxes";
import { parseIds, validateDocument, writeIds } from "../src/ids/xml.ts";
import { readXmlTree } from "../src/ids/xml_tree.ts";
import { createXsdValidator } from "../src/ids/xsd.ts";
import type { IdsDocument } from "../src/ids/model.ts";

const SHARED = new URL("../../shared/ids/", import.meta.url);
const source = Deno.readTextFileSync(new URL("examples/IDS_demo_BIM-basis-ILS.ids", SHARED));
const doc = parseIds(source);
const canonical = writeIds(doc);

// 40 copies of the specifications: about 2.5 MB of canonical XML.
const bigDoc: IdsDocument = {
  info: doc.info,
  specifications: Array.from({ length: 40 }, () => doc.specifications).flat(),
};
const big = writeIds(bigDoc);

const read = (name: string) => Deno.readTextFileSync(new URL(`xsd/${name}`, SHARED));
const xsd = createXsdValidator({
  idsXsd: read("ids.xsd"),
  xmlXsd: read("xml.xsd"),
  xsdSchemaXsd: read("xsdschema.xsd"),
});

const bytes = (s: string) => new TextEncoder().encode(s).length;
console.log(
  `sizes: example source ${bytes(source)} B, canonical ${bytes(canonical)} B, ` +
    `synthetic ${
      bytes(big)
    } B (${doc.specifications.length} / ${bigDoc.specifications.length} specifications)`,
);

for (const [label, xml, model] of [["example", canonical, doc], ["x40", big, bigDoc]] as const) {
  Deno.bench({
    name: `${label}: parseIds`,
    group: `${label} read`,
    baseline: true,
    fn: () => {
      parseIds(xml);
    },
  });
  Deno.bench({
    name: `${label}: XML tree only (hardened scanner)`,
    group: `${label} read`,
    fn: () => {
      readXmlTree(xml);
    },
  });
  Deno.bench({
    name: `${label}: saxes events only (reference)`,
    group: `${label} read`,
    fn: () => {
      const p = new SaxesParser({ xmlns: true, position: true });
      p.on("opentag", () => {});
      p.write(xml).close();
    },
  });
  Deno.bench({
    name: `${label}: libxml2 parse only`,
    group: `${label} read`,
    fn: () => {
      XmlDocument.fromString(xml).dispose();
    },
  });
  Deno.bench({
    name: `${label}: writeIds`,
    group: `${label} write`,
    fn: () => {
      writeIds(model);
    },
  });
  Deno.bench({
    name: `${label}: validateDocument (built-in rules)`,
    group: `${label} validate`,
    baseline: true,
    fn: () => {
      validateDocument(model);
    },
  });
  Deno.bench({
    name: `${label}: official XSD (libxml2-wasm parse + validate)`,
    group: `${label} validate`,
    fn: () => {
      xsd.validate(xml);
    },
  });
}
