/**
 * Behaviour past the official test cases, each pinned by a tiny model with the verdict
 * IfcTester (IfcOpenShell's reference implementation) gives: its regression fixtures
 * (src/ifctester/test/fixtures, re-created here from their descriptions) and the issues found
 * on real files.
 */
import assert from "node:assert/strict";
import {
  caseTests,
  detailOf,
  expectStatus,
  g,
  onEntity,
  onWall,
  partOf,
  pattern,
  property,
  step,
  wall,
} from "./_tiny.ts";
import { IfcModel } from "../../src/ifc/model.ts";
import { checkParsedModel } from "../../src/ifc/check.ts";
import { checkFiles } from "../../src/cli/check_files.ts";
import { readIds } from "../../src/ids/xml.ts";

/** A wall (#1) with an empty Pset_A (#2) and Pset_B_HasFoo (#4) holding Foo (#6). */
function wallWithTwoSets(foo: string): Uint8Array {
  return step(
    wall(),
    `IFCPROPERTYSET(${g()},$,'Pset_A',$,())`,
    `IFCRELDEFINESBYPROPERTIES(${g()},$,$,$,(#1),#2)`,
    `IFCPROPERTYSET(${g()},$,'Pset_B_HasFoo',$,(#6))`,
    `IFCRELDEFINESBYPROPERTIES(${g()},$,$,$,(#1),#4)`,
    `IFCPROPERTYSINGLEVALUE('Foo',$,IFCLABEL('${foo}'),$)`,
  );
}
const prohibitedFoo = (value?: string) =>
  onWall(property(pattern("Pset_.*"), "Foo", undefined, value, "prohibited"));

caseTests("prohibited property in pattern-matched sets", [
  // A later set holding the property fails it: the verdict test below checks that and more.
  [
    "no set holding the property passes it",
    "pass",
    prohibitedFoo(),
    step(
      wall(),
      `IFCPROPERTYSET(${g()},$,'Pset_A',$,())`,
      `IFCRELDEFINESBYPROPERTIES(${g()},$,$,$,(#1),#2)`,
    ),
  ],
]);

Deno.test("prohibited property: the verdict does not depend on an unrelated empty set", async () => {
  const without = step(
    wall(),
    `IFCPROPERTYSET(${g()},$,'Pset_B_HasFoo',$,(#4))`,
    `IFCRELDEFINESBYPROPERTIES(${g()},$,$,$,(#1),#2)`,
    `IFCPROPERTYSINGLEVALUE('Foo',$,IFCLABEL('bar'),$)`,
  );
  const a = await expectStatus(prohibitedFoo(), wallWithTwoSets("bar"), "fail");
  await expectStatus(prohibitedFoo(), without, "fail");
  assert.match(a.specifications[0].failures[0].reason, /Pset_B_HasFoo\.Foo is 'bar'.*prohibited/);
});

Deno.test("prohibited property with a value: check --strict refuses it; check reads it as IfcTester", async () => {
  // IDS-Audit-tool (IdsProperty.cs): a value needs a dataType, a prohibited property must not
  // have one, so no such IDS passes the audit; `check --strict` refuses it.
  const withValue = prohibitedFoo("bar");
  const refused = await checkFiles(withValue, wallWithTwoSets("bar"), { strict: true });
  assert.equal(refused.status, "invalid");
  assert.match(detailOf(refused), /a property with a value needs a dataType/);
  // Without strict the finding is reported and the engine follows IfcTester: a later set
  // holding the prohibited value fails it, another value passes it.
  const checked = await expectStatus(withValue, wallWithTwoSets("bar"), "fail");
  assert.ok(checked.idsFindings?.some((f) => f.code === "value_without_data_type"));
  await expectStatus(withValue, wallWithTwoSets("baz"), "pass");
  // The engine alone (no audit at all) gives the same verdicts.
  const doc = readIds(withValue).doc!;
  const unaudited = (foo: string) => checkParsedModel(doc, new IfcModel(wallWithTwoSets(foo)));
  assert.equal((await unaudited("bar")).status, "fail");
  assert.equal((await unaudited("baz")).status, "pass");
});

