/**
 * Audit rules IDS-Audit-tool enforces that the audit learnt late: an empty `simpleValue` and an
 * empty `xs:pattern` are content errors (an empty predefined type stays allowed); one cause
 * gives one finding (no content finding that only repeats a structure error, no finding twice).
 */
import assert from "node:assert/strict";
import { validateIdsXml } from "../../src/audit/validate.ts";

/** `[severity code path-tail message]` of each finding of one IFC4 specification. */
function findings(app: string, req = ""): string[][] {
  const r = validateIdsXml(`<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>t</title></info><specifications>
  <specification name="s" ifcVersion="IFC4">
    <applicability maxOccurs="unbounded">${app}</applicability>
    ${req ? `<requirements>${req}</requirements>` : ""}
  </specification></specifications></ids>`);
  return [...r.errors, ...r.warnings].map((f) => [
    f.severity,
    f.code,
    (f.path ?? "").replace("/ids/specifications/specification[1]", ""),
    f.message,
  ]);
}

const wall = `<entity><name><simpleValue>IFCWALL</simpleValue></name></entity>`;
const attr = (name: string, value?: string, card = "") =>
  `<attribute${card ? ` cardinality="${card}"` : ""}><name>${name}</name>${
    value === undefined ? "" : `<value>${value}</value>`
  }</attribute>`;
const simple = (v: string) => `<simpleValue>${v}</simpleValue>`;
const pattern = (p: string) =>
  `<xs:restriction base="xs:string"><xs:pattern value="${p}"/></xs:restriction>`;

Deno.test("audit: an empty simpleValue is a content error (value and name)", () => {
  assert.deepEqual(findings(wall, attr(simple("Name"), simple(""))), [[
    "error",
    "empty_value",
    "/requirements/attribute[1]/value",
    "the value is an empty simpleValue: write the value to match, or leave the value out to " +
    "only require that it is given",
  ]]);
  // An empty name is said once, not also as an unknown attribute or entity.
  assert.deepEqual(findings(wall, attr(simple(""))), [[
    "error",
    "empty_value",
    "/requirements/attribute[1]/name",
    "the name is an empty simpleValue: write the name to match",
  ]]);
  assert.deepEqual(findings(`<entity><name>${simple("")}</name></entity>`).map((f) => f[1]), [
    "empty_value",
  ]);
  assert.deepEqual(
    findings(
      wall,
      `<property dataType="IFCLABEL"><propertySet>${simple("Pset_WallCommon")}</propertySet>` +
        `<baseName>${simple("")}</baseName></property>`,
    ).map((f) => [f[1], f[2]]),
    [["empty_value", "/requirements/property[1]/baseName"]],
  );
});

Deno.test("audit: an empty xs:pattern is a content error", () => {
  assert.deepEqual(findings(wall, attr(simple("Name"), pattern(""))), [[
    "error",
    "empty_pattern",
    "/requirements/attribute[1]/value",
    "the xs:pattern is empty, so it matches only an empty text: write the pattern, or remove it",
  ]]);
});

Deno.test("audit: an empty xs:enumeration value of a text base is a content error", () => {
  const uri = `<xs:restriction base="xs:anyURI"><xs:enumeration value=""/></xs:restriction>`;
  assert.deepEqual(findings(wall, attr(simple("Name"), uri)), [[
    "error",
    "empty_value",
    "/requirements/attribute[1]/value",
    "the xs:enumeration value is empty, so it matches only an empty text: write the value to " +
    "match, or remove it",
  ]]);
});

Deno.test("audit: an empty predefinedType stays allowed; an optional empty value is one finding", () => {
  assert.deepEqual(
    findings(
      `<entity><name>${simple("IFCWALL")}</name><predefinedType>${
        simple("")
      }</predefinedType></entity>`,
    ),
    [],
  );
  // The optional attribute without a real value: the cardinality finding alone.
  for (const empty of [simple(""), pattern("")]) {
    assert.deepEqual(
      findings(wall, attr(simple("Name"), empty, "optional")).map((f) => f[1]),
      ["bad_cardinality"],
    );
  }
  assert.deepEqual(
    findings(wall, `<material cardinality="optional"><value>${simple("")}</value></material>`)
      .map((f) => f[1]),
    ["bad_cardinality"],
  );
});

Deno.test("validate: a structure error does not also bring the content findings it causes", () => {
  // The property facet lacks its propertySet: the reader leaves it out, and the applicability
  // is then empty; only the structure error is reported.
  assert.deepEqual(
    findings(`<property><baseName>${simple("X")}</baseName></property>`, attr(simple("Name")))
      .map((f) => [f[0], f[1], f[2]]),
    [["error", "structure", "/applicability/property[1]/baseName"]],
  );
  // The same for requirements left empty by a classification without its system.
  assert.deepEqual(
    findings(wall, `<classification><value>${simple("x")}</value></classification>`)
      .map((f) => [f[0], f[1], f[2]]),
    [["error", "structure", "/requirements/classification[1]"]],
  );
});

Deno.test("validate: the same finding is not repeated", () => {
  const twice = `<entity><name><xs:restriction base="xs:string">` +
    `<xs:enumeration value="IFCWALLL"/><xs:enumeration value="IFCWALLL"/>` +
    `</xs:restriction></name></entity>`;
  const f = findings(twice);
  assert.deepEqual(f.map((x) => x[1]), ["unknown_entity"], JSON.stringify(f));
  assert.match(f[0][3], /'IFCWALLL'.*did you mean 'IFCWALL'/);
});
