/**
 * Reading untrusted XML: DTDs and entity tricks are refused, size and depth are capped,
 * malformed input is reported with its line, and namespaces, CDATA, character references,
 * comments and encodings are handled as XML says.
 */
import assert from "node:assert/strict";
import { isIdsError } from "../../src/ids/errors.ts";
import { parseIds, readIds, writeIds } from "../../src/ids/xml.ts";

const IDS = "http://standards.buildingsmart.org/IDS";
const XS = "http://www.w3.org/2001/XMLSchema";

/** A minimal valid IDS with the given entity-name value XML and root/prefix choices. */
function doc(nameValue = "<ids:simpleValue>IFCWALL</ids:simpleValue>"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="${IDS}" xmlns:xs="${XS}">
  <ids:info><ids:title>T</ids:title></ids:info>
  <ids:specifications>
    <ids:specification name="S" ifcVersion="IFC4">
      <ids:applicability>
        <ids:entity><ids:name>${nameValue}</ids:name></ids:entity>
      </ids:applicability>
    </ids:specification>
  </ids:specifications>
</ids:ids>`;
}

function entityName(xml: string): unknown {
  const d = parseIds(xml);
  const f = d.specifications[0].applicability.facets[0];
  assert.strictEqual(f.facet, "entity");
  return f.facet === "entity" ? f.name : undefined;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isIdsError(e)) return e.code;
    throw e;
  }
  return undefined;
}

Deno.test("a DOCTYPE with an internal entity is refused as xml_forbidden", () => {
  const xml = `<?xml version="1.0"?>\n<!DOCTYPE ids [<!ENTITY t "T">]>\n` +
    doc().replace(/^<\?xml[^>]*>\n/, "");
  const r = readIds(xml);
  assert.strictEqual(r.doc, undefined);
  assert.strictEqual(r.xmlError?.code, "xml_forbidden");
  assert.match(r.errors[0].message, /DOCTYPE/);
  assert.strictEqual(r.errors[0].line, 2);
  assert.strictEqual(codeOf(() => parseIds(xml)), "xml_forbidden");
});

Deno.test("an external entity (XXE) is refused and nothing is read", () => {
  const xml = `<?xml version="1.0"?>
<!DOCTYPE ids [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<ids:ids xmlns:ids="${IDS}"><ids:info><ids:title>&xxe;</ids:title></ids:info></ids:ids>`;
  const r = readIds(xml);
  assert.strictEqual(r.xmlError?.code, "xml_forbidden");
  assert.ok(!JSON.stringify(r).includes("root:"), "no file content leaks into the result");
});

Deno.test("billion laughs is refused before any expansion", () => {
  let dtd = '<!ENTITY lol0 "lol">';
  for (let i = 1; i < 10; i++) {
    dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  }
  const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]><lolz>&lol9;</lolz>`;
  assert.strictEqual(codeOf(() => parseIds(xml)), "xml_forbidden");
});

Deno.test("an entity reference without a DTD is malformed XML", () => {
  const r = readIds(doc("<ids:simpleValue>&nbsp;</ids:simpleValue>"));
  assert.strictEqual(r.xmlError?.code, "xml_malformed");
  assert.strictEqual(r.errors[0].line, 7);
});

Deno.test("input over the size limit is too_large, for text and bytes", () => {
  const xml = doc();
  assert.strictEqual(codeOf(() => parseIds(xml, { maxBytes: 100 })), "too_large");
  assert.strictEqual(
    codeOf(() => parseIds(new TextEncoder().encode(xml), { maxBytes: 100 })),
    "too_large",
  );
  // The default limit is 20 MB.
  const big = doc().replace(
    "<ids:title>T</ids:title>",
    `<ids:title>${"x".repeat(21e6)}</ids:title>`,
  );
  const r = readIds(big);
  assert.strictEqual(r.xmlError?.code, "too_large");
  assert.match(r.errors[0].message, /20971520/);
  // Multi-byte text is measured in UTF-8 bytes.
  const wide = doc().replace(
    "<ids:title>T</ids:title>",
    `<ids:title>${"€".repeat(60)}</ids:title>`,
  );
  assert.strictEqual(codeOf(() => parseIds(wide, { maxBytes: wide.length + 60 })), "too_large");
  assert.doesNotThrow(() => parseIds(wide, { maxBytes: wide.length + 200 }));
});

Deno.test("deep nesting is too_large, without exhausting the stack", () => {
  const deep = (n: number) => `<a>${"<b>".repeat(n)}${"</b>".repeat(n)}</a>`;
  assert.strictEqual(codeOf(() => parseIds(deep(100))), "too_large");
  assert.strictEqual(codeOf(() => parseIds(deep(200_000))), "too_large");
  assert.strictEqual(codeOf(() => parseIds(deep(10), { maxDepth: 5 })), "too_large");
  // A real IDS is about 10 levels deep and passes a limit of 12.
  assert.doesNotThrow(() => parseIds(doc(), { maxDepth: 12 }));
});