// partOf follows group chains and spatial aggregation (IfcTester's
// partof_assignstogroup_recursion and partof_containedinspatialstructure_recursion fixtures).
const ductInZoneInSystem = step(
  `IFCPROJECT(${g()},$,'P',$,$,$,$,$,$)`,
  `IFCSYSTEM(${g()},$,'OuterSystem',$,$)`,
  `IFCZONE(${g()},$,'MiddleZone',$,$,$)`,
  `IFCDUCTSEGMENT(${g()},$,'Duct',$,$,$,$,$,$)`,
  `IFCRELASSIGNSTOGROUP(${g()},$,$,$,(#3),$,#2)`,
  `IFCRELASSIGNSTOGROUP(${g()},$,$,$,(#4),$,#3)`,
);
const beamInStoreyInBuilding = step(
  `IFCPROJECT(${g()},$,'P',$,$,$,$,$,$)`,
  `IFCBUILDING(${g()},$,'Building',$,$,$,$,$,$,$,$,$)`,
  `IFCBUILDINGSTOREY(${g()},$,'Storey',$,$,$,$,$,$,$)`,
  `IFCBEAM(${g()},$,'Beam',$,$,$,$,$,$)`,
  `IFCRELAGGREGATES(${g()},$,$,$,#2,(#3))`,
  `IFCRELCONTAINEDINSPATIALSTRUCTURE(${g()},$,$,$,(#4),#3)`,
);
const ducts = (requirements: string) => onEntity("IFCDUCTSEGMENT", requirements);
const beams = (requirements: string) => onEntity("IFCBEAM", requirements);

caseTests("partOf recursion", [
  [
    "a group assigned to a group is followed",
    "pass",
    ducts(partOf("IFCRELASSIGNSTOGROUP", "IFCSYSTEM")),
    ductInZoneInSystem,
  ],
  [
    "the nearer group still counts",
    "pass",
    ducts(partOf("IFCRELASSIGNSTOGROUP", "IFCZONE")),
    ductInZoneInSystem,
  ],
  [
    "a prohibited group two hops away fails",
    "fail",
    ducts(partOf("IFCRELASSIGNSTOGROUP", "IFCSYSTEM", undefined, "prohibited")),
    ductInZoneInSystem,
  ],
  [
    "without a relation the group chain counts too",
    "pass",
    ducts(partOf(undefined, "IFCSYSTEM")),
    ductInZoneInSystem,
  ],
  // A group chain does not reach an unrelated class: pinned with its reason further down.
  [
    "a container aggregated into a building is followed",
    "pass",
    beams(partOf("IFCRELCONTAINEDINSPATIALSTRUCTURE", "IFCBUILDING")),
    beamInStoreyInBuilding,
  ],
  [
    "a prohibited building above the container fails",
    "fail",
    beams(partOf("IFCRELCONTAINEDINSPATIALSTRUCTURE", "IFCBUILDING", undefined, "prohibited")),
    beamInStoreyInBuilding,
  ],
  [
    "containment does not reach a site that is not above the container",
    "fail",
    beams(partOf("IFCRELCONTAINEDINSPATIALSTRUCTURE", "IFCSITE")),
    beamInStoreyInBuilding,
  ],
  [
    "an aggregation is not a nesting",
    "fail",
    beams(partOf("IFCRELNESTS", "IFCBUILDING")),
    beamInStoreyInBuilding,
  ],
]);

