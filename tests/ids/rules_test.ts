/**
 * The built-in structural rules report what is wrong, where (line and IDS path), and in words
 * an author can act on; validateDocument applies the same rules to edited models.
 */
import assert from "node:assert/strict";
import type { IdsDocument, Specification } from "../../src/ids/model.ts";
import { simple } from "../../src/ids/model.ts";
import { readIds, validateDocument, writeIds } from "../../src/ids/xml.ts";

const spec = (name: string, requirements: string) => `
    <ids:specification name="${name}" ifcVersion="IFC4">
      <ids:applicability>
        <ids:entity><ids:name><ids:simpleValue>IFCWALL</ids:simpleValue></ids:name></ids:entity>
      </ids:applicability>
      <ids:requirements>${requirements}
      </ids:requirements>
    </ids:specification>`;

const property = (extra = "") => `
        <ids:property>
          <ids:propertySet><ids:simpleValue>P</ids:simpleValue></ids:propertySet>${extra}
        </ids:property>`;

const wrap = (specs: string) =>
  `<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info><ids:title>T</ids:title></ids:info>
  <ids:specifications>${specs}
  </ids:specifications>
</ids:ids>`;

Deno.test("an error names the element path with 1-based indexes and the line", () => {
  const good = property(
    "\n          <ids:baseName><ids:simpleValue>B</ids:simpleValue></ids:baseName>",
  );
  const xml = wrap(spec("S1", good) + spec("S2", good) + spec("S3", good + property()));
  const r = readIds(xml);
  assert.strictEqual(r.doc, undefined);
  assert.strictEqual(r.errors.length, 1);
  const [e] = r.errors;
  assert.strictEqual(e.kind, "structure");
  assert.strictEqual(e.path, "/ids/specifications/specification[3]/requirements/property[2]");
  const line = xml.split("\n").findLastIndex((l) => l.includes("<ids:property>")) + 1;
  assert.strictEqual(e.line, line);
  assert.match(e.message, /missing required element ids:baseName/);
});

function errorsFor(requirements: string, applicability?: string): string[] {
  let xml = wrap(spec("S", requirements));
  if (applicability !== undefined) {
    xml = xml.replace(/<ids:applicability>[\s\S]*<\/ids:applicability>/, applicability);
  }
  return readIds(xml).errors.map((e) => `${e.path}: ${e.message}`);
}

Deno.test("rules: facets, values, cardinality, attributes by section", () => {
  const v = (tag: string, value = "X") =>
    `<ids:${tag}><ids:simpleValue>${value}</ids:simpleValue></ids:${tag}>`;
  const cases: [string, string, RegExp][] = [
    [
      "property needs baseName",
      `<ids:property>${v("propertySet")}</ids:property>`,
      /missing required element ids:baseName/,
    ],
    [
      "classification needs system",
      `<ids:classification>${v("value")}</ids:classification>`,
      /missing required element ids:system/,
    ],
    [
      "partOf cardinality",
      `<ids:partOf cardinality="optional"><ids:entity>${v("name")}</ids:entity></ids:partOf>`,
      /cardinality 'optional' is not allowed .*use required, prohibited/,
    ],
    [
      "bad cardinality",
      `<ids:material cardinality="sometimes"/>`,
      /use required, optional, prohibited/,
    ],
    [
      "entity cardinality",
      `<ids:entity cardinality="required">${v("name")}</ids:entity>`,
      /attribute 'cardinality' is not allowed on ids:entity; allowed: instructions/,
    ],
    [
      "relation",
      `<ids:partOf relation="IFCRELX"><ids:entity>${v("name")}</ids:entity></ids:partOf>`,
      /relation 'IFCRELX' is not an IDS 1.0 relation/,
    ],
    [
      "dataType",
      `<ids:property dataType="IfcLabel">${v("propertySet")}${v("baseName")}</ids:property>`,
      /dataType 'IfcLabel' must be an upper-case/,
    ],
    [
      "two values",
      `<ids:material><ids:value><ids:simpleValue>a</ids:simpleValue><ids:simpleValue>b</ids:simpleValue></ids:value></ids:material>`,
      /exactly one/,
    ],
    ["empty value", `<ids:material><ids:value/></ids:material>`, /needs a value/],
    [
      "facet name",
      `<ids:material><ids:value><xs:restriction><xs:foo value="1"/></xs:restriction></ids:value></ids:material>`,
      /'xs:foo' is not allowed in xs:restriction/,
    ],
    [
      "fixed on pattern",
      `<ids:material><ids:value><xs:restriction><xs:pattern value="a" fixed="true"/></xs:restriction></ids:value></ids:material>`,
      /attribute 'fixed' is not allowed/,
    ],
    [
      "length value",
      `<ids:material><ids:value><xs:restriction><xs:length value="-2"/></xs:restriction></ids:value></ids:material>`,
      /non-negative integer/,
    ],
    [
      "unknown element",
      `<ids:colour/>`,
      /'ids:colour' is not allowed in ids:requirements; expected facets/,
    ],
  ];
  for (const [label, xml, expected] of cases) {
    const errors = errorsFor(xml);
    assert.ok(errors.some((e) => expected.test(e)), `${label}: ${JSON.stringify(errors)}`);
  }
});

