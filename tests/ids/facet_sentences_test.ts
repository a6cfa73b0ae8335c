/**
 * Every generated facet sentence, read as a BIM coordinator reads a report: per facet, in
 * applicability, as a required, optional and prohibited requirement, and in a prohibited
 * specification, for simple values and each restriction kind. Simple values keep IfcTester's
 * phrasing; restrictions become relative clauses instead of "a a value matching …".
 */
import assert from "node:assert/strict";
import { describeFacet, describeSpecification } from "../../src/ids/describe.ts";
import { type Facet, type IdsValue, simple } from "../../src/ids/model.ts";

const pattern = (p: string): IdsValue => ({
  kind: "restriction",
  base: "xs:string",
  facets: [{ kind: "pattern", value: p }],
});
const oneOf = (...v: string[]): IdsValue => ({
  kind: "restriction",
  base: "xs:string",
  facets: v.map((value) => ({ kind: "enumeration" as const, value })),
});
const atLeast = (n: string): IdsValue => ({
  kind: "restriction",
  base: "xs:double",
  facets: [{ kind: "minInclusive", value: n }],
});
const length = (n: string): IdsValue => ({
  kind: "restriction",
  base: "xs:string",
  facets: [{ kind: "length", value: n }],
});

/** [facet, applicability, required, prohibited]; optional = required + ", if present". */
const cases: [Facet, string, string, string][] = [
  [
    { facet: "entity", name: pattern("IFCWALL.*") },
    "All data whose IFC class is a value matching 'IFCWALL.*'",
    "Shall be data whose IFC class is a value matching 'IFCWALL.*'",
    "Shall be data whose IFC class is a value matching 'IFCWALL.*'",
  ],
  [
    { facet: "entity", name: oneOf("IFCWALL", "IFCSLAB"), predefinedType: pattern("SOLID.*") },
    "All IFCWALL or IFCSLAB data whose predefined type is a value matching 'SOLID.*'",
    "Shall be IFCWALL or IFCSLAB data whose predefined type is a value matching 'SOLID.*'",
    "Shall be IFCWALL or IFCSLAB data whose predefined type is a value matching 'SOLID.*'",
  ],
  [
    { facet: "attribute", name: pattern(".*Name"), value: length("4") },
    "Data where an attribute whose name is a value matching '.*Name' is exactly 4 characters long",
    "An attribute whose name is a value matching '.*Name' shall be exactly 4 characters long",
    "An attribute whose name is a value matching '.*Name' shall not be exactly 4 characters long",
  ],
  [
    { facet: "attribute", name: simple("Description") },
    "Data where the Description is provided",
    "The Description shall be provided",
    "The Description shall not be provided",
  ],
  [
    {
      facet: "property",
      propertySet: pattern("Pset_.*"),
      baseName: simple("FireRating"),
      value: oneOf("EI60", "EI90"),
    },
    "Elements with FireRating data that is EI60 or EI90 in a dataset whose name is a value matching 'Pset_.*'",
    "FireRating data shall be EI60 or EI90 and in a dataset whose name is a value matching 'Pset_.*'",
    "FireRating data shall not be EI60 or EI90 and in a dataset whose name is a value matching 'Pset_.*'",
  ],
  [
    {
      facet: "property",
      propertySet: simple("Qto_WallBaseQuantities"),
      baseName: pattern(".*Area"),
      value: atLeast("2"),
    },
    "Elements with data of a property whose name is a value matching '.*Area' that is at least 2 in the dataset Qto_WallBaseQuantities",
    "Data of a property whose name is a value matching '.*Area' shall be at least 2 and in the dataset Qto_WallBaseQuantities",
    "Data of a property whose name is a value matching '.*Area' shall not be at least 2 and in the dataset Qto_WallBaseQuantities",
  ],
  [
    { facet: "classification", system: simple("EF_25"), value: pattern("Uni.*") },
    "Data having an EF_25 reference whose identification is a value matching 'Uni.*'",
    "Shall have an EF_25 reference whose identification is a value matching 'Uni.*'",
    "Shall not have an EF_25 reference whose identification is a value matching 'Uni.*'",
  ],
  [
    { facet: "classification", system: pattern("Uni.*"), value: simple("EF_25") },
    "Data having a reference of EF_25 in a classification system whose name is a value matching 'Uni.*'",
    "Shall have a reference of EF_25 in a classification system whose name is a value matching 'Uni.*'",
    "Shall not have a reference of EF_25 in a classification system whose name is a value matching 'Uni.*'",
  ],
  [
    { facet: "classification", system: pattern("Uni.*") },
    "Data classified using a system whose name is a value matching 'Uni.*'",
    "Shall be classified using a system whose name is a value matching 'Uni.*'",
    "Shall not be classified using a system whose name is a value matching 'Uni.*'",
  ],
  [
    { facet: "classification", system: simple("OmniClass") },
    "Data classified using OmniClass",
    "Shall be classified using OmniClass",
    "Shall not be classified using OmniClass",
  ],
  [
    { facet: "material", value: pattern(".*glas.*") },
    "All data with a material whose name or category is a value matching '.*glas.*'",
    "Shall have a material whose name or category is a value matching '.*glas.*'",
    "Shall not have a material whose name or category is a value matching '.*glas.*'",
  ],
  [
    { facet: "material", value: simple("Aluminium") },
    "All data with an Aluminium material",
    "Shall have a material of Aluminium",
    "Shall not have a material of Aluminium",
  ],
  [
    { facet: "material" },
    "All data with a material",
    "Shall have a material",
    "Shall not have a material",
  ],
  [
    { facet: "partOf", entity: { name: pattern("IFC.*ZONE") }, relation: "IFCRELASSIGNSTOGROUP" },
    "An element with an IFCRELASSIGNSTOGROUP relationship with an entity whose IFC class is a value matching 'IFC.*ZONE'",
    "An element must have an IFCRELASSIGNSTOGROUP relationship with an entity whose IFC class is a value matching 'IFC.*ZONE'",
    "An element must not have an IFCRELASSIGNSTOGROUP relationship with an entity whose IFC class is a value matching 'IFC.*ZONE'",
  ],
  [
    {
      facet: "partOf",
      entity: { name: simple("IFCWALL") },
      relation: "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT",
    },
    "An element with an IFCRELVOIDSELEMENT or IFCRELFILLSELEMENT relationship with an IFCWALL",
    "An element must have an IFCRELVOIDSELEMENT or IFCRELFILLSELEMENT relationship with an IFCWALL",
    "An element must not have an IFCRELVOIDSELEMENT or IFCRELFILLSELEMENT relationship with an IFCWALL",
  ],
  [
    { facet: "partOf", entity: { name: simple("IFCSYSTEM"), predefinedType: simple("HEATING") } },
    "An element that is part of an IFCSYSTEM of type HEATING",
    "An element must be part of an IFCSYSTEM of type HEATING",
    "An element must not be part of an IFCSYSTEM of type HEATING",
  ],
];

