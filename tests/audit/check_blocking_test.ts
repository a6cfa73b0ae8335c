/**
 * Which audit findings stop a model check (BLOCKS_CHECK in src/ids/errors.ts): every official
 * invalid-* case still stops it, whatever the finding's code; IDS written the way other tools
 * accept (the IDS-Audit-tool rules IfcTester does not apply) are checked, with their findings
 * in the report, and `strict` refuses them as before.
 */
import assert from "node:assert/strict";
import { validateIdsXml } from "../../src/audit/validate.ts";
import { verdictOf } from "../../src/check/run.ts";
import { checkFiles } from "../../src/cli/check_files.ts";
import { BLOCKS_CHECK, blocksCheck } from "../../src/ids/errors.ts";
import { renderText } from "../../src/ifc/report/text.ts";
import { renderHtml } from "../../src/ifc/report/html.ts";
import { reportToJson } from "../../src/ifc/report/json.ts";
import {
  entity,
  enumeration,
  ids,
  onWall,
  pattern,
  property,
  restriction,
  single,
  wallWithProperties,
} from "../ifc/_tiny.ts";

const TESTCASES = new URL("../../../shared/ids/testcases/", import.meta.url);

Deno.test("check blocking: every official invalid-* case is still invalid for checking", () => {
  const codes = new Set<string>();
  let n = 0;
  for (const dir of Deno.readDirSync(TESTCASES)) {
    if (!dir.isDirectory) continue;
    for (const f of Deno.readDirSync(new URL(`${dir.name}/`, TESTCASES))) {
      if (!f.name.endsWith(".ids")) continue;
      const v = validateIdsXml(Deno.readFileSync(new URL(`${dir.name}/${f.name}`, TESTCASES)));
      const { blocking } = verdictOf(v);
      if (f.name.startsWith("invalid-")) {
        n++;
        assert.ok(blocking.length > 0, `${dir.name}/${f.name} would be checked`);
        for (const b of blocking) codes.add(b.code);
      } else assert.deepEqual(blocking, [], `${dir.name}/${f.name}`);
    }
  }
  assert.ok(n >= 20, `found ${n} invalid-* cases`);
  for (const c of codes) assert.equal(BLOCKS_CHECK[c as keyof typeof BLOCKS_CHECK], true, c);
  // Warnings never block, whatever their code.
  assert.equal(blocksCheck({ severity: "warning", code: "unknown_entity" }), false);
});

/** A model whose wall has Foo_Bar.Foo = 'A' (IFCLABEL). */
const model = wallWithProperties(single("Foo", "IFCLABEL('A')"));

/** [what, the IDS, the finding code it must report] — each one IfcTester checks. */
const FOREIGN: readonly [string, string, string][] = [
  [
    "a value without dataType",
    onWall(property("Foo_Bar", "Foo", undefined, "A")),
    "value_without_data_type",
  ],
  [
    "a value restriction without base",
    onWall(property(
      "Foo_Bar",
      "Foo",
      "IFCLABEL",
      '<xs:restriction><xs:enumeration value="A"/></xs:restriction>',
    )),
    "restriction_without_base",
  ],
  [
    "a JavaScript-only pattern construct",
    onWall(property("Foo_Bar", "Foo", "IFCLABEL", pattern("(?:A)"))),
    "pattern_dialect",
  ],
  [
    "a property unknown to a standard set",
    onWall(property("Pset_WallCommon", "NoSuchProperty")),
    "unknown_property",
  ],
  [
    "a value outside a standard enumeration",
    onWall(property("Pset_WallCommon", "Status", "IFCLABEL", "FOO")),
    "value_not_allowed",
  ],
  [
    "an enumeration on a boolean",
    onWall(property("Foo_Bar", "Foo", "IFCBOOLEAN", enumeration("boolean:true"))),
    "facet_not_allowed",
  ],
  [
    "bounds that leave no value",
    onWall(property(
      "Foo_Bar",
      "Foo",
      "IFCREAL",
      restriction("double", '<xs:minInclusive value="5"/><xs:maxInclusive value="1"/>'),
    )),
    "bounds_order",
  ],
  [
    "a data type other than the standard set's",
    onWall(property("Pset_WallCommon", "Reference", "IFCLABEL")),
    "wrong_data_type",
  ],
];

for (const [what, xml, code] of FOREIGN) {
  Deno.test(`check blocking: ${what} is checked, the finding reported; --strict refuses`, async () => {
    const report = await checkFiles(xml, model);
    assert.notEqual(report.status, "invalid", JSON.stringify(report.errors));
    const finding = report.idsFindings?.find((f) => f.code === code);
    assert.ok(finding, `${code} in ${JSON.stringify(report.idsFindings)}`);
    assert.equal(finding.severity, "error");
    assert.match(finding.path ?? "", /^\/ids\/specifications\/specification\[1\]/);
    assert.ok(finding.line! > 0);
    // Said once, in every report format.
    const keys = report.idsFindings!.map((f) => `${f.code} ${f.path} ${f.message}`);
    assert.equal(new Set(keys).size, keys.length);
    const json = reportToJson(report).idsFindings as { code: string }[];
    assert.ok(json.some((f) => f.code === code));
    assert.ok(renderText(report).includes(`[${code}]`));
    assert.ok(renderHtml(report).includes(`<td>${code}</td>`));
    const strict = await checkFiles(xml, model, { strict: true });
    assert.equal(strict.status, "invalid");
    assert.ok(strict.errors!.some((e) => e.message === finding.message));
    assert.equal(strict.specifications.length, 0);
  });
}

Deno.test("check blocking: a blocking error is refused; the other findings still travel", async () => {
  const xml = ids(
    { applicability: entity("IfcWall") },
    { applicability: entity("IFCWALL"), requirements: property("Foo_Bar", "Foo", undefined, "A") },
  );
  const report = await checkFiles(xml, model);
  assert.equal(report.status, "invalid");
  assert.deepEqual(report.errors!.map((e) => e.kind), ["content"]);
  assert.match(report.errors![0].message, /unknown IFC entity 'IfcWall'/);
  assert.deepEqual(report.idsFindings!.map((f) => f.code), ["value_without_data_type"]);
});
