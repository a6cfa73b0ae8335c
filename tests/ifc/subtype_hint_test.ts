/**
 * The subtype hint: a specification whose entity facet names a class the model holds only
 * subtypes of (IFCWALL on an IFC2X3 model with IFCWALLSTANDARDCASE) applies to nothing; the
 * result says which subtypes, how many, and how to include them. Real models from
 * ../shared/ifc/models, checked in process and through the `check` CLI.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseIds } from "../../src/ids/xml.ts";
import { checkModel } from "../../src/ifc/check.ts";
import { renderHtml } from "../../src/ifc/report/html.ts";
import { runCli } from "../ids/_cli.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));

/** An IDS with one optional specification per entity name (XML of `<ids:name>` content). */
function idsXml(names: string[], version = "IFC2X3"): string {
  const specs = names.map((n, i) =>
    `<ids:specification name="S${i + 1}" ifcVersion="${version}">
      <ids:applicability minOccurs="0" maxOccurs="unbounded">
        <ids:entity><ids:name>${n}</ids:name></ids:entity>
      </ids:applicability>
      <ids:requirements>
        <ids:attribute><ids:name><ids:simpleValue>Name</ids:simpleValue></ids:name></ids:attribute>
      </ids:requirements>
    </ids:specification>`
  ).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info><ids:title>Subtypes</ids:title></ids:info>
  <ids:specifications>${specs}</ids:specifications>
</ids:ids>`;
}

const simple = (v: string) => `<ids:simpleValue>${v}</ids:simpleValue>`;
const enumeration = (...v: string[]) =>
  `<xs:restriction base="xs:string">${
    v.map((x) => `<xs:enumeration value="${x}"/>`).join("")
  }</xs:restriction>`;

Deno.test("subtype hint: IFCWALL on an IFC2X3 model holding only IFCWALLSTANDARDCASE", async () => {
  const model = await Deno.readFile(`${MODELS}example.ifc`);
  const report = await checkModel(
    parseIds(idsXml([
      simple("IFCWALL"),
      enumeration("IFCWALL", "IFCWALLSTANDARDCASE"),
      simple("IFCWALLSTANDARDCASE"),
    ])),
    model,
  );
  const [walls, both, standard] = report.specifications;
  assert.equal(walls.applicable, 0);
  assert.equal(walls.status, "pass");
  assert.deepEqual(walls.hint?.subtypes, [{ entity: "IFCWALLSTANDARDCASE", count: 17 }]);
  assert.equal(
    walls.hint?.message,
    "no element applies: an entity facet matches the exact class, not its subtypes, and the " +
      "model has IFCWALLSTANDARDCASE (17) — subtype of IFCWALL. To include them, name the " +
      "classes in an xs:enumeration on the entity name: IFCWALL, IFCWALLSTANDARDCASE.",
  );
  // Once the subtype is named, the specification applies and there is nothing to hint.
  assert.equal(both.applicable, 17);
  assert.equal(both.hint, undefined);
  assert.equal(standard.applicable, 17);
  assert.equal(standard.hint, undefined);
  const html = renderHtml(report);
  assert.ok(html.includes("Hint: no element applies"), "the HTML report carries the hint");
});

Deno.test("subtype hint: most frequent first, at most ten named; none where elements apply", async () => {
  const model = await Deno.readFile(`${MODELS}duplex.ifc`);
  const report = await checkModel(
    parseIds(idsXml([simple("IFCBUILDINGELEMENT"), simple("IFCWALL"), simple("IFCDOOR")])),
    model,
  );
  const [building, wall, door] = report.specifications;
  const subtypes = building.hint?.subtypes ?? [];
  assert.ok(subtypes.length > 3 && subtypes.length <= 10, JSON.stringify(subtypes));
  assert.deepEqual(subtypes[0], { entity: "IFCWALLSTANDARDCASE", count: 56 });
  const counts = subtypes.map((s) => s.count);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  // The duplex has one IFCWALL: the specification applies, no hint although it also holds
  // IFCWALLSTANDARDCASE.
  assert.equal(wall.applicable, 1);
  assert.equal(wall.hint, undefined);
  // IFCDOOR has no subtype in IFC2X3 and the duplex has doors.
  assert.ok(door.applicable > 0);
  assert.equal(door.hint, undefined);
});

Deno.test("subtype hint: no hint when no subtype is in the model, nor for skipped specs", async () => {
  const model = await Deno.readFile(`${MODELS}example.ifc`);
  const report = await checkModel(
    parseIds(idsXml([simple("IFCCURTAINWALL")])),
    model,
  );
  assert.equal(report.specifications[0].applicable, 0);
  assert.equal(report.specifications[0].hint, undefined);
  const skipped = await checkModel(parseIds(idsXml([simple("IFCWALL")], "IFC4")), model, {
    skipOtherIfcVersions: true,
  });
  assert.ok(skipped.specifications[0].skipped);
  assert.equal(skipped.specifications[0].hint, undefined);
});

Deno.test("subtype hint: the check CLI prints it in text and writes it in JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ids = `${dir}/walls.ids`;
    await Deno.writeTextFile(ids, idsXml([simple("IFCWALL")]));
    const text = await runCli(["check", "--format", "text", ids, `${MODELS}example.ifc`]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /\n {10}hint: no element applies: an entity facet matches the exact class, not its subtypes, and the model has IFCWALLSTANDARDCASE \(17\)/,
    );
    const json = await runCli(["check", "--format", "json", ids, `${MODELS}example.ifc`]);
    assert.equal(json.code, 0, json.stderr);
    const spec = JSON.parse(json.stdout).specifications[0];
    assert.deepEqual(spec.hint.subtypes, [{ entity: "IFCWALLSTANDARDCASE", count: 17 }]);
    assert.match(
      spec.hint.message,
      /xs:enumeration on the entity name: IFCWALL, IFCWALLSTANDARDCASE/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
