/**
 * The semantic audit against the reference auditor's corpus (../shared/ids/audit): files the
 * reference finds valid must raise nothing here (a false "invalid" would stop a model check),
 * and files with content errors should be caught. Also targeted rules.
 */
import assert from "node:assert/strict";
import { readIds } from "../../src/ids/xml.ts";
import { auditDocument } from "../../src/audit/audit.ts";
import type { IdsDocument } from "../../src/ids/model.ts";

const CORPUS = new URL("../../../shared/ids/audit/", import.meta.url);
/** Content-invalid files caught when this test was last tightened. */
const BASELINE_CAUGHT = 12;

Deno.test("audit agrees with the reference auditor's corpus", () => {
  const rows = Deno.readTextFileSync(new URL("expected.tsv", CORPUS)).trim().split("\n").slice(1);
  let caught = 0;
  let contentFiles = 0;
  const falseAlarms: string[] = [];
  const missed: string[] = [];
  for (const row of rows) {
    const [file, expected] = row.split("\t");
    const r = readIds(Deno.readFileSync(new URL(file, CORPUS)));
    if (!r.doc) continue; // structurally invalid: not the audit's business
    const issues = auditDocument(r.doc);
    if (expected === "ok" && issues.length) {
      falseAlarms.push(`${file}: ${issues.map((i) => i.message).join("; ")}`);
    }
    if (expected.includes("content")) {
      contentFiles++;
      if (issues.length) caught++;
      else missed.push(file);
    }
  }
  console.log(
    `  content errors caught in ${caught}/${contentFiles} files; missed: ${missed.join(", ")}`,
  );
  assert.deepEqual(falseAlarms, [], "valid files must not be reported invalid");
  assert.ok(caught >= BASELINE_CAUGHT, `caught ${caught}, baseline ${BASELINE_CAUGHT}`);
});

function doc(specXml: string): IdsDocument {
  const xml = `<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>t</title></info><specifications>${specXml}</specifications></ids>`;
  const r = readIds(xml);
  assert.ok(r.doc, JSON.stringify(r.errors));
  return r.doc;
}

function messages(specXml: string): string {
  return auditDocument(doc(specXml)).map((i) => i.message).join("\n");
}

Deno.test("audit: entity names, attributes, values, predefined types, occurs", () => {
  const spec = (ver: string, app: string, req = "", occurs = 'maxOccurs="unbounded"') =>
    `<specification name="s" ifcVersion="${ver}"><applicability ${occurs}>${app}</applicability>${
      req ? `<requirements>${req}</requirements>` : ""
    }</specification>`;
  const wall = "<entity><name><simpleValue>IFCWALL</simpleValue></name></entity>";
  assert.equal(messages(spec("IFC4", wall)), "");
  assert.match(
    messages(
      spec("IFC2X3", "<entity><name><simpleValue>IFCALIGNMENT</simpleValue></name></entity>"),
    ),
    /unknown IFC entity 'IFCALIGNMENT' for IFC2X3/,
  );
  assert.match(
    messages(spec("IFC4", "<entity><name><simpleValue>IfcWall</simpleValue></name></entity>")),
    /unknown IFC entity 'IfcWall'.*'IFCWALL'/,
  );
  const attr = (name: string, value?: string) =>
    `<attribute><name><simpleValue>${name}</simpleValue></name>${
      value ? `<value><simpleValue>${value}</simpleValue></value>` : ""
    }</attribute>`;
  assert.match(messages(spec("IFC4", wall, attr("ActingRole"))), /not an attribute of IFCWALL/);
  assert.equal(messages(spec("IFC4", wall, attr("Name", "X"))), "");
  assert.match(messages(spec("IFC4", wall, attr("OwnerHistory", "X"))), /an object/);
  const task = "<entity><name><simpleValue>IFCTASK</simpleValue></name></entity>";
  assert.match(messages(spec("IFC4", task, attr("IsMilestone", "FALSE"))), /boolean/);
  assert.equal(messages(spec("IFC4", task, attr("IsMilestone", "false"))), "");
  assert.match(messages(spec("IFC4", task, attr("Priority", "4.5"))), /integer/);
  assert.match(
    messages(
      spec(
        "IFC2X3 IFC4",
        "<entity><name><simpleValue>IFCINVENTORY</simpleValue></name><predefinedType><simpleValue>X</simpleValue></predefinedType></entity>",
      ),
    ),
    /IFCINVENTORY has no PredefinedType in IFC2X3/,
  );
  assert.match(
    messages(spec("IFC4", wall, attr("Name", "X"), 'minOccurs="0" maxOccurs="0"')),
    /prohibited specification/,
  );
  assert.match(
    messages(
      spec("IFC4", wall, "<entity><name><simpleValue>IFCSLAB</simpleValue></name></entity>"),
    ),
    /can never be met/,
  );
  const prop = (dt: string, v: string) =>
    `<property dataType="${dt}"><propertySet><simpleValue>P</simpleValue></propertySet><baseName><simpleValue>B</simpleValue></baseName><value><simpleValue>${v}</simpleValue></value></property>`;
  assert.match(messages(spec("IFC4", wall, prop("IFCINTEGER", "42.0"))), /integer/);
  assert.match(messages(spec("IFC4", wall, prop("IFCREAL", "1,5"))), /number/);
  assert.match(messages(spec("IFC4", wall, prop("IFCDATE", "31.12.2024"))), /xs:date/);
  assert.match(messages(spec("IFC4", wall, prop("IFCNOSUCHTYPE", "1"))), /unknown IFC data type/);
  assert.equal(messages(spec("IFC4", wall, prop("IFCDURATION", "PT16H"))), "");
});
