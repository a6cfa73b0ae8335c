/**
 * Agreement between the built-in structural rules and the official XSD (libxml2): the same
 * verdict on every file of the shared corpus, and on hundreds of generated one-rule mutations
 * of valid documents. Disagreements are listed by mutation and file so a failure says which
 * rule drifted.
 */
import assert from "node:assert/strict";
import { readIds, writeIds } from "../../src/ids/xml.ts";
import { readXmlTree } from "../../src/ids/xml_tree.ts";
import { auditExpectations, listIds, officialSchema, rel, roundTripCorpus } from "./_corpus.ts";
import { applicable, mutate, MUTATIONS, rng, toMutable } from "./_mutate.ts";

const decoder = new TextDecoder();

function builtInValid(xml: string | Uint8Array): boolean {
  const r = readIds(xml);
  return r.errors.length === 0 && r.doc !== undefined;
}

Deno.test("built-in rules and the official XSD agree on every corpus file", () => {
  const xsd = officialSchema();
  try {
    const files = listIds();
    const disagreements: string[] = [];
    for (const file of files) {
      const bytes = Deno.readFileSync(file);
      const ours = builtInValid(bytes);
      const theirs = xsd.validate(bytes).length === 0;
      if (ours !== theirs) disagreements.push(`${rel(file)}: built-in ${ours}, XSD ${theirs}`);
    }
    assert.deepStrictEqual(disagreements, []);
    console.log(`corpus agreement: ${files.length}/${files.length} files`);
  } finally {
    xsd.dispose();
  }
});

Deno.test("audit files marked 'structure' are rejected by both, the others accepted by both", () => {
  const xsd = officialSchema();
  try {
    const expected = auditExpectations();
    let checked = 0;
    for (const file of listIds("audit/")) {
      const key = file.slice(file.indexOf("/audit/") + "/audit/".length);
      const verdict = expected.get(key);
      if (verdict === undefined) continue;
      const structural = verdict.split("+").includes("structure");
      const bytes = Deno.readFileSync(file);
      const text = decoder.decode(bytes);
      assert.strictEqual(builtInValid(bytes), !structural, `${key}: built-in verdict`);
      assert.strictEqual(
        text.trim() !== "" && xsd.validate(text).length === 0,
        !structural,
        `${key}: XSD verdict`,
      );
      checked++;
    }
    assert.ok(checked >= 30, `only ${checked} audit files checked`);
  } finally {
    xsd.dispose();
  }
});

Deno.test("built-in rules and the official XSD agree on generated mutations", () => {
  const xsd = officialSchema();
  const random = rng(20240531);
  try {
    // Each valid document twice: canonical (ids:/xs: prefixes) and as published (default
    // namespaces, other prefixes, comments), so the rules are exercised on both spellings.
    const bases = roundTripCorpus().flatMap((f) => {
      const bytes = Deno.readFileSync(f);
      const r = readIds(bytes);
      return [
        { file: rel(f), tree: readXmlTree(writeIds(r.doc!)) },
        { file: `${rel(f)} (as published)`, tree: readXmlTree(bytes) },
      ];
    });
    const used = new Map<string, number>();
    const results: { name: string; file: string; xml: string; keepsValid: boolean }[] = [];
    const run = (base: typeof bases[number], m: typeof MUTATIONS[number]) => {
      results.push({
        name: m.name,
        file: base.file,
        xml: mutate(base.tree, m, random),
        keepsValid: m.keepsValid,
      });
      used.set(m.name, (used.get(m.name) ?? 0) + 1);
    };
    for (const base of bases) {
      const options = applicable(toMutable(base.tree));
      for (let i = 0; i < 2 && options.length > 0; i++) {
        run(base, options[Math.floor(random() * options.length)].mutation);
      }
    }
    for (const m of MUTATIONS) {
      if (used.has(m.name)) continue;
      const base = bases.find((b) => applicable(toMutable(b.tree)).some((a) => a.mutation === m));
      assert.ok(base, `mutation '${m.name}' applies to no corpus document`);
      for (let i = 0; i < 3; i++) run(base, m);
    }
    let agreed = 0;
    let invalid = 0;
    const disagreements: string[] = [];
    const catalogueErrors: string[] = [];
    for (const r of results) {
      const ours = builtInValid(r.xml);
      const issues = xsd.validate(r.xml);
      const theirs = issues.length === 0;
      if (!theirs) invalid++;
      if (ours === theirs) agreed++;
      else {
        disagreements.push(
          `${r.name} on ${r.file}: built-in ${ours}, XSD ${theirs} ${
            issues.slice(0, 1).map((i) => i.message).join("")
          }`,
        );
      }
      if (theirs !== r.keepsValid) {
        catalogueErrors.push(`${r.name} on ${r.file}: expected XSD valid=${r.keepsValid}`);
      }
    }
    console.log(
      `mutations: ${results.length} generated (${invalid} invalid, ${MUTATIONS.length} kinds), ` +
        `${agreed}/${results.length} agreed`,
    );
    assert.deepStrictEqual(disagreements, []);
    assert.deepStrictEqual(catalogueErrors, []);
    assert.ok(results.length >= 300, `only ${results.length} mutations`);
    assert.ok(invalid >= 300, `only ${invalid} rule-breaking mutations`);
  } finally {
    xsd.dispose();
  }
});

