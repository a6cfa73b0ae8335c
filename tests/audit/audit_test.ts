/**
 * The semantic audit and the one validation verdict (validateIdsXml, behind `validate`,
 * `check`, `validate_ids`…) against the reference auditor's corpus (../shared/ids/audit), the
 * official test cases (every invalid-* is invalid, no pass- or fail- case has an error) and the
 * published examples (no errors), plus targeted rules with their codes and suggestions.
 */
import assert from "node:assert/strict";
import { readIds } from "../../src/ids/xml.ts";
import { auditDocument } from "../../src/audit/audit.ts";
import { validateIdsXml } from "../../src/audit/validate.ts";
import type { Finding } from "../../src/ids/errors.ts";
import type { IdsDocument } from "../../src/ids/model.ts";

const SHARED = new URL("../../../shared/ids/", import.meta.url);
const CORPUS = new URL("audit/", SHARED);

function verdictOf(file: URL): { verdict: string; errors: readonly Finding[] } {
  const r = validateIdsXml(Deno.readFileSync(file));
  const structure = r.errors.some((e) => e.kind !== "content");
  const content = r.errors.some((e) => e.kind === "content");
  const verdict = structure && content
    ? "content+structure"
    : structure
    ? "structure"
    : content
    ? "content"
    : "ok";
  return { verdict, errors: r.errors };
}

Deno.test("validate agrees with the reference auditor's verdicts (expected.tsv)", () => {
  const rows = Deno.readTextFileSync(new URL("expected.tsv", CORPUS)).trim().split("\n").slice(1);
  const wrong: string[] = [];
  let exact = 0;
  let counted = 0;
  for (const row of rows) {
    const [file, expected, n] = row.split("\t");
    const { verdict, errors } = verdictOf(new URL(file, CORPUS));
    const ok = verdict === expected;
    if (!ok) wrong.push(`${file}: expected ${expected}, got ${verdict}`);
    if (n !== undefined && n !== "") {
      counted++;
      if (errors.length === Number(n)) exact++;
    }
  }
  console.log(
    `  ${
      rows.length - wrong.length
    }/${rows.length} verdicts; error count exact in ${exact}/${counted}`,
  );
  assert.deepEqual(wrong, []);
});

function* officialCases(): Generator<[string, URL]> {
  const root = new URL("testcases/", SHARED);
  for (const dir of Deno.readDirSync(root)) {
    if (!dir.isDirectory) continue;
    for (const f of Deno.readDirSync(new URL(`${dir.name}/`, root))) {
      if (f.name.endsWith(".ids")) {
        yield [`${dir.name}/${f.name}`, new URL(`${dir.name}/${f.name}`, root)];
      }
    }
  }
}

Deno.test("every official invalid-* case is invalid; no pass-*/fail-* case has an error", () => {
  const missed: string[] = [];
  const falseErrors: string[] = [];
  let invalid = 0;
  for (const [name, url] of officialCases()) {
    const r = validateIdsXml(Deno.readFileSync(url));
    if (name.split("/")[1].startsWith("invalid-")) {
      invalid++;
      if (r.valid) missed.push(name);
    } else if (!r.valid) {
      falseErrors.push(`${name}: ${r.errors.map((e) => `[${e.code}] ${e.message}`).join("; ")}`);
    }
  }
  assert.ok(invalid > 0);
  assert.deepEqual(missed, []);
  assert.deepEqual(falseErrors, []);
});

Deno.test("no published example has an error (warnings allowed)", () => {
  const dir = new URL("examples/", SHARED);
  const bad: string[] = [];
  for (const f of Deno.readDirSync(dir)) {
    const r = validateIdsXml(Deno.readFileSync(new URL(f.name, dir)));
    if (!r.valid) bad.push(`${f.name}: ${r.errors.map((e) => e.message).join("; ")}`);
  }
  assert.deepEqual(bad, []);
});

function doc(specXml: string): IdsDocument {
  const xml = `<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>t</title></info><specifications>${specXml}</specifications></ids>`;
  const r = readIds(xml);
  assert.ok(r.doc, JSON.stringify(r.errors));
  return r.doc;
}

