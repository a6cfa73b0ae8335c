/**
 * Reading specification by specification (document_reader.ts `readIdsXmlSliced`: each
 * specification read as soon as it is scanned, its subtree dropped) gives exactly what reading
 * the whole tree and then the document gives: the same model, the same errors and warnings in
 * the same order with the same lines and paths, the same caps and "kept" accounting. Checked on
 * the shared corpus, generated one-rule mutations, and documents made to hit the corner cases
 * (a second `specifications`, ids shared across specifications, foreign elements among the
 * specifications, more than 1,000 errors or warnings, namespace declarations on a
 * specification, malformed XML after some specifications were read).
 */
import assert from "node:assert/strict";
import { readDocument, readIdsXmlSliced } from "../../src/ids/document_reader.ts";
import { ReadContext } from "../../src/ids/structure.ts";
import type { IdsDocument } from "../../src/ids/model.ts";
import { runSync } from "../../src/ids/time_slice.ts";
import { readXmlTree, type XmlElement, type XmlNode } from "../../src/ids/xml_tree.ts";
import { readIds, writeIds } from "../../src/ids/xml.ts";
import { validateIdsXml } from "../../src/audit/validate.ts";
import { listIds, roundTripCorpus } from "./_corpus.ts";
import { applicable, mutate, rng, toMutable } from "./_mutate.ts";

/** The model and every issue a way of reading makes of `xml`, as JSON (or what it threw). */
function outcome(read: (ctx: ReadContext) => IdsDocument | undefined): string {
  const ctx = new ReadContext();
  let doc;
  try {
    doc = read(ctx);
  } catch (e) {
    return `throws ${String(e)}`;
  }
  return JSON.stringify({
    doc,
    errors: ctx.errors,
    warnings: ctx.warnings,
    ok: ctx.onlyKeptErrors,
  });
}

/** The whole tree, then the document (how the reader worked before). */
const inPlace = (xml: string | Uint8Array) => outcome((ctx) => readDocument(ctx, readXmlTree(xml)));
/** Specification by specification, as the XML is scanned. */
const ahead = (xml: string | Uint8Array) =>
  outcome((ctx) => runSync(readIdsXmlSliced(ctx, xml)).doc);

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info>
    <ids:title>T</ids:title>
  </ids:info>
`;
const spec = (n: number, body = "", attrs = "") =>
  `    <ids:specification name="S${n}" ifcVersion="IFC4"${attrs}>
      <ids:applicability minOccurs="1" maxOccurs="unbounded">
        <ids:entity><ids:name><ids:simpleValue>IFCWALL</ids:simpleValue></ids:name></ids:entity>
      </ids:applicability>
      <ids:requirements>
${body}      </ids:requirements>
    </ids:specification>
`;
const prop = (dataType: string, id = "") =>
  `        <ids:property dataType="${dataType}"><ids:propertySet><ids:simpleValue>Pset_WallCommon</ids:simpleValue></ids:propertySet><ids:baseName><xs:restriction base="xs:string"${id}><xs:enumeration value="FireRating"/></xs:restriction></ids:baseName></ids:property>
