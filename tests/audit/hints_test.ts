/**
 * Audit hints where IDS surprises: a property a standard set does not have names the sets
 * that define it (for the applicable class where there are some) and the nearest name in the
 * set; a `Qto_*` set used with IFC2X3 (no official quantity-set templates) is checked against
 * its IFC4 definition, with a warning saying so. Exact messages: agents read them.
 */
import assert from "node:assert/strict";
import { validateIdsXml } from "../../src/audit/validate.ts";
import type { Finding } from "../../src/ids/errors.ts";

/** The findings of one specification: `app` and `req` are facet XML. */
function audit(version: string, app: string, req: string): Finding[] {
  const r = validateIdsXml(`<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>t</title></info><specifications>
  <specification name="s" ifcVersion="${version}">
    <applicability maxOccurs="unbounded">${app}</applicability>
    <requirements>${req}</requirements>
  </specification></specifications></ids>`);
  return [...r.errors, ...r.warnings];
}

const entity = (n: string) => `<entity><name><simpleValue>${n}</simpleValue></name></entity>`;
const prop = (set: string, name: string, dataType: string, card = "") =>
  `<property dataType="${dataType}"${card ? ` cardinality="${card}"` : ""}>` +
  `<propertySet><simpleValue>${set}</simpleValue></propertySet>` +
  `<baseName><simpleValue>${name}</simpleValue></baseName></property>`;
const summary = (f: Finding) => ({
  severity: f.severity,
  code: f.code,
  message: f.message,
  suggestion: f.suggestion,
});
const BASE_NAME = "/ids/specifications/specification[1]/requirements/property[1]/baseName";

Deno.test("near miss: Pset_SpaceCommon.NetFloorArea points to Qto_SpaceBaseQuantities and NetPlannedArea", () => {
  const f = audit(
    "IFC4",
    entity("IFCSPACE"),
    prop("Pset_SpaceCommon", "NetFloorArea", "IFCAREAMEASURE"),
  );
  assert.deepEqual(f.map(summary), [{
    severity: "error",
    code: "unknown_property",
    message: "Pset_SpaceCommon has no property 'NetFloorArea' in IFC4; 'NetFloorArea' is in " +
      "Qto_SpaceBaseQuantities, which applies to IFCSPACE; the nearest name in " +
      "Pset_SpaceCommon is 'NetPlannedArea'",
    suggestion: "NetPlannedArea",
  }]);
  assert.equal(f[0].path, BASE_NAME);
});

Deno.test("near miss: Pset_DoorCommon.LoadBearing names the sets that define LoadBearing", () => {
  assert.deepEqual(
    audit("IFC4", entity("IFCDOOR"), prop("Pset_DoorCommon", "LoadBearing", "IFCBOOLEAN"))
      .map((f) => f.message),
    [
      "Pset_DoorCommon has no property 'LoadBearing' in IFC4; 'LoadBearing' is in " +
      "Pset_BeamCommon, Pset_BuildingElementProxyCommon, Pset_ChimneyCommon and 10 more, none " +
      "of them for IFCDOOR",
    ],
  );
  // For a class some of those sets apply to, only those are named.
  assert.deepEqual(
    audit("IFC4", entity("IFCWALL"), prop("Pset_DoorCommon", "LoadBearing", "IFCBOOLEAN"))
      .map((f) => f.message),
    [
      "Pset_DoorCommon has no property 'LoadBearing' in IFC4; 'LoadBearing' is in " +
      "Pset_WallCommon, which applies to IFCWALL",
    ],
  );
  // Without an entity facet the applicable classes are unknown: a few sets anywhere.
  assert.deepEqual(
    audit(
      "IFC2X3",
      `<attribute><name><simpleValue>Name</simpleValue></name></attribute>`,
      prop("Pset_DoorCommon", "LoadBearing", "IFCBOOLEAN", "optional"),
    ).map(summary),
    [{
      severity: "warning",
      code: "unknown_property",
      message: "Pset_DoorCommon has no property 'LoadBearing' in IFC2X3; 'LoadBearing' is in " +
        "Pset_BeamCommon, Pset_ColumnCommon, Pset_MemberCommon and 3 more",
      suggestion: undefined,
    }],
  );
});

Deno.test("near miss: a plain typo still says 'did you mean'", () => {
  assert.deepEqual(
    audit("IFC4", entity("IFCWALL"), prop("Pset_WallCommon", "FireRatin", "IFCLABEL"))
      .map((f) => [f.message, f.suggestion]),
    [[
      "Pset_WallCommon has no property 'FireRatin' in IFC4; did you mean 'FireRating'?",
      "FireRating",
    ]],
  );
});

Deno.test("IFC2X3: a Qto_ set is checked against its IFC4 definition, with a warning", () => {
  const bad = audit(
    "IFC2X3",
    entity("IFCSPACE"),
    prop("Qto_SpaceBaseQuantities", "NetFloorAreaXYZ", "IFCLABEL"),
  );
  assert.deepEqual(bad.map(summary), [
    {
      severity: "error",
      code: "unknown_property",
      message: "Qto_SpaceBaseQuantities has no property 'NetFloorAreaXYZ' in IFC4 (IFC2X3 has " +
        "no quantity-set templates); did you mean 'NetFloorArea'?",
      suggestion: "NetFloorArea",
    },
    {
      severity: "warning",
      code: "qto_checked_against_ifc4",
      message: "IFC2X3 has no official quantity-set templates: Qto_SpaceBaseQuantities is " +
        "checked against its IFC4 definition",
      suggestion: undefined,
    },
  ]);
  // Under IFC4 the same facet is refused the same way (without the warning).
  assert.deepEqual(
    audit(
      "IFC4",
      entity("IFCSPACE"),
      prop("Qto_SpaceBaseQuantities", "NetFloorAreaXYZ", "IFCLABEL"),
    )
      .map((f) => f.code),
    ["unknown_property"],
  );
  const type = audit(
    "IFC2X3",
    entity("IFCSPACE"),
    prop("Qto_SpaceBaseQuantities", "NetFloorArea", "IFCLABEL"),
  ).filter((f) => f.severity === "error");
  assert.deepEqual(type.map((f) => [f.code, f.message]), [[
    "wrong_data_type",
    "NetFloorArea of Qto_SpaceBaseQuantities is IFCAREAMEASURE in IFC4 (IFC2X3 has no " +
    "quantity-set templates), not IFCLABEL; did you mean 'IFCAREAMEASURE'?",
  ]]);
  // The right quantity: only the warning.
  assert.deepEqual(
    audit(
      "IFC2X3",
      entity("IFCSPACE"),
      prop("Qto_SpaceBaseQuantities", "NetFloorArea", "IFCAREAMEASURE"),
    )
      .map((f) => `${f.severity} ${f.code}`),
    ["warning qto_checked_against_ifc4"],
  );
  // An unknown Qto_ set is a reserved-prefix error under IFC2X3 too.
  assert.deepEqual(
    audit("IFC2X3", entity("IFCSPACE"), prop("Qto_MyQuantities", "Area", "IFCAREAMEASURE"))
      .map((f) => [f.code, f.message]),
    [[
      "reserved_prefix",
      "'Qto_MyQuantities' is not a standard property set of IFC4 (IFC2X3 has no quantity-set " +
      "templates), and custom sets must not start with 'Qto_' (reserved for buildingSMART's sets)",
    ]],
  );
});
