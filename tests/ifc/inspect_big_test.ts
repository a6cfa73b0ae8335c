/**
 * Big models: one relationship relating more objects than a function call takes arguments
 * (~125,000 here; a 1 GB model has such type relationships) must be summarised, not overflow
 * the call stack; a file past what the index can address (2 GiB) is refused by name before
 * a byte is read (a sparse file stands in for it).
 */
import assert from "node:assert/strict";
import { IfcModel, ModelReadError } from "../../src/ifc/model.ts";
import { inspectModel } from "../../src/ifc/inspect.ts";
import { MAX_MODEL_BYTES, readModelFile } from "../../src/ifc/open_model.ts";
import { runCli } from "../ids/_cli.ts";
import { stepText } from "./_tiny.ts";
import { tempDir } from "../mcp/_helpers.ts";

/** IFC4 STEP: `walls` walls typed by one wall type, the first ten in a relationship of their own. */
function typedWalls(walls: number): Uint8Array {
  // #1 project, #2 the type, #3 and #4 the relationships, the walls from #5 on.
  const ref = (i: number) => `#${i + 5}`;
  const head = Array.from({ length: 10 }, (_, i) => ref(i)).join(",");
  const rest = Array.from({ length: walls - 10 }, (_, i) => ref(i + 10)).join(",");
  const instances = [
    "IFCPROJECT('0000000000000000000001',$,'P',$,$,$,$,$,$)",
    "IFCWALLTYPE('0000000000000000000002',$,'T',$,$,$,$,$,$,.PARTITIONING.)",
    `IFCRELDEFINESBYTYPE('0000000000000000000003',$,$,$,(${head}),#2)`,
    `IFCRELDEFINESBYTYPE('0000000000000000000004',$,$,$,(${rest}),#2)`,
  ];
  for (let i = 0; i < walls; i++) {
    instances.push(`IFCWALL('${String(i).padStart(22, "0")}',$,$,$,$,$,$,$,$)`);
  }
  return new TextEncoder().encode(stepText("IFC4", instances));
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

Deno.test("a model file over 2 GiB is refused by name, before it is read", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/huge.ifc`;
  await Deno.writeTextFile(path, "ISO-10303-21;\n");
  await Deno.truncate(path, MAX_MODEL_BYTES + 1); // sparse: no disk space, no time
  await assert.rejects(
    readModelFile(path),
    (e) =>
      e instanceof ModelReadError &&
      /'huge\.ifc' has 2,147,483,648 bytes; models of up to 2 GiB/.test(e.message),
  );
  const r = await runCli(["inspect", path], { permissions: ["--allow-read", "--allow-env"] });
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^ids-mcp inspect: the IFC model '[^']*huge\.ifc' cannot be read: 'huge\.ifc' has 2,147,483,648 bytes/,
  );
});