`;
const doc = (specs: string) =>
  `${HEAD}  <ids:specifications>\n${specs}  </ids:specifications>\n</ids:ids>\n`;
const many = (n: number, body: (i: number) => string) =>
  doc(Array.from({ length: n }, (_, i) => spec(i, body(i))).join(""));

const CORNERS: Record<string, string> = {
  "two specifications elements": `${HEAD}  <ids:specifications>\n${
    spec(1, prop("IFCLABEL", ' id="a"'))
  }  </ids:specifications>\n  <ids:specifications>\n${
    spec(2, prop("IFCLABEL", ' id="a"'))
  }  </ids:specifications>\n</ids:ids>\n`,
  "an id used in two specifications": doc(
    spec(1, prop("IFCLABEL", ' id="a"')) + spec(2, prop("IFCLABEL", ' id="a"')),
  ),
  "foreign elements among the specifications": doc(
    spec(1, prop("IFCLABEL")) + `    <x:specification xmlns:x="urn:x" name="X"/>\n` +
      spec(2, prop("ifclabel")) + `    <specification/>\n    text\n` +
      spec(3, prop("IFCWALLTYPO")),
  ),
  // Kept errors (a lower-case dataType) and others (an unknown attribute), mixed.
  "more than 1,000 errors": many(1200, (i) => prop(i % 3 ? "ifclabel" : 'IFCLABEL" bogus="1')),
  "999 kept errors, then others": many(1003, (i) => prop(i === 999 ? "NOPE" : "ifclabel")),
  "more than 1,000 warnings": many(1100, (i) => prop("IFCLABEL", ` id="i${i}"`)),
  "a namespace declared on a specification": doc(
    spec(1) +
      `    <ids:specification xmlns:q="http://standards.buildingsmart.org/IDS" name="Q" ifcVersion="IFC4"><q:applicability><q:entity><q:name><q:simpleValue>IFCWALL</q:simpleValue></q:name></q:entity></q:applicability></ids:specification>\n`,
  ),
  "self-closing and nameless specifications": doc(
    `    <ids:specification name="A" ifcVersion="IFC4"/>\n` + spec(2) +
      `    <ids:specification/>\n`,
  ),
  "specifications before info": HEAD.replace(/<ids:info>[^]*<\/ids:info>\n/, "") +
    `<ids:specifications>${spec(1, prop("ifclabel"))}</ids:specifications>` +
    `<ids:info><ids:title>T</ids:title></ids:info></ids:ids>`,
  "malformed after two specifications": doc(spec(1) + spec(2)).replace(
    "</ids:specifications>",
    "</ids:specificationz>",
  ),
  "CRLF, comments, CDATA, text": doc(
    spec(1, prop("IFCREAL")) + "<!-- c -->\n<?pi x?>\n" +
      spec(2, "<![CDATA[ ]]>" + prop("IFCLABEL")) + spec(3, "text!" + prop("IFCLABEL")),
  ).replace(/\n/g, "\r\n"),
};

Deno.test("reading ahead: the corner cases read as in place", () => {
  for (const [name, xml] of Object.entries(CORNERS)) {
    assert.strictEqual(ahead(xml), inPlace(xml), name);
  }
  // The cases do reach what they are named after.
  const errors = (xml: string) => readIds(xml).errors;
  assert.strictEqual(errors(CORNERS["more than 1,000 errors"]).length, 1001);
  assert.ok(readIds(CORNERS["more than 1,000 warnings"]).warnings.length === 1000);
  assert.ok(
    errors(CORNERS["an id used in two specifications"]).some((e) =>
      e.message === "id 'a' is used twice" &&
      e.path?.startsWith("/ids/specifications/specification[2]/")
    ),
  );
  assert.ok(
    errors(CORNERS["foreign elements among the specifications"]).some((e) =>
      e.path?.startsWith("/ids/specifications/specification[3]/")
    ),
    "the foreign specification counts in the index, as in place",
  );
});

Deno.test("reading ahead: the corpus and generated mutations read as in place", () => {
  let n = 0;
  for (const file of listIds()) {
    const bytes = Deno.readFileSync(file);
    assert.strictEqual(ahead(bytes), inPlace(bytes), file);
    n++;
  }
  const random = rng(20261204);
  for (const file of roundTripCorpus()) {
    const bytes = Deno.readFileSync(file);
    for (const tree of [readXmlTree(writeIds(readIds(bytes).doc!)), readXmlTree(bytes)]) {
      const options = applicable(toMutable(tree));
      for (let i = 0; i < 2 && options.length > 0; i++) {
        const xml = mutate(tree, options[Math.floor(random() * options.length)].mutation, random);
        assert.strictEqual(ahead(xml), inPlace(xml), file);
        n++;
      }
    }
  }
  assert.ok(n > 500, `only ${n} documents`);
});

/** Elements of a tree with their lines, in document order. */
function outline(el: XmlElement, out: string[] = []): string[] {
  out.push(`${el.line} ${el.qname}`);
  for (const c of el.children as XmlNode[]) if (c.type === "element") outline(c, out);
  return out;
}

Deno.test("reading ahead: audit findings get the lines of the elements they name", () => {
  const xml = doc(
    spec(1, prop("IFCLABEL")) + "<!-- a comment\n over two lines -->\n" +
      spec(2, prop("IFCLABEL") + prop("IFCREAL")) + spec(3, prop("IFCLABEL")),
  );
  const lines = xml.split("\n");
  const lineOf = (from: number, what: string) =>
    lines.findIndex((l, i) => i >= from && l.includes(what)) + 1;
  const v = validateIdsXml(xml);
  const wrong = v.errors.find((f) => f.code === "wrong_data_type");
  assert.strictEqual(wrong?.path, "/ids/specifications/specification[2]/requirements/property[2]");
  const s2 = lineOf(0, 'name="S2"');
  assert.ok(s2 > 0);
  assert.strictEqual(wrong?.line, lineOf(s2, 'dataType="IFCREAL"'));
});

Deno.test("reading ahead: a dropped specification is read again with its own lines", () => {
  const xml = CORNERS["CRLF, comments, CDATA, text"];
  const full = readXmlTree(xml);
  const read = runSync(readIdsXmlSliced(new ReadContext(), xml));
  const specs = (root: XmlElement) =>
    (root.children.find((c) => c.type === "element" && c.local === "specifications") as XmlElement)
      .children.filter((c): c is XmlElement => c.type === "element");
  const whole = specs(full);
  const dropped = specs(read.root);
  assert.strictEqual(dropped.length, 3);
  for (let i = 0; i < dropped.length; i++) {
    assert.strictEqual(dropped[i].children.length, 0, "the tree keeps no children");
    assert.deepStrictEqual(outline(read.subtree(dropped[i])!), outline(whole[i]));
  }
});

Deno.test("reading ahead: ifcVersion values read before (a per-process memo) read as the first did", () => {
  const versioned = (n: number, versions: string) =>
    spec(n, prop("IFCLABEL")).replace('ifcVersion="IFC4"', `ifcVersion="${versions}"`);
  const xml = doc(
    versioned(1, "IFC4 IFC2X3") + versioned(2, "IFC4 IFC2X3") + versioned(3, "IFC4  IFC5") +
      versioned(4, "") + versioned(5, "IFC4 IFC2X3") + versioned(6, "IFC4  IFC5") +
      versioned(7, " "),
  );
  assert.strictEqual(ahead(xml), inPlace(xml));
  const read = readIds(xml);
  // Every bad value is reported at each specification that has it, not only the first time.
  assert.deepStrictEqual(
    read.errors.map((e) => [e.path, e.message]),
    [3, 6].map((n) => [
      `/ids/specifications/specification[${n}]`,
      "ifcVersion 'IFC5' is not an IDS 1.0 IFC version; use IFC2X3, IFC4, IFC4X3_ADD2",
    ]),
  );
  assert.deepStrictEqual(
    read.warnings.filter((w) => w.message.startsWith("ifcVersion")).map((w) => w.path),
    ["/ids/specifications/specification[4]", "/ids/specifications/specification[7]"],
  );
  // Each specification has its own list (a list shared between specifications could be
  // changed through one of them).
  const model = runSync(readIdsXmlSliced(new ReadContext(), xml)).doc!;
  const [a, b, , , e] = model.specifications;
  assert.deepStrictEqual(a.ifcVersion, ["IFC4", "IFC2X3"]);
  assert.deepStrictEqual(e.ifcVersion, ["IFC4", "IFC2X3"]);
  assert.notStrictEqual(a.ifcVersion, b.ifcVersion);
  assert.notStrictEqual(a.ifcVersion, e.ifcVersion);
});

Deno.test("reading ahead: dropped specifications are found in any order of lookup", () => {
  const xml = many(40, (i) => prop(i % 2 ? "IFCLABEL" : "IFCREAL"));
  const whole = readXmlTree(xml);
  const read = runSync(readIdsXmlSliced(new ReadContext(), xml));
  const specs = (root: XmlElement) =>
    (root.children.find((c) => c.type === "element" && c.local === "specifications") as XmlElement)
      .children.filter((c): c is XmlElement => c.type === "element");
  const full = specs(whole);
  const dropped = specs(read.root);
  // In order, then backwards (searches from the start, then a map), then every third.
  const order = [...dropped.keys(), ...[...dropped.keys()].reverse()];
  for (let i = 0; i < 40; i += 3) order.push(i);
  for (const i of order) {
    assert.deepStrictEqual(outline(read.subtree(dropped[i])!), outline(full[i]), `spec ${i + 1}`);
  }
  assert.strictEqual(read.subtree(read.root), undefined, "only specifications were dropped");
  assert.strictEqual(read.subtree(full[3]), undefined, "an element of another tree");
});

Deno.test("reading ahead: the issues of a specification among many carry its own path", () => {
  // Past 12 children, the specifications' paths are made only when an issue needs one.
  const xml = many(20, (i) => prop(i === 14 ? "ifclabel" : "IFCLABEL"));
  assert.strictEqual(ahead(xml), inPlace(xml));
  const paths = readIds(xml).errors.map((e) => e.path);
  assert.deepStrictEqual(paths, ["/ids/specifications/specification[15]/requirements/property[1]"]);
});