const spec = (ver: string, app: string, req = "", occurs = 'maxOccurs="unbounded"') =>
  `<specification name="s" ifcVersion="${ver}"><applicability ${occurs}>${app}</applicability>${
    req ? `<requirements>${req}</requirements>` : ""
  }</specification>`;
const entity = (n: string, pt?: string) =>
  `<entity><name><simpleValue>${n}</simpleValue></name>${
    pt ? `<predefinedType><simpleValue>${pt}</simpleValue></predefinedType>` : ""
  }</entity>`;
const wall = entity("IFCWALL");
const prop = (pset: string, name: string, dt?: string, value?: string, card = "") =>
  `<property${dt ? ` dataType="${dt}"` : ""}${card ? ` cardinality="${card}"` : ""}>` +
  `<propertySet><simpleValue>${pset}</simpleValue></propertySet>` +
  `<baseName><simpleValue>${name}</simpleValue></baseName>` +
  `${value !== undefined ? `<value><simpleValue>${value}</simpleValue></value>` : ""}</property>`;
const attr = (name: string, value?: string, card = "") =>
  `<attribute${
    card ? ` cardinality="${card}"` : ""
  }><name><simpleValue>${name}</simpleValue></name>${
    value !== undefined ? `<value><simpleValue>${value}</simpleValue></value>` : ""
  }</attribute>`;
const pattern = (p: string) =>
  `<attribute><name><simpleValue>Name</simpleValue></name><value><xs:restriction base="xs:string"><xs:pattern value="${p}"/></xs:restriction></value></attribute>`;

function findings(specXml: string): Finding[] {
  return auditDocument(doc(specXml));
}
function errors(specXml: string): Finding[] {
  return findings(specXml).filter((f) => f.severity === "error");
}
function only(specXml: string, code: string): Finding {
  const e = errors(specXml);
  assert.equal(e.length, 1, JSON.stringify(e));
  assert.equal(e[0].code, code, e[0].message);
  return e[0];
}

Deno.test("audit: Pset_WallCommon.FireRating as IFCREAL is an error suggesting IFCLABEL", () => {
  assert.deepEqual(
    errors(spec("IFC4", wall, prop("Pset_WallCommon", "FireRating", "IFCLABEL"))),
    [],
  );
  const e = only(
    spec("IFC4", wall, prop("Pset_WallCommon", "FireRating", "IFCREAL")),
    "wrong_data_type",
  );
  assert.equal(e.suggestion, "IFCLABEL");
  assert.match(
    e.message,
    /FireRating of Pset_WallCommon is IFCLABEL in IFC4, not IFCREAL; did you mean 'IFCLABEL'\?/,
  );
  assert.equal(e.path, "/ids/specifications/specification[1]/requirements/property[1]");
  const lb = only(
    spec("IFC4X3_ADD2", wall, prop("Pset_WallCommon", "LoadBearing", "IFCLABEL")),
    "wrong_data_type",
  );
  assert.equal(lb.suggestion, "IFCBOOLEAN");
});

Deno.test("audit: a misspelt standard property says 'did you mean FireRating'", () => {
  const e = only(
    spec("IFC4", wall, prop("Pset_WallCommon", "FireRatin", "IFCLABEL")),
    "unknown_property",
  );
  assert.equal(e.suggestion, "FireRating");
  assert.match(
    e.message,
    /Pset_WallCommon has no property 'FireRatin' in IFC4; did you mean 'FireRating'\?/,
  );
  // Optional: a warning (the reference auditor checks standard sets for required facets only).
  const w = findings(
    spec("IFC4", wall, prop("Pset_WallCommon", "FireRatin", "IFCLABEL", undefined, "optional")),
  );
  assert.deepEqual(w.map((f) => `${f.severity}:${f.code}`), ["warning:unknown_property"]);
});

Deno.test("audit: an upper-case boolean value suggests the lower-case literal", () => {
  const e = only(
    spec("IFC4", wall, prop("Pset_WallCommon", "IsExternal", "IFCBOOLEAN", "TRUE")),
    "wrong_value_type",
  );
  assert.equal(e.suggestion, "true");
  assert.match(e.message, /'TRUE' is not one; did you mean 'true'\?/);
  assert.deepEqual(
    errors(spec("IFC4", wall, prop("Pset_WallCommon", "IsExternal", "IFCBOOLEAN", "true"))),
    [],
  );
});

