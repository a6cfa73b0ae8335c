/**
 * The failure reasons of every facet, read as a BIM coordinator reads a report: what the
 * element has, and what the IDS expected, in the same words as the facet descriptions (no
 * regex slashes, no XSD facet names, no doubled articles), for absent, wrong and prohibited
 * outcomes and for simple values and restrictions.
 */
import assert from "node:assert/strict";
import { checkFiles } from "../../src/cli/check_files.ts";
import {
  attribute,
  classification,
  entity,
  g,
  ids,
  material,
  onEntity,
  onWall,
  partOf,
  pattern,
  property,
  restriction,
  single,
  step,
  wall,
  wallWithProperties,
} from "./_tiny.ts";

const plain = step(wall("'W'"));
const withFoo = wallWithProperties(single("Foo", "IFCLABEL('bar')"));
const classified = step(
  wall(),
  "IFCCLASSIFICATION($,$,$,'Uniclass',$,$,$)",
  "IFCCLASSIFICATIONREFERENCE($,'EF_20',$,#2,$,$)",
  `IFCRELASSOCIATESCLASSIFICATION(${g()},$,$,$,(#1),#3)`,
);
const withMaterial = step(
  wall(),
  "IFCMATERIAL('Concrete',$,'Structure')",
  `IFCRELASSOCIATESMATERIAL(${g()},$,$,$,(#1),#2)`,
);

/** A wall (#1) voided by an opening (#2) that a window (#4) fills. */
const openings = step(
  `IFCWALL(${g()},$,$,$,$,$,$,$,$)`,
  `IFCOPENINGELEMENT(${g()},$,$,$,$,$,$,$,$)`,
  `IFCRELVOIDSELEMENT(${g()},$,$,$,#1,#2)`,
  `IFCWINDOW(${g()},$,$,$,$,$,$,$,$,$,$,$,$)`,
  `IFCRELFILLSELEMENT(${g()},$,$,$,#2,#4)`,
);
const VOIDS = "IFCRELVOIDSELEMENT IFCRELFILLSELEMENT";

const cases: [string, Uint8Array, string][] = [
  [
    onEntity("IFCOPENINGELEMENT", partOf(VOIDS, "IFCWALL", undefined, "prohibited")),
    openings,
    "the element voids 'IFCWALL', which is prohibited",
  ],
  [
    onEntity("IFCWINDOW", partOf(VOIDS, "IFCWALL", undefined, "prohibited")),
    openings,
    "the element fills an opening in 'IFCWALL', which is prohibited",
  ],
  [
    onEntity("IFCWINDOW", partOf(VOIDS, "IFCSLAB")),
    openings,
    "the element fills an opening in IFCWALL, not 'IFCSLAB'",
  ],
  [
    ids({ applicability: attribute("Name", "W"), requirements: entity("IFCSLAB") }),
    plain,
    "the entity class is IFCWALL, expected 'IFCSLAB'",
  ],
  [
    onWall(entity("IFCWALL", "SOLIDWALL")),
    plain,
    "the element has no predefined type, expected 'SOLIDWALL'",
  ],
  [onWall(attribute("Description")), plain, "Description is empty"],
  [onWall(attribute("Name", "X")), plain, "Name is 'W', expected 'X'"],
  [
    onWall(attribute("Name", undefined, "prohibited")),
    plain,
    "Name is present, which is prohibited",
  ],
  [onWall(attribute("Name", "W", "prohibited")), plain, "Name is 'W', which is prohibited"],
  [onWall(property("Foo_X", "Foo")), plain, "the element has no property set 'Foo_X'"],
  [
    onWall(property(pattern("Foo_.*"), "Foo")),
    plain,
    "the element has no property set whose name is a value matching 'Foo_.*'",
  ],
  [onWall(property("Foo_Bar", "Baz")), withFoo, "Foo_Bar has no property 'Baz' with a value"],
  [
    onWall(property("Foo_Bar", "Foo", "IFCTEXT")),
    withFoo,
    "Foo_Bar.Foo has data type IFCLABEL, expected IFCTEXT",
  ],
  [
    onWall(
      property("Foo_Bar", "Foo", "IFCLABEL", restriction("string", '<xs:maxLength value="2"/>')),
    ),
    withFoo,
    "Foo_Bar.Foo is 'bar', expected at most 2 characters long",
  ],
  [
    onWall(
      property(
        "Foo_Bar",
        "Foo",
        "IFCLABEL",
        restriction("string", '<xs:enumeration value="a"/><xs:enumeration value="b"/>'),
      ),
    ),
    withFoo,
    "Foo_Bar.Foo is 'bar', expected one of 'a', 'b'",
  ],
  [
    onWall(property("Foo_Bar", "Foo", undefined, undefined, "prohibited")),
    withFoo,
    "Foo_Bar.Foo is 'bar', which is prohibited",
  ],
  [onWall(classification("Uniclass")), plain, "the element has no classification"],
  [
    onWall(classification("Uniclass", "EF_25")),
    classified,
    "the element's classification references are 'EF_20', expected 'EF_25'",
  ],
  [
    onWall(classification("OmniClass")),
    classified,
    "the element is classified in 'Uniclass', expected system 'OmniClass'",
  ],
  [
    onWall(classification("Uniclass", undefined, "prohibited")),
    classified,
    "the element is classified in system 'Uniclass', which is prohibited",
  ],
  [
    onWall(classification(pattern("Uni.*"), pattern("EF_.*"), "prohibited")),
    classified,
    "the element has a reference whose identification is a value matching 'EF_.*' in a system whose name is a value matching 'Uni.*', which is prohibited",
  ],
  [onWall(material()), plain, "the element has no material"],
  [
    onWall(material("Steel")),
    withMaterial,
    "the element's material names and categories are 'Concrete', 'Structure', expected 'Steel'",
  ],
  [
    onWall(material(pattern("Conc.*"), "prohibited")),
    withMaterial,
    "the element has a material whose name or category is a value matching 'Conc.*', which is prohibited",
  ],
  [
    onWall(partOf("IFCRELAGGREGATES", "IFCELEMENTASSEMBLY")),
    plain,
    "the element is not aggregated into anything (expected 'IFCELEMENTASSEMBLY')",
  ],
  [
    onWall(partOf(undefined, "IFCBUILDING")),
    plain,
    "the element is not part of anything (expected 'IFCBUILDING')",
  ],
  [
    onWall(partOf("IFCRELCONTAINEDINSPATIALSTRUCTURE", "IFCBUILDINGSTOREY")),
    plain,
    "the element is not contained in a spatial structure (expected 'IFCBUILDINGSTOREY')",
  ],
  [
    onWall(partOf("IFCRELASSIGNSTOGROUP", "IFCSYSTEM")),
    plain,
    "the element is not assigned to a group (expected 'IFCSYSTEM')",
  ],
];

Deno.test("failure reasons name what the element has and what was expected", async () => {
  const wrong: string[] = [];
  for (const [idsXml, model, expected] of cases) {
    const r = await checkFiles(idsXml, model);
    const reason = r.specifications[0]?.failures[0]?.reason ?? `(${r.status})`;
    if (reason !== expected) wrong.push(`got:      ${reason}\nexpected: ${expected}`);
    assert.doesNotMatch(reason, /\/.*\/|minInclusive|maxLength|\b(a|an) (a|an)\b/);
  }
  assert.deepEqual(wrong, []);
});