/** A small valid document with placeholders for the values under test. */
function template(v: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:foo="urn:foo">
  <ids:info><ids:title>t</ids:title>${v.author ?? ""}${v.date ?? ""}</ids:info>
  <ids:specifications>
    <ids:specification name="s" ifcVersion="${v.ifcVersion ?? "IFC4"}">
      <ids:applicability${v.occurs ?? ""}>
        <ids:entity><ids:name><ids:simpleValue>IFCWALL</ids:simpleValue></ids:name></ids:entity>
      </ids:applicability>
      <ids:requirements>
        <ids:property${v.property ?? ""}>
          <ids:propertySet><ids:simpleValue>P</ids:simpleValue></ids:propertySet>
          <ids:baseName><xs:restriction${v.base ?? ""}>${
    v.facet ?? ""
  }</xs:restriction></ids:baseName>
        </ids:property>
      </ids:requirements>
    </ids:specification>
  </ids:specifications>
</ids:ids>`;
}

const EDGE_VALUES: Record<string, (x: string) => Record<string, string>> = {
  date: (x) => ({ date: `<ids:date>${x}</ids:date>` }),
  author: (x) => ({ author: `<ids:author>${x}</ids:author>` }),
  ifcVersion: (x) => ({ ifcVersion: x }),
  minOccurs: (x) => ({ occurs: ` minOccurs="${x}"` }),
  maxOccurs: (x) => ({ occurs: ` maxOccurs="${x}"` }),
  uri: (x) => ({ property: ` uri="${x}"` }),
  dataType: (x) => ({ property: ` dataType="${x}"` }),
  base: (x) => ({ base: ` base="${x}"` }),
  length: (x) => ({ facet: `<xs:length value="${x}"/>` }),
  totalDigits: (x) => ({ facet: `<xs:totalDigits value="${x}"/>` }),
  fixed: (x) => ({ facet: `<xs:minInclusive value="1" fixed="${x}"/>` }),
};

const EDGE_CASES: Record<string, string[]> = {
  date: [
    "2024-02-29",
    "2023-02-29",
    "1900-02-29",
    "2000-02-29",
    "0000-01-01",
    "-0004-02-29",
    "-0001-02-29",
    "10000-01-01",
    "01000-01-01",
    " 2024-01-01",
    "2024-01-01Z",
    "2024-01-01z",
    "2024-01-01+14:00",
    "2024-01-01+14:01",
    "2024-01-01-13:59",
    "2024-01-01+01:60",
    "2024-1-01",
    "2024-04-31",
    "2024-12-31",
    "2024-00-01",
    "+2024-01-01",
    "",
    "2024-01-01T00:00",
  ],
  author: [
    "a@b.c",
    "a@b",
    "a.b@c.d",
    "@b.c",
    "a@.c",
    "a@b.",
    "a b@c d.e f",
    "a@b@c.d",
    "a@b\nc.d",
    "é@ü.ö",
    "a@b.c\n",
    " a@b.c ",
  ],
  ifcVersion: [
    "IFC4",
    "IFC2X3 IFC4 IFC4X3_ADD2",
    " IFC4 ",
    "IFC4&#9;IFC2X3",
    "",
    "IFC4 IFC4",
    "IFC4X3",
    "IFC4X3_ADD1",
    "ifc4",
    "IFC4,IFC2X3",
  ],
  minOccurs: [
    "0",
    "1",
    "+1",
    "-0",
    "-1",
    "01",
    " 2 ",
    "1.0",
    "",
    "unbounded",
    "1e3",
    "99999999999999999999",
  ],
  maxOccurs: ["0", "unbounded", " unbounded ", "Unbounded", "+5", "-0", "-1", "", "x"],
  uri: [
    "http://example.org/a?b=c#d",
    "https://identifier.buildingsmart.org/uri/x/y",
    "urn:isbn:123",
    "relative/path",
    "../up",
    "#frag",
    "",
    "http://a b",
    "%zz",
    "%2F",
    "http://[::1]/",
    "http://[::1",
    "a:b:c",
    "::",
    ":a",
    "a#b#c",
    "http://a:80/",
    "http://a:x/",
    "http://a/%",
    "mailto:a@b.c",
    "a[b]",
    "http://ex.org/ä",
    "\\server",
    "http://a/b?c?d",
    "http://a/{x}",
    "http://user@host:1/p",
  ],
  dataType: ["IFCLABEL", "IfcLabel", "IFC_LABEL", "IFCLABEL ", "", "IFCLENGTHMEASURE", "IFC2"],
  base: [
    "xs:string",
    "xs:double",
    "xs:invalid",
    "foo:string",
    "bar:string",
    "string",
    "xs:",
    "1a",
    " xs:string ",
  ],
  length: ["0", "5", "+5", "-1", "-0", "1.5", "", " 3 "],
  totalDigits: ["1", "0", "+2", "-1", "00", "01"],
  fixed: ["true", "false", "1", "0", "yes", "TRUE", " true "],
};

Deno.test("built-in rules and the official XSD agree on edge values of every simple type", () => {
  const xsd = officialSchema();
  try {
    assert.deepStrictEqual(xsd.validate(template({})), [], "the template itself is valid");
    assert.ok(builtInValid(template({})));
    const disagreements: string[] = [];
    let n = 0;
    for (const [field, values] of Object.entries(EDGE_CASES)) {
      const verdicts = new Set<boolean>();
      for (const value of values) {
        const xml = template(EDGE_VALUES[field](value.replace(/\\n/g, "&#10;")));
        const ours = builtInValid(xml);
        const theirs = xsd.validate(xml).length === 0;
        verdicts.add(theirs);
        if (ours !== theirs) {
          disagreements.push(`${field}=${JSON.stringify(value)}: built-in ${ours}, XSD ${theirs}`);
        }
        n++;
      }
      assert.strictEqual(
        verdicts.size,
        2,
        `${field}: the cases should include valid and invalid values`,
      );
    }
    assert.deepStrictEqual(disagreements, []);
    assert.ok(n > 100);
  } finally {
    xsd.dispose();
  }
});

/** Restriction contents the schema for schemas allows or forbids: annotations, ids, nesting. */
const RESTRICTION_CORNERS = [
  `<xs:restriction><xs:annotation><xs:documentation>a<b>bold</b></xs:documentation></xs:annotation></xs:restriction>`,
  `<xs:restriction><xs:annotation><xs:documentation><xs:foo/></xs:documentation></xs:annotation></xs:restriction>`,
  `<xs:restriction><xs:annotation><xs:appinfo><x/></xs:appinfo></xs:annotation></xs:restriction>`,
  `<xs:restriction><xs:annotation>text</xs:annotation></xs:restriction>`,
  `<xs:restriction><xs:annotation><xs:documentation source="%%"/></xs:annotation></xs:restriction>`,
  `<xs:restriction><xs:annotation><xs:documentation xml:lang="en-GB"/></xs:annotation></xs:restriction>`,
  `<xs:restriction><xs:annotation><xs:documentation xml:lang="not a lang"/></xs:annotation></xs:restriction>`,
  `<xs:restriction id="a"><xs:enumeration id="a" value="x"/></xs:restriction>`,
  `<xs:restriction id="1a"/>`,
  `<xs:restriction><xs:simpleType><xs:restriction base="xs:string"/></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType><garbage/></xs:simpleType></xs:restriction>`,
  `<xs:restriction o:x="1"><xs:enumeration value="x" o:y="2"/></xs:restriction>`,
  `<xs:restriction xml:space="bad"/>`,
  `<xs:restriction>text</xs:restriction>`,
  `<xs:restriction><xs:enumeration value="x">t</xs:enumeration></xs:restriction>`,
  `<xs:restriction><xs:minInclusive value="x" fixed="true"/></xs:restriction>`,
  `<xs:restriction><xs:whiteSpace value=" collapse "/></xs:restriction>`,
  `<xs:restriction><xs:enumeration value="x"><xs:annotation/><xs:annotation/></xs:enumeration></xs:restriction>`,
  `<xs:restriction><xs:annotation/><xs:simpleType/></xs:restriction>`,
  `<xs:restriction base=""/>`,
  `<xs:restriction base="xml:lang"/>`,
  `<xs:restriction><xs:assertion test="x"/></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:list itemType="xs:string"/></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:list itemType="q:string"/></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:union memberTypes="xs:string xs:int"><xs:simpleType><xs:restriction/></xs:simpleType></xs:union></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:list><xs:simpleType><xs:restriction/></xs:simpleType><xs:simpleType><xs:restriction/></xs:simpleType></xs:list></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType name="x"><xs:restriction/></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:restriction/><xs:list/></xs:simpleType></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:annotation/><xs:restriction><xs:enumeration value="a"/></xs:restriction></xs:simpleType><xs:enumeration value="a"/></xs:restriction>`,
  `<xs:restriction><xs:simpleType><xs:restriction><xs:length value="x"/></xs:restriction></xs:simpleType></xs:restriction>`,
];

Deno.test("built-in rules and the official XSD agree on xs:restriction corner cases", () => {
  const xsd = officialSchema();
  try {
    const disagreements: string[] = [];
    const verdicts = new Set<boolean>();
    for (const r of RESTRICTION_CORNERS) {
      const xml = template({}).replace(
        /<ids:baseName>.*<\/ids:baseName>/,
        `<ids:baseName>${r}</ids:baseName>`,
      ).replace('xmlns:foo="urn:foo"', 'xmlns:o="urn:o"');
      const ours = builtInValid(xml);
      const theirs = xsd.validate(xml).length === 0;
      verdicts.add(theirs);
      if (ours !== theirs) disagreements.push(`${r}: built-in ${ours}, XSD ${theirs}`);
    }
    assert.deepStrictEqual(disagreements, []);
    assert.strictEqual(verdicts.size, 2);
  } finally {
    xsd.dispose();
  }
});