Deno.test("malformed XML is reported with the line it happens on", () => {
  const lines = doc().split("\n");
  lines[5] = lines[5].replace("<ids:applicability>", "<ids:applicability");
  const r = readIds(lines.join("\n"));
  assert.strictEqual(r.xmlError?.code, "xml_malformed");
  assert.strictEqual(r.errors[0].kind, "xml");
  assert.ok(r.errors[0].line === 6 || r.errors[0].line === 7, `line ${r.errors[0].line}`);

  const unclosed = readIds(doc().replace("</ids:ids>", ""));
  assert.strictEqual(unclosed.xmlError?.code, "xml_malformed");
  const mismatched = readIds(doc().replace("</ids:info>", "</ids:inf>"));
  assert.strictEqual(mismatched.errors[0].line, 3);
  assert.strictEqual(readIds("").xmlError?.code, "xml_malformed");
  assert.strictEqual(readIds("   \n").xmlError?.code, "xml_malformed");
  assert.strictEqual(readIds("not xml at all").xmlError?.code, "xml_malformed");
  assert.strictEqual(
    readIds(new Uint8Array([0x47, 0x49, 0x46, 0xff, 0xfe, 0x00])).xmlError?.code,
    "xml_malformed",
  );
  assert.strictEqual(readIds(`<x:ids xmlns:ids="${IDS}"/>`).xmlError?.code, "xml_malformed");
});

Deno.test("any prefix or a default namespace reads to the same model", () => {
  const canonical = parseIds(doc());
  const defaultNs = `<ids xmlns="${IDS}"><info><title>T</title></info><specifications>
    <specification name="S" ifcVersion="IFC4"><applicability><entity><name>
    <simpleValue>IFCWALL</simpleValue></name></entity></applicability></specification>
    </specifications></ids>`;
  assert.deepStrictEqual(parseIds(defaultNs), canonical);
  const custom = doc().replaceAll("ids:", "b:").replace("xmlns:ids=", "xmlns:b=");
  assert.deepStrictEqual(parseIds(custom), canonical);
  const wrongNs = doc().replace(`xmlns:ids="${IDS}"`, `xmlns:ids="http://example.org/IDS"`);
  const r = readIds(wrongNs);
  assert.strictEqual(r.doc, undefined);
  assert.match(r.errors[0].message, /root element/);
});

Deno.test("xs:, xsd: or a default namespace for XML Schema; base is normalised to xs:", () => {
  const restriction = (xml: string) => entityName(doc(xml));
  const expected = {
    kind: "restriction",
    base: "xs:string",
    facets: [{ kind: "enumeration", value: "IFCWALL" }, { kind: "enumeration", value: "IFCSLAB" }],
  };
  assert.deepStrictEqual(
    restriction(
      `<xs:restriction base="xs:string"><xs:enumeration value="IFCWALL"/><xs:enumeration value="IFCSLAB"/></xs:restriction>`,
    ),
    expected,
  );
  assert.deepStrictEqual(
    restriction(
      `<xsd:restriction xmlns:xsd="${XS}" base="xsd:string"><xsd:enumeration value="IFCWALL"/><xsd:enumeration value="IFCSLAB"/></xsd:restriction>`,
    ),
    expected,
  );
  assert.deepStrictEqual(
    restriction(
      `<restriction xmlns="${XS}" base="string"><enumeration value="IFCWALL"/><enumeration value="IFCSLAB"/></restriction>`,
    ),
    expected,
  );
  const undeclared = readIds(doc(`<xs:restriction base="q:string"/>`));
  assert.strictEqual(undeclared.doc, undefined);
  assert.match(undeclared.errors[0].message, /prefix 'q' is not declared/);
});

Deno.test("CDATA, character references and comments in text are handled as XML says", () => {
  assert.deepStrictEqual(
    entityName(doc("<ids:simpleValue><![CDATA[a < b & c]]></ids:simpleValue>")),
    { kind: "simple", value: "a < b & c" },
  );
  assert.deepStrictEqual(
    entityName(
      doc("<ids:simpleValue>&#x49;FC&#87;ALL &lt;&amp;&gt;&quot;&apos;</ids:simpleValue>"),
    ),
    { kind: "simple", value: `IFCWALL <&>"'` },
  );
  assert.deepStrictEqual(
    entityName(doc("<ids:simpleValue>IFC<!-- note -->WALL<?pi x?></ids:simpleValue>")),
    { kind: "simple", value: "IFCWALL" },
  );
  assert.deepStrictEqual(
    entityName(doc("<ids:simpleValue>  two\n lines  </ids:simpleValue>")),
    { kind: "simple", value: "  two\n lines  " },
    "whitespace in simple values is kept",
  );
  // Attribute-value normalisation: a literal tab becomes a space, &#9; stays a tab.
  const d = parseIds(doc().replace('name="S"', 'name="a\tb&#9;c"'));
  assert.strictEqual(d.specifications[0].name, "a b\tc");
  assert.deepStrictEqual(parseIds(writeIds(d)), d);
});

