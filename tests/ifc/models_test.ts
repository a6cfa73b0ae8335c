/**
 * End-to-end checks on the real models in ../shared/ifc/models with IDS files written for
 * them (tests/ifc/fixtures); every expected count was derived by hand from the STEP text
 * (see the comment at the top of each fixture).
 */
import assert from "node:assert/strict";
import { checkFiles } from "../../src/cli/check_files.ts";
import { IfcModel } from "../../src/ifc/model.ts";
import type { CheckReport, SpecificationResult } from "../../src/ifc/report/types.ts";

const MODELS = new URL("../../../shared/ifc/models/", import.meta.url);
const FIXTURES = new URL("./fixtures/", import.meta.url);

async function check(ids: string, model: string): Promise<CheckReport> {
  return await checkFiles(
    await Deno.readFile(new URL(ids, FIXTURES)),
    await Deno.readFile(new URL(model, MODELS)),
  );
}

function spec(r: CheckReport, name: string): SpecificationResult {
  const s = r.specifications.find((x) => x.name === name);
  assert.ok(s, `no specification '${name}'`);
  return s;
}

Deno.test("walls-fire-rating.ifc: FireRating presence, values, required and prohibited specs", async () => {
  const r = await check("walls_fire_rating_checks.ids", "walls-fire-rating.ifc");
  assert.equal(r.status, "fail");
  assert.equal(r.schema, "IFC4");
  const has = spec(r, "Walls have a fire rating");
  assert.deepEqual([has.applicable, has.passed, has.failed], [5, 3, 2]);
  assert.deepEqual(
    has.failures.map((f) => f.globalId).sort(),
    ["07CF6kqtPD48$Fp4zWsiwk", "3oX1_nrJ9C$B1HXylITyBb"],
  );
  const rated = spec(r, "Rated walls are 1HR or 2HR");
  assert.deepEqual([rated.applicable, rated.passed, rated.failed], [3, 2, 1]);
  assert.equal(rated.failures[0].stepId, 1322);
  assert.match(rated.failures[0].reason, /3HR/);
  const doors = spec(r, "The model has doors");
  assert.equal(doors.status, "fail");
  assert.equal(doors.applicable, 0);
  assert.equal(spec(r, "No doors allowed").status, "pass");
  // A prohibited specification fails once per matching element, each named by its GlobalId.
  const noWalls = spec(r, "No walls allowed");
  assert.deepEqual([noWalls.status, noWalls.applicable, noWalls.passed, noWalls.failed], [
    "fail",
    5,
    0,
    5,
  ]);
  assert.equal(new Set(noWalls.failures.map((f) => f.globalId)).size, 5);
  assert.ok(noWalls.failures.every((f) => f.entity === "IFCWALL" && /prohibited/.test(f.reason)));
});

Deno.test("duplex.ifc (IFC2X3): booleans, containment, voids/fills", async () => {
  const r = await check("duplex_checks.ids", "duplex.ifc");
  assert.equal(r.schema, "IFC2X3");
  const ext = spec(r, "External walls");
  assert.deepEqual([ext.applicable, ext.passed, ext.failed], [56, 22, 34]);
  const storey = spec(r, "Doors and windows sit on a storey");
  assert.deepEqual([storey.applicable, storey.passed, storey.status], [38, 38, "pass"]);
  const openings = spec(r, "Openings are in walls");
  assert.deepEqual([openings.applicable, openings.passed, openings.failed], [24, 22, 2]);
  assert.ok(openings.failures.every((f) => /IFCROOF/.test(f.reason)));
  const material = spec(r, "Walls have a material");
  assert.deepEqual([material.applicable, material.passed], [56, 56]);
  const brick = spec(r, "Brick walls");
  assert.deepEqual([brick.applicable, brick.status], [12, "pass"]);
});

Deno.test("example.ifc (IFC2X3): classification references with their system", async () => {
  const r = await check("example_checks.ids", "example.ifc");
  const b10 = spec(r, "Columns are Uniformat B10");
  assert.deepEqual([b10.applicable, b10.passed, b10.failed], [42, 23, 19]);
  const prohibited = spec(r, "Superstructure is not Uniformat B2010");
  assert.deepEqual([prohibited.applicable, prohibited.passed], [23, 23]);
});

Deno.test("an IDS that is invalid for IFC is reported invalid, not checked", async () => {
  const r = await check("bad_semantics.ids", "walls-fire-rating.ifc");
  assert.equal(r.status, "invalid");
  assert.equal(r.specifications.length, 0);
  const messages = (r.errors ?? []).map((e) => e.message).join("\n");
  assert.match(messages, /unknown IFC entity 'IfcWall'.*'IFCWALL'/);
  assert.match(messages, /'NoSuchAttribute' is not an attribute/);
});

Deno.test("every real model reads: schema family and instance counts match the STEP text", () => {
  const expected: Record<string, [string, string, number]> = {
    "AC20-FZK-Haus.ifc": ["IFC4", "IFCWALLSTANDARDCASE", 13],
    "IDS_wooden-windows_IFC.ifc": ["IFC2X3", "IFCWALL", 0],
    "IfcOpenHouse_IFC4.ifc": ["IFC4", "IFCWINDOW", 5],
    "KIT-Simple-Road-Test-Web-IFC4x3_RC2.ifc": ["IFC4X3", "IFCWALL", 0],
    "duplex.ifc": ["IFC2X3", "IFCDOOR", 14],
    "example.ifc": ["IFC2X3", "IFCDOOR", 0],
    "walls-fire-rating.ifc": ["IFC4", "IFCWALL", 5],
  };
  for (const [file, [family, entity, count]] of Object.entries(expected)) {
    const bytes = Deno.readFileSync(new URL(file, MODELS));
    const m = new IfcModel(bytes);
    assert.equal(m.family, family, file);
    assert.equal(m.instancesOf(entity, false).length, count, `${file} ${entity}`);
    // Every instance in the file is indexed: count '#n=' line starts independently.
    const text = new TextDecoder("latin1").decode(bytes);
    const lines = text.match(/^#\d+\s*=/gm)?.length ?? 0;
    assert.equal(m.step.count, lines, `${file} instance count`);
  }
});
