/**
 * Hints where IDS surprises, as an agent sees them over a real stdio server with the SDK
 * client: the subtype hint of `validate_ifc_model` (IFCWALL on an IFC2X3 model holding only
 * IFCWALLSTANDARDCASE) and the near-miss messages of property facets across sets.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ok, stdioHarness, tempDir } from "./_helpers.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));

Deno.test("validate_ifc_model: IFCWALL on an IFC2X3 model with only IFCWALLSTANDARDCASE hints at the subtype", async () => {
  await using kv = await tempDir();
  const h = await stdioHarness(["--kv", `${kv.path}/kv`, "--root", MODELS]);
  try {
    await ok(h.client, "create_ids", { title: "Walls" });
    await ok(h.client, "add_specification", {
      name: "Walls",
      ifc_versions: ["IFC2X3"],
      identifier: "S1",
    });
    await ok(h.client, "add_entity_facet", {
      spec_id: "S1",
      location: "applicability",
      entity_name: "IFCWALL",
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
