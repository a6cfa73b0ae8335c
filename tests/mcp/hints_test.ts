/**
 * Hints where IDS surprises, as an agent sees them over a real stdio server with the SDK
 * client: the subtype hint of `validate_ifc_model` (IFCWALL on an IFC2X3 model holding only
 * IFCWALLSTANDARDCASE) and the near-miss messages of property facets across sets.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ok, stdioHarness, tempDir } from "./_helpers.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));

/** An IDS document holding the given specification elements. */
const idsOf = (...specs: string[]) =>
  `<?xml version="1.0"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>Hints</title></info><specifications>${specs.join("")}</specifications></ids>`;
/** A specification applying to `entity`, with requirements (facet XML) when given. */
const spec = (entity: string, version: string, req = "") =>
  `<specification name="${entity}" ifcVersion="${version}"><applicability ` +
  `maxOccurs="unbounded"><entity><name><simpleValue>${entity}</simpleValue></name></entity>` +
  `</applicability>${req ? `<requirements>${req}</requirements>` : ""}</specification>`;
const prop = (set: string, name: string, dataType: string) =>
  `<property dataType="${dataType}"><propertySet><simpleValue>${set}</simpleValue>` +
  `</propertySet><baseName><simpleValue>${name}</simpleValue></baseName></property>`;

Deno.test("validate_ifc_model: IFCWALL on an IFC2X3 model with only IFCWALLSTANDARDCASE hints at the subtype", async () => {
  await using kv = await tempDir();
  const h = await stdioHarness(["--kv", `${kv.path}/kv`, "--root", MODELS]);
  try {
    await ok(h.client, "load_ids", {
      source_type: "string",
      source: idsOf(spec("IFCWALL", "IFC2X3")),
    });
    const r = await ok(h.client, "validate_ifc_model", {
      ifc_file_path: `${MODELS}example.ifc`,
    });
    // The reply's shape is another change's business: the hint must be in it somewhere.
    const reply = JSON.stringify(r);
    assert.ok(reply.includes("IFCWALLSTANDARDCASE (17)"), reply.slice(0, 2000));
    assert.ok(reply.includes("an entity facet matches the exact class, not its subtypes"));
    assert.ok(reply.includes('"entity":"IFCWALLSTANDARDCASE","count":17'));
  } finally {
    await h.close();
  }
});

Deno.test("load_ids: near misses across sets name the set that defines the property", async () => {
  await using kv = await tempDir();
  const h = await stdioHarness(["--kv", `${kv.path}/kv`]);
  try {
    const r = await ok(h.client, "load_ids", {
      source_type: "string",
      source: idsOf(
        spec("IFCSPACE", "IFC4", prop("Pset_SpaceCommon", "NetFloorArea", "IFCAREAMEASURE")),
        spec("IFCDOOR", "IFC4", prop("Pset_DoorCommon", "LoadBearing", "IFCBOOLEAN")),
      ),
    });
    const reply = JSON.stringify(r);
    assert.ok(
      reply.includes(
        "Pset_SpaceCommon has no property 'NetFloorArea' in IFC4; 'NetFloorArea' is in " +
          "Qto_SpaceBaseQuantities, which applies to IFCSPACE; the nearest name in " +
          "Pset_SpaceCommon is 'NetPlannedArea'",
      ),
      reply.slice(0, 3000),
    );
    assert.ok(
      reply.includes(
        "Pset_DoorCommon has no property 'LoadBearing' in IFC4; 'LoadBearing' is in " +
          "Pset_BeamCommon, Pset_BuildingElementProxyCommon, Pset_ChimneyCommon and 10 more, " +
          "none of them for IFCDOOR",
      ),
      reply.slice(0, 3000),
    );
  } finally {
    await h.close();
  }
});
