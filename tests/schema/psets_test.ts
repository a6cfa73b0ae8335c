/**
 * The generated standard property/quantity set tables: the sets, properties, data types,
 * enumerations and applicability of buildingSMART's templates, per schema family.
 */
import assert from "node:assert/strict";
import { getPsets } from "../../src/schema/psets.ts";

Deno.test("psets: Pset_WallCommon in IFC4X3 has FireRating (IFCLABEL) and LoadBearing (IFCBOOLEAN)", () => {
  const wall = getPsets("IFC4X3").get("Pset_WallCommon");
  assert.ok(wall);
  assert.equal(wall.kind, "pset");
  const by = new Map(wall.properties.map((p) => [p.name, p]));
  assert.equal(by.get("FireRating")?.dataType, "IFCLABEL");
  assert.equal(by.get("LoadBearing")?.dataType, "IFCBOOLEAN");
  assert.deepEqual(by.get("Status")?.values?.slice(0, 3), ["DEMOLISH", "EXISTING", "NEW"]);
  assert.equal(by.get("Status")?.kind, "enumerated");
  assert.ok(wall.applicableEntities.some((a) => a.entity === "IfcWall"));
});

Deno.test("psets: quantity sets carry their measure and kind; IFC2X3 has no Qto_ sets", () => {
  const q = getPsets("IFC4").get("Qto_WallBaseQuantities");
  assert.equal(q?.kind, "qto");
  const len = q?.properties.find((p) => p.name === "Length");
  assert.equal(len?.kind, "quantity");
  assert.equal(len?.dataType, "IFCLENGTHMEASURE");
  assert.equal(len?.quantityKind, "length");
  assert.equal(getPsets("IFC2X3").all().filter((s) => s.kind === "qto").length, 0);
  assert.equal(getPsets("IFC2X3").all().length, 317);
  assert.equal(getPsets("IFC4").all().length, 513);
  assert.equal(getPsets("IFC4X3").all().length, 760);
});

Deno.test("psets: forEntity includes sets of supertypes, type objects and predefined types", () => {
  const t = getPsets("IFC4");
  const wall = t.forEntity("IFCWALL").map((s) => s.name);
  assert.ok(wall.includes("Pset_WallCommon"));
  assert.ok(!wall.includes("Pset_DoorCommon"));
  assert.ok(t.forEntity("IfcWallType").some((s) => s.name === "Pset_WallCommon"));
  // Pset_SpaceParking applies to IfcSpace/PARKING only.
  assert.ok(!t.forEntity("IfcSpace").some((s) => s.name === "Pset_SpaceParking"));
  assert.ok(t.forEntity("IfcSpace", "PARKING").some((s) => s.name === "Pset_SpaceParking"));
  // IFC2X3 templates name a domain before the entity ("IFCSHAREDBLDGELEMENTS/IfcWall").
  assert.ok(
    getPsets("IFC2X3").forEntity("IfcWallStandardCase").some((s) => s.name === "Pset_WallCommon"),
  );
  assert.deepEqual(t.forEntity("IfcNoSuchThing"), []);
});

Deno.test("psets: an IFC4 template with a missing OwnerHistory is read aligned", () => {
  const ramp = getPsets("IFC4").get("Pset_RampCommon");
  const lb = ramp?.properties.find((p) => p.name === "LoadBearing");
  assert.equal(lb?.dataType, "IFCBOOLEAN");
});

Deno.test("psets: table values carry their defining and defined measures", () => {
  const curve = getPsets("IFC4X3").get("Pset_SoundGeneration")?.properties.find((p) =>
    p.name === "SoundCurve"
  );
  assert.equal(curve?.kind, "table");
  assert.equal(curve?.dataType, "IFCFREQUENCYMEASURE");
  assert.equal(curve?.secondaryDataType, "IFCSOUNDPOWERMEASURE");
});
