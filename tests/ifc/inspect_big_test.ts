/**
 * Inspection at the sizes of big models: one relationship relating more objects than a
 * function call takes arguments (~125,000 here; a 1 GB model has such type relationships)
 * must be summarised, not overflow the call stack.
 */
import assert from "node:assert/strict";
import { IfcModel } from "../../src/ifc/model.ts";
import { inspectModel } from "../../src/ifc/inspect.ts";

/** IFC4 STEP: `walls` walls typed by one wall type, the first ten in a relationship of their own. */
function typedWalls(walls: number): Uint8Array {
  const lines = [
    "ISO-10303-21;",
    "HEADER;",
    "FILE_DESCRIPTION((''),'2;1');",
    "FILE_NAME('','',(''),(''),'','','');",
    "FILE_SCHEMA(('IFC4'));",
    "ENDSEC;",
    "DATA;",
    "#1=IFCPROJECT('0000000000000000000001',$,'P',$,$,$,$,$,$);",
    "#2=IFCWALLTYPE('0000000000000000000002',$,'T',$,$,$,$,$,$,.PARTITIONING.);",
  ];
  const first = 100;
  for (let i = 0; i < walls; i++) {
    lines.push(`#${first + i}=IFCWALL('${String(i).padStart(22, "0")}',$,$,$,$,$,$,$,$);`);
  }
  const ref = (i: number) => `#${first + i}`;
  const head = Array.from({ length: 10 }, (_, i) => ref(i)).join(",");
  const rest = Array.from({ length: walls - 10 }, (_, i) => ref(i + 10)).join(",");
  lines.push(`#3=IFCRELDEFINESBYTYPE('0000000000000000000003',$,$,$,(${head}),#2);`);
  lines.push(`#4=IFCRELDEFINESBYTYPE('0000000000000000000004',$,$,$,(${rest}),#2);`);
  lines.push("ENDSEC;", "END-ISO-10303-21;");
  return new TextEncoder().encode(lines.join("\n"));
}

Deno.test("inspect: a type relationship with 150,000 occurrences", () => {
  const r = inspectModel(new IfcModel(typedWalls(150_000)));
  const walls = r.entities.find((e) => e.entity === "IFCWALL");
  assert.deepEqual(walls, {
    entity: "IFCWALL",
    count: 150_000,
    predefined_types: [{ value: "PARTITIONING", count: 150_000 }],
  });
});