Deno.test("audit: reserved prefixes, enumerated values, table measures, data types", () => {
  const p = only(spec("IFC4", wall, prop("Pset_MyOwnSet", "X", "IFCLABEL")), "reserved_prefix");
  assert.match(p.message, /custom sets must not start with 'Pset_'/);
  only(spec("IFC4", wall, prop("Qto_MyOwnQuantities", "X", "IFCLENGTHMEASURE")), "reserved_prefix");
  assert.deepEqual(
    errors(spec("IFC2X3", wall, prop("Qto_WallBaseQuantities", "Length", "IFCLENGTHMEASURE"))),
    [],
  );
  const v = only(
    spec("IFC4", wall, prop("Pset_WallCommon", "Status", "IFCLABEL", "NEWW")),
    "value_not_allowed",
  );
  assert.equal(v.suggestion, "NEW");
  assert.deepEqual(
    errors(spec("IFC4", wall, prop("Pset_WallCommon", "Status", "IFCLABEL", "NEW"))),
    [],
  );
  const dt = only(spec("IFC4", wall, prop("Custom", "X", "IFCLABELL")), "unknown_data_type");
  assert.equal(dt.suggestion, "IFCLABEL");
  only(spec("IFC4", wall, prop("Custom", "X", undefined, "1")), "value_without_data_type");
  only(
    spec("IFC4", wall, prop("Custom", "X", undefined, undefined, "optional")),
    "bad_cardinality",
  );
  only(
    spec("IFC4", wall, prop("Custom", "X", "IFCLABEL", undefined, "prohibited")),
    "bad_cardinality",
  );
  only(spec("IFC4", wall, prop("Custom", "X", "IFCINTEGER", "42.5")), "wrong_value_type");
  only(spec("IFC4", wall, prop("Custom", "X", "IFCDATE", "31.12.2024")), "wrong_value_type");
  assert.deepEqual(errors(spec("IFC4", wall, prop("Custom", "X", "IFCDURATION", "PT16H"))), []);
  // A standard set that cannot apply to the applicable entity.
  only(
    spec("IFC4", wall, prop("Pset_DoorCommon", "FireRating", "IFCLABEL")),
    "incompatible_clauses",
  );
});

Deno.test("audit: entity names and predefined types with suggestions", () => {
  assert.deepEqual(errors(spec("IFC4", wall)), []);
  const e = only(spec("IFC4", entity("IFCWALLL")), "unknown_entity");
  assert.equal(e.suggestion, "IFCWALL");
  assert.match(e.message, /unknown IFC entity 'IFCWALLL' in IFC4; did you mean 'IFCWALL'\?/);
  const c = only(spec("IFC4", entity("IfcWall")), "unknown_entity");
  assert.match(c.message, /upper case/);
  assert.equal(c.suggestion, "IFCWALL");
  only(spec("IFC2X3 IFC4X3_ADD2", entity("IFCALIGNMENT")), "unknown_entity");
  // Every listed version must know an attribute of the applicable entity.
  only(spec("IFC2X3 IFC4", entity("IFCTASK"), attr("PredefinedType")), "unknown_attribute");
  // Every IFC4 PredefinedType allows USERDEFINED, so a near miss is a warning.
  const pt = findings(spec("IFC4", entity("IFCWALL", "SOLIDWALLL")));
  assert.deepEqual(pt.map((f) => `${f.severity}:${f.code}:${f.suggestion}`), [
    "warning:unknown_predefined_type:SOLIDWALL",
  ]);
  assert.deepEqual(errors(spec("IFC4", entity("IFCWALL", "SOLIDWALL"))), []);
  assert.deepEqual(
    errors(spec("IFC4", entity("IFCWALLTYPE", "ANYTHING"))),
    [],
    "USERDEFINED allows any",
  );
  only(spec("IFC2X3 IFC4", entity("IFCINVENTORY", "X")), "no_predefined_type");
  // IfcAlignmentCantSegmentTypeEnum has no USERDEFINED: only its values are possible.
  const cant = (pt: string) => spec("IFC4X3_ADD2", entity("IFCALIGNMENTCANTSEGMENT", pt));
  assert.deepEqual(errors(cant("LINEARTRANSITION")), []);
  assert.equal(
    only(cant("lineartransition"), "unknown_predefined_type").suggestion,
    "LINEARTRANSITION",
  );
  only(spec("IFC2X3", wall, prop("Custom", "X", "IFCAREADENSITYMEASURE")), "unknown_data_type");
  only(spec("IFC4", wall, prop("Custom", "X", "IFCDOOR")), "unknown_data_type");
});