Deno.test("rules: applicability order, single entity, requirement-only attributes", () => {
  const entity =
    `<ids:entity><ids:name><ids:simpleValue>IFCWALL</ids:simpleValue></ids:name></ids:entity>`;
  const material = `<ids:material/>`;
  const twoEntities = errorsFor("", `<ids:applicability>${entity}${entity}</ids:applicability>`);
  assert.ok(twoEntities.some((e) => /allows only one ids:entity/.test(e)), twoEntities.join());
  const order = errorsFor("", `<ids:applicability>${material}${entity}</ids:applicability>`);
  assert.ok(order.some((e) => /out of order/.test(e)), order.join());
  const card = errorsFor(
    "",
    `<ids:applicability><ids:material cardinality="required"/></ids:applicability>`,
  );
  assert.ok(
    card.some((e) =>
      /'cardinality' is not allowed on ids:material in applicability; it is only allowed in requirements/
        .test(e)
    ),
    card.join(),
  );
  const uri = errorsFor(
    "",
    `<ids:applicability><ids:material uri="http://x"/></ids:applicability>`,
  );
  assert.ok(uri.some((e) => /'uri' .* only allowed in requirements/.test(e)), uri.join());
  const occurs = errorsFor(
    "",
    `<ids:applicability minOccurs="x" maxOccurs="lots">${entity}</ids:applicability>`,
  );
  assert.strictEqual(occurs.length, 2, occurs.join());
  // Requirements accept facets in any order and repeated.
  assert.deepStrictEqual(errorsFor(`${material}${entity}${material}`), []);
});

Deno.test("rules: info fields, ifcVersion, required attributes", () => {
  const withInfo = (info: string) =>
    readIds(wrap(spec("S", "")).replace("<ids:info><ids:title>T</ids:title></ids:info>", info))
      .errors.map((e) => e.message);
  assert.match(
    withInfo("<ids:info><ids:title>T</ids:title><ids:author>nobody</ids:author></ids:info>")[0],
    /e-mail/,
  );
  assert.match(
    withInfo("<ids:info><ids:title>T</ids:title><ids:date>2024-02-30</ids:date></ids:info>")[0],
    /xs:date/,
  );
  assert.match(
    withInfo("<ids:info><ids:version>1</ids:version><ids:title>T</ids:title></ids:info>")[0],
    /ids:title/,
  );
  assert.match(withInfo("<ids:info/>")[0], /missing required element ids:title/);
  const bad = readIds(wrap(spec("S", "")).replace('ifcVersion="IFC4"', 'ifcVersion="IFC4 IFC5"'));
  assert.match(
    bad.errors[0].message,
    /ifcVersion 'IFC5' is not an IDS 1.0 IFC version; use IFC2X3, IFC4, IFC4X3_ADD2/,
  );
  const noName = readIds(wrap(spec("S", "")).replace('name="S" ', ""));
  assert.match(noName.errors[0].message, /missing the required attribute 'name'/);
  const noSpecs = readIds(wrap(""));
  assert.match(noSpecs.errors[0].message, /missing required element ids:specification/);
});

const base = (spec: Partial<Specification> = {}): IdsDocument => ({
  info: { title: "T" },
  specifications: [{
    name: "S",
    ifcVersion: ["IFC4"],
    applicability: { facets: [{ facet: "entity", name: simple("IFCWALL") }] },
    ...spec,
  }],
});

Deno.test("validateDocument applies the same rules to edited models", () => {
  assert.deepStrictEqual(validateDocument(base()), { valid: true, errors: [], warnings: [] });
  const twoEntities = validateDocument(base({
    applicability: {
      facets: [{ facet: "entity", name: simple("IFCWALL") }, {
        facet: "entity",
        name: simple("IFCSLAB"),
      }],
    },
  }));
  assert.strictEqual(twoEntities.valid, false);
  assert.match(twoEntities.errors[0].message, /only one ids:entity/);
  assert.strictEqual(
    twoEntities.errors[0].path,
    "/ids/specifications/specification[1]/applicability/entity[2]",
  );

  const noSystem = validateDocument(base({
    requirements: { facets: [{ facet: "classification", value: simple("21") }] },
  }));
  assert.match(noSystem.errors[0].message, /missing required element ids:system/);

  const cardinalityInApplicability = validateDocument(base({
    applicability: { facets: [{ facet: "material", cardinality: "optional" }] },
  }));
  assert.match(cardinalityInApplicability.errors[0].message, /only allowed in requirements/);

  const empty = validateDocument({ info: { title: "T" }, specifications: [] });
  assert.match(empty.errors[0].message, /missing required element ids:specification/);

  const control = validateDocument({ ...base(), info: { title: "bad \u0001 char" } });
  assert.strictEqual(control.valid, false);
  assert.strictEqual(control.errors[0].kind, "xml");

  const badDate = validateDocument({ ...base(), info: { title: "T", date: "31.05.2024" } });
  assert.deepStrictEqual(badDate.errors.map((e) => e.path), ["/ids/info/date"]);
});

Deno.test("warnings flag legal but suspicious content without failing", () => {
  const r = readIds(
    writeIds(base({ ifcVersion: [], applicability: { minOccurs: 2, maxOccurs: 1, facets: [] } })),
  );
  assert.ok(r.doc);
  const messages = r.warnings.map((w) => w.message).join("\n");
  assert.match(messages, /ifcVersion is empty/);
  assert.match(messages, /minOccurs 2 is greater than maxOccurs 1/);
  assert.match(messages, /applicability has no facets/);
});