for (const [facet, applicability, required, prohibited] of cases) {
  Deno.test(`facet sentence: ${applicability}`, () => {
    assert.equal(describeFacet(facet, "applicability"), applicability);
    assert.equal(describeFacet(facet, "requirements"), required);
    if (facet.facet === "entity") return; // entity requirements have no cardinality
    const withCard = (cardinality: string) => ({ ...facet, cardinality }) as Facet;
    assert.equal(describeFacet(withCard("required"), "requirements"), required);
    assert.equal(describeFacet(withCard("prohibited"), "requirements"), prohibited);
    // A prohibited specification flips a required facet to the negative form, and back.
    assert.equal(describeFacet(withCard("required"), "requirements", true), prohibited);
    assert.equal(describeFacet(withCard("prohibited"), "requirements", true), required);
    if (facet.facet !== "partOf") {
      assert.equal(
        describeFacet(withCard("optional"), "requirements"),
        `${required}, if present`,
      );
    }
  });
}

Deno.test("no generated sentence doubles an article or quotes a restriction as a name", () => {
  for (const [facet] of cases) {
    for (const location of ["applicability", "requirements"] as const) {
      const text = describeFacet(facet, location);
      assert.doesNotMatch(text, /\b(a|an|the) (a|an|the)\b/i, text);
      assert.doesNotMatch(text, /\b(a|an) a value\b/, text);
    }
  }
});

Deno.test("a prohibited specification's applicability reads as the prohibition", () => {
  const spec = {
    name: "No proxies",
    ifcVersion: ["IFC4" as const],
    applicability: {
      minOccurs: 0,
      maxOccurs: 0 as const,
      facets: [
        { facet: "entity", name: simple("IFCBUILDINGELEMENTPROXY") },
        { facet: "property", propertySet: simple("Pset_X"), baseName: simple("Y") },
      ] as Facet[],
    },
  };
  assert.deepEqual(describeSpecification(spec as Parameters<typeof describeSpecification>[0]), {
    applicability: [
      "Shall not be IFCBUILDINGELEMENTPROXY data",
      "Y data shall not be provided in the dataset Pset_X",
    ],
    requirements: [],
  });
});