Deno.test("audit: attribute names and values", () => {
  const e = only(spec("IFC4", wall, attr("Nmae")), "unknown_attribute");
  assert.equal(e.suggestion, "Name");
  assert.match(e.message, /did you mean 'Name'\?/);
  assert.equal(e.path, "/ids/specifications/specification[1]/requirements/attribute[1]/name");
  const lower = findings(spec("IFC4", wall, attr("name")));
  assert.deepEqual(lower.map((f) => `${f.severity}:${f.code}:${f.suggestion}`), [
    "warning:unknown_attribute:Name",
  ]);
  assert.deepEqual(errors(spec("IFC4", wall, attr("Name", "X"))), []);
  only(spec("IFC4", wall, attr("OwnerHistory", "X")), "wrong_value_type");
  // A select of values can be compared; a select of objects cannot.
  const single = entity("IFCPROPERTYSINGLEVALUE");
  assert.deepEqual(errors(spec("IFC4", single, attr("NominalValue", "X"))), []);
  only(spec("IFC2X3", entity("IFCCOSTSCHEDULE"), attr("SubmittedOn", "X")), "wrong_value_type");
  const task = entity("IFCTASK");
  only(spec("IFC4", task, attr("IsMilestone", "FALSE")), "wrong_value_type");
  assert.deepEqual(errors(spec("IFC4", task, attr("IsMilestone", "false"))), []);
  only(spec("IFC4", task, attr("Priority", "4.5")), "wrong_value_type");
  only(spec("IFC4", wall, attr("PredefinedType", "SOLIDWAL")), "wrong_value_type");
  only(spec("IFC4", wall, attr("Name", undefined, "optional")), "bad_cardinality");
});

Deno.test("audit: patterns are XSD: JS-only syntax is an error, ^/$ a warning", () => {
  // Another dialect's construct (it compiles as JavaScript) is pattern_dialect, which does not
  // stop a check; a pattern no dialect reads is pattern_syntax, which does.
  const e = only(spec("IFC4", wall, pattern("(?:abc)")), "pattern_dialect");
  assert.match(e.message, /non-capturing.*not XSD.*matches nothing/);
  only(spec("IFC4", wall, pattern("(?=a)a")), "pattern_dialect");
  only(spec("IFC4", wall, pattern("a*?")), "pattern_dialect");
  only(spec("IFC4", wall, pattern("(ab")), "pattern_syntax");
  const w = findings(spec("IFC4", wall, pattern("^abc$")));
  assert.equal(w.filter((f) => f.severity === "error").length, 0);
  assert.ok(w.some((f) => f.severity === "warning" && f.code === "pattern_anchor"));
});

Deno.test("audit: restrictions: bases, facets, values, bounds, digits", () => {
  const restr = (base: string, facets: string) =>
    `<property dataType="IFCREAL"><propertySet><simpleValue>Custom</simpleValue></propertySet><baseName><simpleValue>X</simpleValue></baseName><value><xs:restriction base="${base}">${facets}</xs:restriction></value></property>`;
  only(
    spec(
      "IFC4",
      wall,
      restr("xs:double", '<xs:minInclusive value="5"/><xs:maxInclusive value="1"/>'),
    ),
    "bounds_order",
  );
  only(
    spec("IFC4", wall, restr("xs:double", '<xs:enumeration value="abc"/>')),
    "bad_restriction_value",
  );
  only(spec("IFC4", wall, restr("xs:double", '<xs:maxLength value="3"/>')), "facet_not_allowed");
  only(spec("IFC4", wall, restr("xs:string", '<xs:enumeration value="1"/>')), "wrong_value_type");
  const digits = findings(spec("IFC4", wall, restr("xs:double", '<xs:totalDigits value="3"/>')));
  assert.deepEqual(digits.map((f) => `${f.severity}:${f.code}`), ["warning:digits_facet"]);
});

