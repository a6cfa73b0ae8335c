/**
 * `validate_ifc_model` over a real stdio server subprocess with the SDK client: a model by
 * path inside an allowed root and as content, the three report formats, paths outside the
 * roots, unreadable models, an IDS invalid for IFC, progress notifications and cancellation.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { fails, ok, processCpuMs, stdioHarness, syntheticModel, tempDir } from "./_helpers.ts";
import { attribute, entity, ids, pattern } from "../ifc/_tiny.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../ifc/fixtures/", import.meta.url));

/** The text of a report resource. */
async function readText(client: Client, uri: string): Promise<string> {
  const c = (await client.readResource({ uri })).contents[0];
  assert.ok("text" in c, `${uri} is not text`);
  return c.text as string;
}

Deno.test("validate_ifc_model: path, content, formats, roots, errors", async () => {
  await using kv = await tempDir();
  const h = await stdioHarness(["--kv", `${kv.path}/kv`, "--root", MODELS, "--root", FIXTURES]);
  try {
    await ok(h.client, "load_ids", {
      source: `${FIXTURES}walls_fire_rating_checks.ids`,
      source_type: "file",
    });
    const r = await ok(h.client, "validate_ifc_model", {
      ifc_file_path: `${MODELS}walls-fire-rating.ifc`,
    });
    assert.equal(r.status, "validation_complete");
    assert.equal(r.overall_status, "fail");
    assert.deepEqual(
      [r.total_specifications, r.passed_specifications, r.failed_specifications],
      [5, 1, 4],
    );
    const report = r.report as { specifications: { name: string; failed: number }[] };
    assert.equal(report.specifications[0].failed, 2);

    // The full report in each format is a resource the reply links to.
    const html = await ok(h.client, "validate_ifc_model", {
      ifc_file_path: `${MODELS}walls-fire-rating.ifc`,
      report_format: "html",
    });
    assert.match(await readText(h.client, html.report_uri as string), /<html/i);
    const text = await ok(h.client, "validate_ifc_model", {
      ifc_content: await Deno.readTextFile(`${MODELS}walls-fire-rating.ifc`),
      report_format: "console",
    });
    assert.match(await readText(h.client, text.report_uri as string), /Walls have a fire rating/);

    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_file_path: "/etc/hostname" },
      /path_not_allowed/,
    );
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_content: "this is not STEP" },
      /cannot be read: not a STEP file/,
    );
    await fails(h.client, "validate_ifc_model", {}, /exactly one of ifc_file_path/);

    await ok(h.client, "load_ids", {
      source: `${FIXTURES}bad_semantics.ids`,
      source_type: "file",
    });
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_file_path: `${MODELS}walls-fire-rating.ifc` },
      /not valid for IFC[\s\S]*unknown IFC entity 'IfcWall'/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model: progress notifications and cancellation", async () => {
  await using kv = await tempDir();
  const h = await stdioHarness(["--kv", `${kv.path}/kv`, "--root", FIXTURES]);
  try {
    await ok(h.client, "load_ids", {
      source: `${FIXTURES}walls_fire_rating_checks.ids`,
      source_type: "file",
    });
    const content = syntheticModel(30_000);
    const progress: number[] = [];
    const done = await h.client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: content } },
      undefined,
      { onprogress: (p: { progress: number }) => progress.push(p.progress), timeout: 120_000 },
    ) as CallToolResult;
    assert.ok(!done.isError);
    const s = done.structuredContent as { report: { specifications: { applicable: number }[] } };
    assert.equal(s.report.specifications[0].applicable, 30_000);
    assert.ok(progress.length >= 2, `expected progress notifications, got ${progress.length}`);
    assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]), "monotonic progress");

    // Cancel after the first progress notification: the call rejects, the server lives on.
    const controller = new AbortController();
    const big = syntheticModel(100_000);
    const call = h.client.callTool(
      { name: "validate_ifc_model", arguments: { ifc_content: big } },
      undefined,
      { onprogress: () => controller.abort("enough"), signal: controller.signal, timeout: 120_000 },
    );
    await assert.rejects(call);
    const after = await ok(h.client, "get_ids_info", {});
    assert.equal(after.title, "Wall fire rating checks");
  } finally {
    await h.close();
  }
});

Deno.test("stdio: a cancelled check stops on the server (the cheap turns of a stdio server still let the cancellation through)", async () => {
  await using dir = await tempDir();
  const model = `${dir.path}/model.ifc`;
  await Deno.writeTextFile(model, syntheticModel(200_000));
  const h = await stdioHarness(["--kv", `${dir.path}/kv`, "--root", dir.path, "--root", FIXTURES]);
  try {
    await ok(h.client, "load_ids", {
      source: `${FIXTURES}walls_fire_rating_checks.ids`,
      source_type: "file",
    });
    const check = (signal?: AbortSignal) =>
      h.client.callTool(
        { name: "validate_ifc_model", arguments: { ifc_file_path: model } },
        undefined,
        { signal, timeout: 120_000 },
      );
    await check(); // warms the JIT: a cold check takes twice as long
    let cpu = await processCpuMs(h.pid!);
    let t = performance.now();
    await check();
    const fullCpu = await processCpuMs(h.pid!) - cpu;
    const full = performance.now() - t;

    const controller = new AbortController();
    // Cancelled a quarter in: the model is read by path, so the check is well under way.
    const call = check(controller.signal);
    await new Promise((r) => setTimeout(r, full / 4));
    controller.abort("enough");
    await assert.rejects(call);
    cpu = await processCpuMs(h.pid!);
    t = performance.now();
    await new Promise((r) => setTimeout(r, full));
    const afterCpu = await processCpuMs(h.pid!) - cpu;
    // A check that ignored the cancel would burn most of a full check's CPU in this window.
    assert.ok(
      afterCpu < fullCpu / 4,
      `after the cancel the server used ${afterCpu} ms of CPU in ${
        Math.round(performance.now() - t)
      } ms; a full check uses ${fullCpu} ms`,
    );
    assert.equal((await ok(h.client, "get_ids_info", {})).title, "Wall fire rating checks");
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model and inspect_ifc_model: a model of 16 MiB or more by path (the shared-memory, split-scan path) gives exact counts", async () => {
  await using dir = await tempDir();
  // Past SPLIT_MIN_BYTES: the server reads it into shared memory and splits the index scan.
  const walls = 260_000;
  const model = `${dir.path}/big.ifc`;
  await Deno.writeTextFile(model, syntheticModel(walls));
  assert.ok((await Deno.stat(model)).size >= 16 * 1024 * 1024);
  const h = await stdioHarness(["--kv", `${dir.path}/kv`, "--root", dir.path]);
  try {
    await ok(h.client, "load_ids", {
      source: ids({
        applicability: entity("IFCWALL"),
        requirements: attribute("Name", pattern("Wall [0-9]+")),
      }),
      source_type: "string",
    });
    const r = await ok(h.client, "validate_ifc_model", { ifc_file_path: model });
    assert.equal(r.overall_status, "pass");
    const report = r.report as { specifications: { applicable: number; failed: number }[] };
    assert.equal(report.specifications[0].applicable, walls);
    assert.equal(report.specifications[0].failed, 0);
    const i = await ok(h.client, "inspect_ifc_model", { ifc_file_path: model });
    assert.match(JSON.stringify(i), new RegExp(`"entity":"IFCWALL","count":${walls}\\b`));
  } finally {
    await h.close();
  }
});