Deno.test("partOf failure reasons name the actual class and predefined type", async () => {
  const model = step(
    `IFCELEMENTASSEMBLY(${g()},$,$,$,$,$,$,$,.ACCESSORY_ASSEMBLY.,.BEAM_GRID.)`,
    `IFCBEAM(${g()},$,$,$,$,$,$,$,$)`,
    `IFCRELAGGREGATES(${g()},$,$,$,#1,(#2))`,
  );
  const r = await expectStatus(
    beams(partOf("IFCRELAGGREGATES", "IFCELEMENTASSEMBLY", "GIRDER")),
    model,
    "fail",
  );
  assert.equal(
    r.specifications[0].failures[0].reason,
    "the element is aggregated into IFCELEMENTASSEMBLY of type 'BEAM_GRID', not 'IFCELEMENTASSEMBLY' of type 'GIRDER'",
  );
  const groups = await expectStatus(
    ducts(partOf("IFCRELASSIGNSTOGROUP", "IFCDISTRIBUTIONSYSTEM")),
    ductInZoneInSystem,
    "fail",
  );
  assert.equal(
    groups.specifications[0].failures[0].reason,
    "the element is assigned to IFCZONE (within IFCSYSTEM), none of which is 'IFCDISTRIBUTIONSYSTEM'",
  );
});

/** `depth` proxies, each aggregated into the one before; #1 is a building; `cycle` closes it. */
function aggregationChain(depth: number, cycle = false): Uint8Array {
  const lines = [`IFCBUILDING(${g()},$,'B',$,$,$,$,$,$,$,$,$)`];
  for (let i = 0; i < depth; i++) lines.push(`IFCBUILDINGELEMENTPROXY(${g()},$,$,$,$,$,$,$,$)`);
  // #2 is aggregated into #1 (or, for a cycle, into the last proxy).
  lines.push(`IFCRELAGGREGATES(${g()},$,$,$,${cycle ? `#${depth + 1}` : "#1"},(#2))`);
  for (let i = 3; i <= depth + 1; i++) {
    lines.push(`IFCRELAGGREGATES(${g()},$,$,$,#${i - 1},(#${i}))`);
  }
  return step(...lines);
}
const proxies = (requirements: string) => onEntity("IFCBUILDINGELEMENTPROXY", requirements);

/** Checks one parsed model against several IDS documents (the model is read once). */
async function checkAll(model: Uint8Array, ...docs: string[]) {
  const parsed = new IfcModel(model);
  return await Promise.all(docs.map((xml) => checkParsedModel(readIds(xml).doc!, parsed)));
}

Deno.test("partOf: a 10,000-deep aggregation chain is checked once per model", async () => {
  const [any, aggregates, site] = await checkAll(
    aggregationChain(10_000),
    proxies(partOf(undefined, "IFCBUILDING")),
    proxies(partOf("IFCRELAGGREGATES", "IFCBUILDING")),
    proxies(partOf(undefined, "IFCSITE")),
  );
  assert.deepEqual([any.status, any.specifications[0].passed], ["pass", 10_000]);
  assert.deepEqual([aggregates.status, aggregates.specifications[0].passed], ["pass", 10_000]);
  assert.deepEqual([site.status, site.specifications[0].failed], ["fail", 10_000]);
  assert.match(site.specifications[0].failures[0].reason, /part of IFCBUILDING, not 'IFCSITE'/);
  assert.match(site.specifications[0].failures[9_999].reason, /\(within .* and more\)/);
});

Deno.test("partOf: an aggregation cycle terminates and fails", async () => {
  const [any, aggregates, self] = await checkAll(
    aggregationChain(2_000, true),
    proxies(partOf(undefined, "IFCBUILDING")),
    proxies(partOf("IFCRELAGGREGATES", "IFCBUILDING")),
    // Every proxy in the cycle is part of every other proxy, itself included.
    proxies(partOf(undefined, "IFCBUILDINGELEMENTPROXY")),
  );
  assert.deepEqual([any.status, any.specifications[0].failed], ["fail", 2_000]);
  assert.deepEqual([aggregates.status, aggregates.specifications[0].failed], ["fail", 2_000]);
  assert.equal(self.status, "pass");
});