Deno.test("audit: cardinalities, prohibited specs, coherence, partOf", () => {
  only(
    spec("IFC4", wall, attr("Name", "X"), 'minOccurs="0" maxOccurs="0"'),
    "prohibited_with_requirements",
  );
  only(spec("IFC4", wall, "", 'minOccurs="2" maxOccurs="unbounded"'), "bad_cardinality");
  only(spec("IFC4", ""), "empty_applicability");
  const app =
    "<partOf><entity><name><simpleValue>IFCAPPLICATION</simpleValue></name></entity></partOf>";
  only(spec("IFC4", app), "incompatible_part_of");
  const emptyReq = findings(
    `<specification name="s" ifcVersion="IFC4"><applicability maxOccurs="unbounded">${wall}</applicability><requirements/></specification>`,
  );
  assert.deepEqual(emptyReq.map((f) => `${f.severity}:${f.code}`), ["warning:empty_requirements"]);
  only(spec("IFC4", wall, entity("IFCSLAB")), "incompatible_clauses");
  only(
    spec(
      "IFC2X3",
      entity("IFC2DCOMPOSITECURVE"),
      "<classification><system><simpleValue>U</simpleValue></system></classification>",
    ),
    "incompatible_clauses",
  );
  only(
    spec(
      "IFC4",
      wall,
      '<partOf relation="IFCRELASSIGNSTOGROUP"><entity><name><simpleValue>IFCWALL</simpleValue></name></entity></partOf>',
    ),
    "incompatible_part_of",
  );
  only(
    spec(
      "IFC4",
      wall,
      '<classification cardinality="optional"><system><simpleValue>U</simpleValue></system></classification>',
    ),
    "bad_cardinality",
  );
});

Deno.test("check --strict refuses exactly what validate calls invalid; check only what blocks", async () => {
  const { checkIdsXml } = await import("../../src/check/run.ts");
  const { blocksCheck } = await import("../../src/ids/errors.ts");
  const ifc = Deno.readFileSync(new URL("../ifc/models/walls-fire-rating.ifc", SHARED));
  const files = [
    ...Deno.readTextFileSync(new URL("expected.tsv", CORPUS)).trim().split("\n").slice(1)
      .map((row) => new URL(row.split("\t")[0], CORPUS)),
    ...[...Deno.readDirSync(new URL("examples/", SHARED))].map((e) =>
      new URL(`examples/${e.name}`, SHARED)
    ),
  ];
  const disagree: string[] = [];
  let nowChecked = 0;
  for (const file of files) {
    const xml = Deno.readFileSync(file);
    const v = validateIdsXml(xml);
    const strict = await checkIdsXml(xml, ifc, { strict: true });
    if ((strict.status === "invalid") === v.valid) {
      disagree.push(`${file.pathname}: validate ${v.valid}, check --strict ${strict.status}`);
    }
    if (strict.status === "invalid") {
      assert.deepEqual(
        (strict.errors ?? []).map((e) => e.message),
        v.errors.map((e) => e.message),
        file.pathname,
      );
    }
    const blocking = v.errors.filter((e) => blocksCheck(e));
    const plain = await checkIdsXml(xml, ifc);
    if ((plain.status === "invalid") !== (blocking.length > 0)) {
      disagree.push(`${file.pathname}: ${blocking.length} blocking errors, check ${plain.status}`);
    }
    if (plain.status !== "invalid") {
      // Every audit error that did not block travels in the report.
      const said = (f: { path?: string; message: string }) => `${f.path}: ${f.message}`;
      assert.deepEqual(
        (plain.idsFindings ?? []).filter((f) => f.severity === "error").map(said),
        [...new Set(v.errors.map(said))],
        file.pathname,
      );
      if (!v.valid) nowChecked++;
    }
  }
  assert.deepEqual(disagree, []);
  console.log(
    `  ${nowChecked} of ${files.length} files refused by --strict are checked by default`,
  );
});
