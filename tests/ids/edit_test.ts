import assert from "node:assert/strict";
import {
  addFacet,
  addSpecification,
  buildFacet,
  buildRestriction,
  findSpecIndex,
  listFacets,
  newDocument,
  removeFacet,
  removeRestriction,
  removeSpecification,
  setRestriction,
  updateFacet,
  updateInfo,
  updateSpecification,
} from "../../src/ids/edit.ts";
import { IdsError } from "../../src/ids/errors.ts";
import type { IdsDocument } from "../../src/ids/model.ts";

function throwsCode(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof IdsError, `expected IdsError, got ${e}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

function twoSpecs(): IdsDocument {
  let doc = newDocument({ title: "T" });
  doc = addSpecification(doc, { name: "Walls", ifcVersions: ["IFC4"], identifier: "S1" }).doc;
  doc = addSpecification(doc, { name: "Doors", ifcVersions: ["ifc4x3"], identifier: "S2" }).doc;
  return doc;
}

Deno.test("newDocument checks date and author", () => {
  assert.deepEqual(newDocument({ title: "A", date: "2024-05-31" }).info, {
    title: "A",
    date: "2024-05-31",
  });
  throwsCode(
    () => newDocument({ title: "A", date: "31.05.2024" }),
    "invalid_argument",
    /YYYY-MM-DD/,
  );
  // Shaped like a date but not a calendar day: the XSD rejects these, so edits must too.
  for (const date of ["2024-13-45", "2023-02-29", "2024-04-31"]) {
    throwsCode(() => newDocument({ title: "A", date }), "invalid_argument", /xs:date/);
  }
  assert.equal(newDocument({ title: "A", date: "2024-02-29Z" }).info.date, "2024-02-29Z");
  throwsCode(() => newDocument({ title: "A", author: "Jane" }), "invalid_argument", /e-mail/);
  throwsCode(() => newDocument({ title: " " }), "invalid_argument", /title/);
  const doc = updateInfo(newDocument({ title: "A", version: "1" }), {
    version: null,
    purpose: "p",
  });
  assert.deepEqual(doc.info, { title: "A", purpose: "p" });
});

Deno.test("addSpecification: defaults, ids, versions", () => {
  const doc0 = newDocument({ title: "T" });
  const r = addSpecification(doc0, { name: "Walls", ifcVersions: ["IFC4", "IFC4X3"] });
  assert.equal(r.specId, "Walls");
  assert.deepEqual(r.doc.specifications[0].ifcVersion, ["IFC4", "IFC4X3_ADD2"]);
  assert.deepEqual(r.doc.specifications[0].applicability, {
    minOccurs: 0,
    maxOccurs: "unbounded",
    facets: [],
  });
  assert.equal(doc0.specifications.length, 0, "input not mutated");
  throwsCode(
    () => addSpecification(doc0, { name: "X", ifcVersions: ["IFC5"] }),
    "invalid_argument",
    /'IFC5'.*IFC2X3, IFC4, IFC4X3_ADD2/,
  );
  throwsCode(
    () => addSpecification(doc0, { name: "X", ifcVersions: [] }),
    "invalid_argument",
    /at least one/,
  );
  throwsCode(
    () => addSpecification(doc0, { name: "X", ifcVersions: ["IFC4"], minOccurs: 2, maxOccurs: 1 }),
    "invalid_argument",
    /less than/,
  );
  // Same name twice: the second is addressed by position.
  const d2 = addSpecification(r.doc, { name: "Walls", ifcVersions: ["IFC4"] });
  assert.equal(d2.specId, "2");
  throwsCode(() => findSpecIndex(d2.doc, "Walls"), "invalid_argument", /ambiguous/);
});

Deno.test("spec_id resolution: identifier, name, position, not found", () => {
  const doc = twoSpecs();
  assert.equal(findSpecIndex(doc, "S2"), 1);
  assert.equal(findSpecIndex(doc, "Walls"), 0);
  assert.equal(findSpecIndex(doc, "2"), 1);
  assert.equal(findSpecIndex(doc, 1), 0);
  throwsCode(() => findSpecIndex(doc, "S3"), "not_found", /spec 'S3' not found; existing: S1, S2/);
  throwsCode(() => findSpecIndex(doc, "3"), "not_found", /existing: S1, S2/);
  throwsCode(
    () => findSpecIndex(newDocument({ title: "x" }), "S1"),
    "not_found",
    /no specifications yet/,
  );
});

Deno.test("update and remove specification", () => {
  const doc = twoSpecs();
  const u = updateSpecification(doc, "S1", {
    name: "Walls 2",
    identifier: null,
    description: "d",
    maxOccurs: 0,
    requirementsDescription: "why",
  });
  const s = u.doc.specifications[0];
  assert.equal(s.name, "Walls 2");
  assert.equal(s.identifier, undefined);
  assert.equal(s.applicability.maxOccurs, 0);
  assert.equal(s.requirements?.description, "why");
  assert.equal(u.specId, "Walls 2");
  throwsCode(
    () => updateSpecification(doc, "S1", { identifier: "S2" }),
    "invalid_argument",
    /already used/,
  );
  const r = removeSpecification(doc, "Walls");
  assert.deepEqual(r.doc.specifications.map((x) => x.identifier), ["S2"]);
  assert.equal(doc.specifications.length, 2);
});

Deno.test("facets: build, add, one entity in applicability, property set required", () => {
  let doc = twoSpecs();
  const entity = buildFacet(
    "entity",
    { entity_name: "ifcwall", predefined_type: "SOLIDWALL" },
    "applicability",
  );
  assert.deepEqual(entity, {
    facet: "entity",
    name: { kind: "simple", value: "IFCWALL" },
    predefinedType: { kind: "simple", value: "SOLIDWALL" },
  });
  doc = addFacet(doc, "S1", "applicability", entity).doc;
  throwsCode(
    () =>
      addFacet(
        doc,
        "S1",
        "applicability",
        buildFacet("entity", { entity_name: "IFCDOOR" }, "applicability"),
      ),
    "invalid_argument",
    /applicability of 'S1' already has an entity facet.*IDS 1\.0 allows one.*xs:enumeration/,
  );
  throwsCode(
    () => buildFacet("property", { property_name: "FireRating" }, "requirements"),
    "invalid_argument",
    /property facet needs property_set \(IDS 1\.0 requires it\); use a pattern like 'Pset_\.\*'/,
  );
  throwsCode(
    () =>
      buildFacet(
        "attribute",
        { attribute_name: "Name", cardinality: "prohibited" },
        "applicability",
      ),
    "invalid_argument",
    /requirements only/,
  );
  throwsCode(
    () =>
      buildFacet("partOf", {
        relation: "IFCRELAGGREGATES",
        parent_entity: "IFCROOF",
        cardinality: "optional",
      }, "requirements"),
    "invalid_argument",
    /partOf/,
  );
  throwsCode(
    () => buildFacet("partOf", { relation: "IFCRELFOO", parent_entity: "IFCROOF" }, "requirements"),
    "invalid_argument",
    /relation 'IFCRELFOO'/,
  );
  const prop = buildFacet("property", {
    property_name: "FireRating",
    property_set: "Pset_WallCommon",
    data_type: "ifclabel",
    cardinality: "optional",
  }, "requirements");
  assert.equal((prop as { dataType?: string }).dataType, "IFCLABEL");
  const r = addFacet(doc, "S1", "requirements", prop);
  assert.equal(r.facetIndex, 0);
  assert.equal(r.doc.specifications[0].requirements?.facets.length, 1);
  assert.equal(doc.specifications[0].requirements, undefined, "input not mutated");
  // applicability ignores the default cardinality
  const attr = buildFacet(
    "attribute",
    { attribute_name: "Name", cardinality: "required" },
    "applicability",
  );
  assert.equal("cardinality" in attr, false);
});

Deno.test("facets: update, remove, out of range", () => {
  let doc = twoSpecs();
  for (const name of ["A", "B"]) {
    doc = addFacet(
      doc,
      "S1",
      "requirements",
      buildFacet("attribute", { attribute_name: name }, "requirements"),
    ).doc;
  }
  throwsCode(
    () => removeFacet(doc, "S1", "requirements", 4),
    "not_found",
    /facet_index 4 out of range: requirements of 'S1' has 2 facets/,
  );
  const u = updateFacet(doc, "S1", "requirements", 1, { value: "X", cardinality: "prohibited" });
  assert.deepEqual(u.facet, {
    facet: "attribute",
    name: { kind: "simple", value: "B" },
    value: { kind: "simple", value: "X" },
    cardinality: "prohibited",
  });
  throwsCode(
    () => updateFacet(doc, "S1", "requirements", 0, { property_set: "P" }),
    "invalid_argument",
    /attribute facet; it has no 'property_set'/,
  );
  const r = removeFacet(u.doc, "S1", "requirements", 0);
  assert.deepEqual(listFacets(r.doc, "S1", "requirements").map((f) => f.facet), ["attribute"]);
  assert.equal(listFacets(r.doc, "S1", "requirements").length, 1);
});

Deno.test("restrictions: four kinds, malformed ones, remove", () => {
  let doc = twoSpecs();
  doc = addFacet(
    doc,
    "S1",
    "requirements",
    buildFacet("property", { property_name: "Width", property_set: "Pset_X" }, "requirements"),
  ).doc;
  const e = setRestriction(doc, "S1", "requirements", 0, "value", "string", {
    kind: "enumeration",
    values: ["A", "B", "A"],
  });
  assert.deepEqual(e.facet.facet === "property" && e.facet.value, {
    kind: "restriction",
    base: "xs:string",
    facets: [{ kind: "enumeration", value: "A" }, { kind: "enumeration", value: "B" }],
  });
  const p = setRestriction(doc, "S1", "requirements", 0, "property_set", "xs:string", {
    kind: "pattern",
    pattern: "Pset_.*",
  });
  assert.equal(p.parameter, "propertySet");
  const b = setRestriction(doc, "S1", "requirements", 0, "value", "xs:double", {
    kind: "bounds",
    minInclusive: 2.4,
    maxExclusive: "3.0",
  });
  assert.deepEqual(b.facet.facet === "property" && b.facet.value, {
    kind: "restriction",
    base: "xs:double",
    facets: [{ kind: "minInclusive", value: "2.4" }, { kind: "maxExclusive", value: "3.0" }],
  });
  const l = setRestriction(doc, "S1", "requirements", 0, "baseName", "xs:string", {
    kind: "length",
    minLength: 1,
    maxLength: 5,
  });
  assert.equal(l.parameter, "baseName");
  throwsCode(
    () => buildRestriction("xs:string", { kind: "enumeration", values: [] }),
    "invalid_argument",
    /at least one/,
  );
  throwsCode(
    () => buildRestriction("xs:string", { kind: "pattern", pattern: "[a-" }),
    "invalid_argument",
    /not a valid/,
  );
  throwsCode(
    () => buildRestriction("xs:string", { kind: "pattern", pattern: "(?=a)" }),
    "invalid_argument",
    /\(\?/,
  );
  throwsCode(
    () => buildRestriction("xs:double", { kind: "bounds" }),
    "invalid_argument",
    /at least one/,
  );
  throwsCode(
    () => buildRestriction("xs:double", { kind: "bounds", minInclusive: 5, maxInclusive: 1 }),
    "invalid_argument",
    /exclude every value/,
  );
  throwsCode(
    () => buildRestriction("xs:integer", { kind: "bounds", minInclusive: "2.5" }),
    "invalid_argument",
    /integer/,
  );
  throwsCode(
    () => buildRestriction("xs:string", { kind: "bounds", minInclusive: 1 }),
    "invalid_argument",
    /ordered/,
  );
  throwsCode(
    () => buildRestriction("xs:string", { kind: "length", length: -1 }),
    "invalid_argument",
    /non-negative/,
  );
  throwsCode(
    () => buildRestriction("xs:foo", { kind: "length", length: 1 }),
    "invalid_argument",
    /base_type 'xs:foo'/,
  );
  assert.equal(
    buildRestriction("xs:string", { kind: "pattern", pattern: "^A$" }).warnings.length,
    1,
  );
  throwsCode(
    () =>
      setRestriction(doc, "S1", "requirements", 0, "system", "xs:string", {
        kind: "pattern",
        pattern: "x",
      }),
    "invalid_argument",
    /not a parameter of a property facet; use one of propertySet, baseName, value/,
  );
  // remove: optional parameter goes away; required needs a replacement
  const r1 = removeRestriction(e.doc, "S1", "requirements", 0, "value");
  assert.equal(r1.facet.facet === "property" && r1.facet.value, undefined);
  throwsCode(
    () => removeRestriction(p.doc, "S1", "requirements", 0, "propertySet"),
    "invalid_argument",
    /replacement/,
  );
  const r2 = removeRestriction(p.doc, "S1", "requirements", 0, "propertySet", "Pset_Y");
  assert.deepEqual(r2.facet.facet === "property" && r2.facet.propertySet, {
    kind: "simple",
    value: "Pset_Y",
  });
  throwsCode(
    () => removeRestriction(doc, "S1", "requirements", 0, "value"),
    "not_found",
    /not set/,
  );
});

Deno.test("empty strings mean 'not given' for optional facet parameters", () => {
  const f = buildFacet("entity", { entity_name: "IFCWALL", predefined_type: "" }, "applicability");
  assert.equal("predefinedType" in f, false);
  const a = buildFacet(
    "attribute",
    { attribute_name: "Name", value: "", cardinality: "" },
    "requirements",
  );
  assert.deepEqual(a, { facet: "attribute", name: { kind: "simple", value: "Name" } });
  throwsCode(
    () => buildFacet("attribute", { attribute_name: "" }, "requirements"),
    "invalid_argument",
    /attribute_name is required/,
  );
});