Deno.test("byte input honours the BOM and the declared encoding", () => {
  const text = doc().replace("<ids:title>T</ids:title>", "<ids:title>Überprüfung €</ids:title>");
  const utf8 = new TextEncoder().encode(text);
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
  assert.strictEqual(parseIds(withBom).info.title, "Überprüfung €");
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  assert.strictEqual(parseIds(utf16).info.title, "Überprüfung €");
  const latin1Text = doc().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    .replace("<ids:title>T</ids:title>", "<ids:title>Größe</ids:title>");
  const latin1 = new Uint8Array([...latin1Text].map((c) => c.charCodeAt(0)));
  assert.strictEqual(parseIds(latin1).info.title, "Größe");
  assert.strictEqual(parseIds("\uFEFF" + doc()).info.title, "T");
});

Deno.test("readIds never throws on hostile input", () => {
  const inputs = [
    "<",
    "<?xml",
    "<!--",
    "<![CDATA[",
    "<a",
    "<a b=>",
    "<a></b>",
    "&",
    "<a>&#0;</a>",
    "<a>&#xD800;</a>",
    "<a>\uD800</a>",
    "\u0000",
    "<a/><b/>",
    "text<a/>",
    `<ids:ids xmlns:ids="${IDS}">`,
  ];
  for (const input of inputs) {
    const r = readIds(input);
    assert.strictEqual(r.doc, undefined, JSON.stringify(input));
    assert.ok(r.errors.length > 0, JSON.stringify(input));
  }
});

Deno.test("hostile shapes stay linear: huge attribute lists, declarations, error floods", () => {
  const n = 100_000;
  const attrs = Array.from({ length: n }, (_, i) => ` a${i}="x"`).join("");
  const many = readIds(`<ids:ids xmlns:ids="${IDS}"${attrs}/>`);
  assert.strictEqual(many.doc, undefined);
  assert.ok(many.errors.length <= 1001, "errors are capped");
  assert.match(many.errors[many.errors.length - 1].message, /more than 1000 errors/);
  const dup = readIds(`<a${attrs} a${n - 1}="y"/>`);
  assert.match(dup.errors[0].message, /attribute a99999 appears twice/);

  const decls = Array.from({ length: 20_000 }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join("");
  const children = Array.from({ length: 20_000 }, (_, i) => `<q${i}:x xmlns:q${i}="urn:q"/>`).join(
    "",
  );
  const ns = readIds(`<ids:ids xmlns:ids="${IDS}"${decls}>${children}</ids:ids>`);
  assert.strictEqual(ns.xmlError, undefined, "well-formed");
  assert.ok(ns.errors.length > 0, "but not an IDS");

  const sameExpanded = readIds(`<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>`);
  assert.match(sameExpanded.errors[0].message, /\{urn:x\}b appears twice/);
});

Deno.test("prefixes named like object properties are ordinary prefixes", () => {
  for (const prefix of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    const unbound = readIds(`<${prefix}:ids/>`);
    assert.strictEqual(unbound.xmlError?.code, "xml_malformed", prefix);
    const xml = doc().replaceAll("ids:", `${prefix}:`).replace("xmlns:ids=", `xmlns:${prefix}=`);
    assert.strictEqual(parseIds(xml).info.title, "T", prefix);
  }
  const base = readIds(doc(`<xs:restriction base="constructor:string"/>`));
  assert.match(base.errors[0].message, /prefix 'constructor' is not declared/);
});

Deno.test("spec ids of every specification take linear work (summary of 10,000 specs)", async () => {
  const { specIdFor, specIdsFor } = await import("../../src/ids/edit.ts");
  const { summarizeSpecs } = await import("../../src/mcp/summary.ts");
  const n = 10_000;
  const plain = Array.from({ length: n }, (_, i) => ({
    name: i % 3 === 0 ? "same" : `S${i}`,
    ...(i % 5 === 0 ? { identifier: i % 10 === 0 ? `ID${i}` : "dup" } : {}),
    ...(i === 7 ? { identifier: "S8" } : {}),
    ifcVersion: ["IFC4" as const],
    applicability: { facets: [] },
  }));
  // Count element reads: a quadratic summary reads n² = 10⁸ elements.
  let reads = 0;
  const counted = new Proxy(plain, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const doc = { info: { title: "T" }, specifications: counted } as unknown as Parameters<
    typeof summarizeSpecs
  >[0];
  const ids = summarizeSpecs(doc).map((s) => s.spec_id);
  assert.ok(reads < 10 * n, `${reads} element reads for ${n} specifications`);
  assert.deepEqual(ids, specIdsFor(plain as never));
  // Same answers as the one-spec form, on a sample.
  for (const i of [0, 3, 5, 7, 8, 10, 15, 9_999]) {
    assert.equal(ids[i], specIdFor(plain as never, i));
  }
  assert.equal(ids[0], "ID0");
  assert.equal(ids[5], "dup", "the first spec with a repeated identifier keeps it");
  assert.equal(ids[15], "16", "a later one falls back to its position");
  assert.equal(ids[3], "4", "a repeated name falls back to the position");
  assert.equal(ids[8], "9", "a name another spec uses as identifier is ambiguous");
  assert.equal(ids[1], "S1");
});
