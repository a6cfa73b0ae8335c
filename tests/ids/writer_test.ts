/**
 * The canonical writer: escaping that survives any string, schema order for applicability,
 * model order for requirements, documentation kept, byte-identical idempotence.
 */
import assert from "node:assert/strict";
import type { IdsDocument } from "../../src/ids/model.ts";
import { simple } from "../../src/ids/model.ts";
import { parseIds, writeIds } from "../../src/ids/xml.ts";
import { officialSchema } from "./_corpus.ts";

const tricky = `a<b & c>d "quoted" 'single'\ttab\nnew line\r\nCRLF ]]> end`;

const doc: IdsDocument = {
  info: {
    title: tricky,
    copyright: "©",
    version: "1.0",
    description: "  padded  ",
    author: "someone@example.org",
    date: "2024-05-31",
    purpose: "p",
    milestone: "m",
  },
  specifications: [{
    name: tricky,
    ifcVersion: ["IFC2X3", "IFC4X3_ADD2"],
    identifier: "S-1",
    description: "d",
    instructions: tricky,
    applicability: {
      minOccurs: 0,
      maxOccurs: "unbounded",
      facets: [
        { facet: "material", value: simple("Concrete") },
        {
          facet: "property",
          propertySet: simple("P"),
          baseName: simple("B"),
          dataType: "IFCLABEL",
        },
        {
          facet: "partOf",
          entity: { name: simple("IFCBUILDINGSTOREY"), predefinedType: simple("X") },
          relation: "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT",
        },
        { facet: "entity", name: simple("IFCWALL"), predefinedType: simple("SOLIDWALL") },
        { facet: "attribute", name: simple("Name") },
        { facet: "classification", system: simple("Uniclass") },
      ],
    },
    requirements: {
      description: "r",
      facets: [
        { facet: "material", cardinality: "optional", uri: "http://x/y", instructions: "i" },
        {
          facet: "attribute",
          name: simple("Name"),
          value: {
            kind: "restriction",
            base: "xs:string",
            facets: [{ kind: "pattern", value: "[A-Z]{2}\\d+" }, {
              kind: "maxLength",
              value: "10",
            }],
            documentation: ["two letters, then digits", tricky],
          },
          cardinality: "prohibited",
        },
        { facet: "entity", name: simple("IFCWALL"), instructions: "walls only" },
        {
          facet: "property",
          propertySet: simple("Pset_WallCommon"),
          baseName: simple("FireRating"),
          value: { kind: "restriction", facets: [{ kind: "enumeration", value: "EI60" }] },
          dataType: "IFCLABEL",
          uri: "https://identifier.buildingsmart.org/x",
          cardinality: "required",
          instructions: "i",
        },
        {
          facet: "classification",
          value: simple("21.1"),
          system: simple("NL-SfB"),
          uri: "http://c",
        },
        {
          facet: "partOf",
          entity: { name: simple("IFCGROUP") },
          relation: "IFCRELASSIGNSTOGROUP",
          cardinality: "prohibited",
        },
      ],
    },
  }],
};

Deno.test("every string survives a write/parse round trip, and the XML is XSD-valid", () => {
  const xml = writeIds(doc);
  const back = parseIds(xml);
  assert.strictEqual(back.info.title, tricky);
  assert.strictEqual(back.specifications[0].name, tricky);
  assert.strictEqual(back.specifications[0].instructions, tricky);
  assert.deepStrictEqual(back.specifications[0].requirements, doc.specifications[0].requirements);
  assert.strictEqual(writeIds(back), xml, "write(parse(write(m))) is byte-identical");
  assert.ok(!xml.includes("]]>"));
  const xsd = officialSchema();
  try {
    assert.deepStrictEqual(xsd.validate(xml), []);
  } finally {
    xsd.dispose();
  }
});

Deno.test("applicability is written in schema order, requirements in model order", () => {
  const xml = writeIds(doc);
  const section = (name: string) =>
    [
      ...xml.slice(xml.indexOf(`<ids:${name}`), xml.indexOf(`</ids:${name}>`))
        .matchAll(/^\t{4}<ids:(\w+)/gm),
    ].map((m) => m[1]);
  assert.deepStrictEqual(section("applicability"), [
    "entity",
    "partOf",
    "classification",
    "attribute",
    "property",
    "material",
  ]);
  assert.deepStrictEqual(section("requirements"), [
    "material",
    "attribute",
    "entity",
    "property",
    "classification",
    "partOf",
  ]);
});

Deno.test("attributes follow the schema's order and empty containers are self-closing", () => {
  const xml = writeIds(doc);
  assert.match(
    xml,
    /<ids:property dataType="IFCLABEL" uri="https:\/\/identifier\.buildingsmart\.org\/x" cardinality="required" instructions="i">/,
  );
  assert.match(
    xml,
    /<ids:specification name="[^"]*" ifcVersion="IFC2X3 IFC4X3_ADD2" identifier="S-1"/,
  );
  assert.match(xml, /<ids:applicability minOccurs="0" maxOccurs="unbounded">/);
  assert.match(xml, /<ids:material uri="http:\/\/x\/y" cardinality="optional" instructions="i"\/>/);
  assert.match(xml, /&#9;tab&#10;new line&#13;&#10;CRLF/);
  assert.match(
    xml,
    /<xs:annotation>\n\t+<xs:documentation>two letters, then digits<\/xs:documentation>/,
  );
  const empty = writeIds({
    info: { title: "" },
    specifications: [{
      name: "",
      ifcVersion: ["IFC4"],
      applicability: { facets: [] },
      requirements: { facets: [] },
    }],
  });
  assert.match(empty, /<ids:title\/>/);
  assert.match(empty, /<ids:applicability\/>/);
  assert.match(empty, /<ids:requirements\/>/);
  assert.deepStrictEqual(parseIds(empty).specifications[0].requirements, { facets: [] });
});

Deno.test("huge occurs values are written as plain integers", () => {
  const xml = writeIds({
    info: { title: "T" },
    specifications: [{
      name: "S",
      ifcVersion: ["IFC4"],
      applicability: { minOccurs: 1e21, facets: [{ facet: "entity", name: simple("IFCWALL") }] },
    }],
  });
  assert.match(xml, /minOccurs="1000000000000000000000"/);
});
