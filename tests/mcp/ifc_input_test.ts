/**
 * `validate_ifc_model` with the inputs users have: an `.ifczip` by path, and inputs that cannot
 * be checked, which give an `isError` result whose structured content names the input (model
 * or IDS) and why — the same shape as `check --format json`.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { zipSync } from "../../src/deps/fflate.ts";
import { ok, stdioHarness, tempDir } from "./_helpers.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../ifc/fixtures/", import.meta.url));

interface InvalidReport {
  overall_status: string;
  report: { status: string; errors: { input: string; message: string }[] };
}

Deno.test("validate_ifc_model: .ifczip by path; bad inputs are named in structured content", async () => {
  await using kv = await tempDir();
  await using models = await tempDir();
  const ifc = await Deno.readFile(`${MODELS}walls-fire-rating.ifc`);
  await Deno.writeFile(`${models.path}/walls.ifczip`, zipSync({ "walls.ifc": ifc }));
  await Deno.writeFile(`${models.path}/two.ifczip`, zipSync({ "a.ifc": ifc, "b.ifc": ifc }));
  const h = await stdioHarness([
    "--kv",
    `${kv.path}/kv`,
    "--root",
    models.path,
    "--root",
    FIXTURES,
  ]);
  try {
    await ok(h.client, "load_ids", {
      source: `${FIXTURES}walls_fire_rating_checks.ids`,
      source_type: "file",
    });
    const r = await ok(h.client, "validate_ifc_model", {
      ifc_file_path: `${models.path}/walls.ifczip`,
    });
    assert.deepEqual([r.overall_status, r.failed_specifications], ["fail", 4]);

    const call = async (args: Record<string, unknown>) => {
      const res = await h.client.callTool({
        name: "validate_ifc_model",
        arguments: args,
      }) as CallToolResult;
      assert.equal(res.isError, true);
      return res.structuredContent as unknown as InvalidReport;
    };
    const two = await call({ ifc_file_path: `${models.path}/two.ifczip` });
    assert.equal(two.overall_status, "invalid");
    assert.equal(two.report.errors[0].input, "model");
    assert.match(two.report.errors[0].message, /holds 2 IFC files/);
    const notStep = await call({ ifc_content: "this is not STEP" });
    assert.equal(notStep.report.errors[0].input, "model");
    assert.match(notStep.report.errors[0].message, /not a STEP file/);

    await ok(h.client, "load_ids", { source: `${FIXTURES}bad_semantics.ids`, source_type: "file" });
    const badIds = await call({ ifc_file_path: `${models.path}/walls.ifczip` });
    assert.equal(badIds.report.errors[0].input, "ids");
    assert.ok(badIds.report.errors.some((e) => /unknown IFC entity 'IfcWall'/.test(e.message)));
  } finally {
    await h.close();
  }
});
