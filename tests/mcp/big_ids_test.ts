/**
 * A 20,000-specification IDS (bench/ids_gen_big.ts, the document of issue 16) through the SDK
 * client over stdio: it loads by content and by path with a reply that stays small, round-trips
 * byte-identically, reports the same findings as the validation run in this process, pages
 * through get_ids_info, and an edit is seen by the next validate_ids (validation reports are
 * remembered per stored document). Behaviour only: how long it takes is in bench/.
 *
 * @module
 */
import assert from "node:assert/strict";
import { bigIds, compact } from "../../bench/ids_gen_big.ts";
import { parseIds, writeIds } from "../../src/ids/xml.ts";
import { validateIdsDocument, validateIdsXml } from "../../src/audit/validate.ts";
import { groupFindings, issueJson, LISTED_FINDINGS } from "../../src/mcp/validation.ts";
import { ok, stdioHarness, tempDir } from "./_helpers.ts";

const COUNT = 20_000;

Deno.test("a 20,000-specification IDS loads, pages, validates and round-trips through the SDK client", async () => {
  await using dir = await tempDir();
  const source = compact(writeIds(bigIds(COUNT)));
  const canonical = writeIds(parseIds(source));
  const h = await stdioHarness(["--kv", ":memory:", "--root", dir.path]);
  try {
    const loaded = await ok(h.client, "load_ids", { source, source_type: "string" });
    assert.equal(loaded.specification_count, COUNT);
    assert.equal((loaded.specifications as unknown[]).length, 50);
    assert.equal(loaded.specifications_truncated, true);
    // The findings are the validation of the source itself, said in the reply.
    const expected = validateIdsXml(source);
    assert.equal(loaded.valid, expected.valid);
    // Many findings: the first ones, the total, and all of them grouped by message.
    const warnings = expected.warnings.map(issueJson);
    assert.ok(warnings.length > LISTED_FINDINGS, `${warnings.length} warnings`);
    assert.deepEqual(loaded.warnings, warnings.slice(0, LISTED_FINDINGS));
    assert.equal(loaded.warnings_total, warnings.length);
    const groups = loaded.warning_groups as { count: number; message: string }[];
    assert.deepEqual(groups, groupFindings(warnings));
    assert.equal(groups.reduce((n, g) => n + g.count, 0), warnings.length);
    assert.ok(groups.length < warnings.length / 4, `${groups.length} groups`);
    assert.deepEqual(loaded.errors, expected.errors.map(issueJson));
    assert.equal(loaded.errors_total, undefined);
    assert.ok(
      JSON.stringify(loaded).length < 64 * 1024,
      `load_ids reply of ${JSON.stringify(loaded).length} bytes`,
    );

    // get_ids_info pages instead of overflowing the reply cap.
    const first = await ok(h.client, "get_ids_info");
    assert.equal((first.specifications as unknown[]).length, 100);
    assert.equal(first.specifications_truncated, true);
    assert.equal(first.next_offset, 100);
    const big = await ok(h.client, "get_ids_info", { offset: 100, limit: 1000 });
    assert.equal((big.specifications as unknown[]).length, 1000);
    assert.equal(big.next_offset, 1100);
    const last = await ok(h.client, "get_ids_info", { offset: COUNT - 1 });
    const [only] = last.specifications as { spec_id: string; position: number }[];
    assert.deepEqual([only.spec_id, only.position], ["S20000", COUNT]);
    assert.equal(last.specifications_truncated, undefined);

    // Export: the canonical XML, byte for byte; loading that file by path and exporting
    // again gives the same bytes.
    const out = `${dir.path}/out.ids`;
    const exported = await ok(h.client, "export_ids", { output_path: out });
    assert.equal(await Deno.readTextFile(out), canonical);
    const doc = parseIds(canonical);
    const report = validateIdsDocument(doc);
    assert.deepEqual(exported.validation, {
      valid: report.valid,
      errors: report.errors.map(issueJson),
      warnings: report.warnings.map(issueJson),
      xsd_checked: false,
      audit_checked: true,
    });
    await ok(h.client, "load_ids", { source: out, source_type: "file" });
    const again = `${dir.path}/again.ids`;
    await ok(h.client, "export_ids", { output_path: again });
    assert.equal(await Deno.readTextFile(again), canonical);

    // validate_ids gives the in-process verdict, twice the same; an edit is seen at once.
    const v1 = await ok(h.client, "validate_ids");
    assert.deepEqual(v1.warnings, report.warnings.map(issueJson));
    assert.deepEqual(await ok(h.client, "validate_ids"), v1);
    // Remove a specification that has a finding: the next validate_ids must not say it.
    const [finding] = v1.warnings as { path: string }[];
    const n = Number(/specification\[(\d+)\]/.exec(finding.path)![1]);
    await ok(h.client, "remove_specification", { spec_id: `S${String(n).padStart(5, "0")}` });
    const v2 = await ok(h.client, "validate_ids");
    const own = (v1.warnings as { path: string }[]).filter((w) =>
      w.path.startsWith(`/ids/specifications/specification[${n}]/`)
    ).length;
    assert.ok(own > 0);
    assert.equal((v2.warnings as unknown[]).length, (v1.warnings as unknown[]).length - own);
  } finally {
    await h.close();
  }
});
