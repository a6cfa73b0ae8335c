/**
 * validate_ids, export_ids and load_ids over a real stdio server give the same verdict and
 * findings as `ids-mcp validate`: structural and content findings together, each with
 * severity, code, path and suggestion; load_ids accepts a content-invalid document for editing
 * and reports its errors.
 */
import assert from "node:assert/strict";
import { ok, stdioHarness } from "./_helpers.ts";
import { validateIdsXml } from "../../src/audit/validate.ts";

const BAD = `<?xml version="1.0" encoding="UTF-8"?>
<ids xmlns="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <info><title>Audit</title></info>
  <specifications>
    <specification name="Walls" ifcVersion="IFC4">
      <applicability maxOccurs="unbounded">
        <entity><name><simpleValue>IFCWALLL</simpleValue></name></entity>
      </applicability>
      <requirements>
        <property dataType="IFCREAL">
          <propertySet><simpleValue>Pset_WallCommon</simpleValue></propertySet>
          <baseName><simpleValue>FireRating</simpleValue></baseName>
        </property>
        <attribute><name><simpleValue>Name</simpleValue></name><value>
          <xs:restriction base="xs:string"><xs:pattern value="^W.*$"/></xs:restriction>
        </value></attribute>
      </requirements>
    </specification>
  </specifications>
</ids>`;

type Json = Record<string, unknown>;
const codes = (list: unknown) => (list as Json[]).map((f) => `${f.severity}:${f.code}`).sort();

Deno.test("validate_ids / load_ids / export_ids report the validate verdict in one round", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const loaded = await ok(h.client, "load_ids", { source: BAD, source_type: "string" });
    assert.equal(loaded.status, "loaded");
    assert.equal(loaded.valid, false);
    const v = await ok(h.client, "validate_ids");
    assert.equal(v.valid, false);
    assert.equal(v.audit_checked, true);
    const cli = validateIdsXml(BAD);
    // Same findings as the CLI verdict (paths of the canonical XML equal the file's here).
    assert.deepEqual(codes(v.errors), codes(cli.errors));
    assert.deepEqual(codes(v.warnings), codes(cli.warnings));
    assert.deepEqual(codes(loaded.errors), codes(cli.errors));
    assert.deepEqual(codes(v.errors), ["error:unknown_entity", "error:wrong_data_type"]);
    const entity = (v.errors as Json[]).find((f) => f.code === "unknown_entity")!;
    assert.equal(entity.suggestion, "IFCWALL");
    assert.equal(entity.kind, "content");
    assert.equal(entity.path, "/ids/specifications/specification[1]/applicability/entity[1]/name");
    assert.ok(
      (v.warnings as Json[]).some((w) => w.code === "pattern_anchor" && w.severity === "warning"),
    );
    const ex = await ok(h.client, "export_ids", {});
    const validation = ex.validation as Json;
    assert.equal(validation.valid, false);
    assert.deepEqual(codes(validation.errors), codes(v.errors));
    const structureOnly = await ok(h.client, "validate_ids", { audit: false });
    assert.equal(structureOnly.valid, true);
    assert.equal(structureOnly.audit_checked, false);
  } finally {
    await h.close();
  }
});
