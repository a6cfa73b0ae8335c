/**
 * Behaviour past the official test cases, each pinned by a tiny model with the verdict
 * IfcTester (IfcOpenShell's reference implementation) gives: its regression fixtures
 * (src/ifctester/test/fixtures, re-created here from their descriptions) and the issues found
 * on real files.
 */
import assert from "node:assert/strict";
import {
  caseTests,
  entity,
  expectStatus,
  g,
  ids,
  partOf,
  pattern,
  property,
  step,
  wall,
} from "./_tiny.ts";

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
  ids({
    applicability: entity("IFCWALL"),
    requirements: property(pattern("Pset_.*"), "Foo", undefined, value, "prohibited"),
  });

caseTests("prohibited property in pattern-matched sets", [
  ["a later set holding the property fails it", "fail", prohibitedFoo(), wallWithTwoSets("bar")],
  [
    "a later set holding the prohibited value fails it",
    "fail",
    prohibitedFoo("bar"),
    wallWithTwoSets("bar"),
  ],
  ["another value passes it", "pass", prohibitedFoo("bar"), wallWithTwoSets("baz")],
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
