/** Facet descriptions read like IfcTester's, in applicability, requirements and prohibitions. */
import assert from "node:assert/strict";
import { describeFacet, describeSpecification, describeValue } from "../../src/ids/describe.ts";
import { simple } from "../../src/ids/model.ts";
import type { Facet } from "../../src/ids/model.ts";
import { summarizeDocument } from "../../src/ids/summary.ts";
import { parseIds } from "../../src/ids/xml.ts";
import { SHARED_IDS } from "./_corpus.ts";

Deno.test("facets are described as IfcTester phrases them", () => {
  const cases: [Facet, string, string, string][] = [
    [
      { facet: "entity", name: simple("IFCWALL") },
      "All IFCWALL data",
      "Shall be IFCWALL data",
      "Shall be IFCWALL data",
    ],
    [
      { facet: "entity", name: simple("IFCWALL"), predefinedType: simple("SOLIDWALL") },
      "All IFCWALL data of type SOLIDWALL",
      "Shall be IFCWALL data of type SOLIDWALL",
      "Shall be IFCWALL data of type SOLIDWALL",
    ],
    [
      { facet: "property", propertySet: simple("Pset_WallCommon"), baseName: simple("FireRating") },
      "Elements with FireRating data in the dataset Pset_WallCommon",
      "FireRating data shall be provided in the dataset Pset_WallCommon",
      "FireRating data shall not be provided in the dataset Pset_WallCommon",
    ],
    [
      { facet: "attribute", name: simple("Name"), value: simple("Waldo") },
      "Data where the Name is Waldo",
      "The Name shall be Waldo",
      "The Name shall not be Waldo",
    ],
    [
      { facet: "classification", system: simple("Uniclass"), value: simple("EF_25_10") },
      "Data having a Uniclass reference of EF_25_10",
      "Shall have a Uniclass reference of EF_25_10",
      "Shall not have a Uniclass reference of EF_25_10",
    ],
    [
      { facet: "material", value: simple("Concrete") },
      "All data with a Concrete material",
      "Shall have a material of Concrete",
      "Shall not have a material of Concrete",
    ],
    [
      {
        facet: "partOf",
        entity: { name: simple("IFCBUILDINGSTOREY") },
        relation: "IFCRELCONTAINEDINSPATIALSTRUCTURE",
      },
      "An element with an IFCRELCONTAINEDINSPATIALSTRUCTURE relationship with an IFCBUILDINGSTOREY",
      "An element must have an IFCRELCONTAINEDINSPATIALSTRUCTURE relationship with an IFCBUILDINGSTOREY",
      "An element must not have an IFCRELCONTAINEDINSPATIALSTRUCTURE relationship with an IFCBUILDINGSTOREY",
    ],
  ];
  for (const [facet, applicability, requirement, prohibited] of cases) {
    assert.strictEqual(describeFacet(facet, "applicability"), applicability);
    assert.strictEqual(describeFacet(facet, "requirements"), requirement);
    const p = facet.facet === "entity" ? facet : { ...facet, cardinality: "prohibited" } as Facet;
    assert.strictEqual(describeFacet(p, "requirements"), prohibited);
  }
  // A prohibited specification flips requirements; a prohibited facet in it flips back.
  const prop: Facet = { facet: "material", cardinality: "prohibited" };
  assert.strictEqual(describeFacet(prop, "requirements", true), "Shall have a material");
});

Deno.test("restrictions are described in words", () => {
  assert.strictEqual(
    describeValue({
      kind: "restriction",
      facets: [{ kind: "enumeration", value: "A" }, { kind: "enumeration", value: "B" }, {
        kind: "enumeration",
        value: "C",
      }],
    }),
    "A, B or C",
  );
  assert.strictEqual(
    describeValue({
      kind: "restriction",
      base: "xs:double",
      facets: [{ kind: "minInclusive", value: "3" }, { kind: "maxExclusive", value: "10" }],
    }),
    "at least 3 and less than 10",
  );
  assert.strictEqual(
    describeValue({ kind: "restriction", facets: [{ kind: "pattern", value: "EI[0-9]+" }] }),
    "a value matching 'EI[0-9]+'",
  );
  assert.strictEqual(
    describeValue({ kind: "restriction", base: "xs:string", facets: [] }),
    "any string value",
  );
});

Deno.test("describeSpecification and summarizeDocument over a real example", () => {
  const doc = parseIds(Deno.readFileSync(new URL("examples/wall_fire_rating.ids", SHARED_IDS)));
  assert.deepStrictEqual(describeSpecification(doc.specifications[0]), {
    applicability: ["All IFCWALL data"],
    requirements: ["FireRating data shall be provided in the dataset Pset_WallCommon"],
  });
  const s = summarizeDocument(doc);
  assert.strictEqual(s.specificationCount, 1);
  assert.strictEqual(s.facetCounts.entity, 1);
  assert.strictEqual(s.facetCounts.property, 1);
  assert.strictEqual(s.specifications[0].optionality, "optional");
});
