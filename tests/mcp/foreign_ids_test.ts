/**
 * A foreign IDS with fixable errors, through a real SDK client over stdio: `load_ids` loads it
 * and lists every finding with its path (each once), `export_ids` refuses while it is not IDS
 * 1.0, the editing tools fix it, and then it exports valid; `validate_ifc_model` checks it
 * while only non-blocking findings remain. Unreadable XML is still refused.
 */
import assert from "node:assert/strict";
import { fails, ok, stdioHarness, syntheticModel } from "./_helpers.ts";

/** Written as other tools write IDS: class and data type in IFC's mixed case, no bases. */
const FOREIGN = `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info><ids:title>Foreign</ids:title><ids:author>J. Smith</ids:author></ids:info>
  <ids:specifications>
    <ids:specification name="Walls" ifcVersion="IFC4">
      <ids:applicability minOccurs="1" maxOccurs="unbounded">
        <ids:entity><ids:name><ids:simpleValue>IfcWall</ids:simpleValue></ids:name></ids:entity>
      </ids:applicability>
      <ids:requirements>
        <ids:property dataType="IfcLabel">
          <ids:propertySet><ids:simpleValue>Pset_WallCommon</ids:simpleValue></ids:propertySet>
          <ids:baseName><ids:simpleValue>FireRating</ids:simpleValue></ids:baseName>
        </ids:property>
        <ids:property dataType="IFCLABEL">
          <ids:propertySet><ids:simpleValue>Custom_Set</ids:simpleValue></ids:propertySet>
          <ids:baseName><ids:simpleValue>Code</ids:simpleValue></ids:baseName>
          <ids:value><xs:restriction><xs:enumeration value="A"/><xs:enumeration value="B"/></xs:restriction></ids:value>
        </ids:property>
        <ids:property>
          <ids:propertySet><ids:simpleValue>Custom_Set</ids:simpleValue></ids:propertySet>
          <ids:baseName><ids:simpleValue>Note</ids:simpleValue></ids:baseName>
          <ids:value><ids:simpleValue>x</ids:simpleValue></ids:value>
        </ids:property>
      </ids:requirements>
    </ids:specification>
  </ids:specifications>
</ids:ids>`;

type Issue = {
  severity: string;
  code: string;
  kind: string;
  path?: string;
  line?: number;
  message: string;
};

Deno.test("foreign IDS: load_ids lists every finding, the tools fix it, export_ids then writes it", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  const c = h.client;
  try {
    const loaded = await ok(c, "load_ids", { source: FOREIGN, source_type: "string" });
    assert.equal(loaded.status, "loaded");
    assert.equal(loaded.valid, false);
    const errors = loaded.errors as Issue[];
    const spec = "/ids/specifications/specification[1]";
    const has = (code: string, path: string, line: number) =>
      assert.ok(
        errors.some((e) => e.code === code && e.path === path && e.line === line),
        `${code} at ${path} line ${line} in ${JSON.stringify(errors, null, 1)}`,
      );
    has("structure", "/ids/info/author", 3);
    has("unknown_entity", `${spec}/applicability/entity[1]/name`, 7);
    has("structure", `${spec}/requirements/property[1]`, 10);
    has("unknown_data_type", `${spec}/requirements/property[1]`, 10);
    has("restriction_without_base", `${spec}/requirements/property[2]/value`, 17);
    has("value_without_data_type", `${spec}/requirements/property[3]`, 19);
    const keys = errors.map((e) => `${e.code}|${e.path}|${e.message}`);
    assert.equal(new Set(keys).size, keys.length, "no finding repeated");

    // While it is not IDS 1.0 (lower-case dataType, author), export refuses and writes nothing.
    await fails(
      c,
      "export_ids",
      {},
      /structure: the document is not valid IDS 1\.0 \(2 structural errors\)/,
    );

    // A model check refuses it too (structure and an unknown class block checking).
    const model = syntheticModel(2);
    await fails(c, "validate_ifc_model", { ifc_content: model }, /IfcLabel|IfcWall/);

    // Fix with the editing tools.
    await ok(c, "update_ids_info", { author: "j.smith@example.com" });
    await ok(c, "update_facet", {
      spec_id: "Walls",
      location: "applicability",
      facet_index: 0,
      entity_name: "IFCWALL",
    });
    await ok(c, "update_facet", {
      spec_id: "Walls",
      location: "requirements",
      facet_index: 0,
      data_type: "IFCLABEL",
    });
    // Only non-blocking findings remain: the model is checked, they travel in the report.
    const checked = await ok(c, "validate_ifc_model", { ifc_content: model });
    assert.notEqual(checked.overall_status, "invalid");
    const report = checked.report as { idsFindings?: Issue[] };
    assert.deepEqual(
      (report.idsFindings ?? []).filter((f) => f.severity === "error").map((f) => f.code).sort(),
      ["restriction_without_base", "value_without_data_type"],
    );
    const strict = await fails(c, "validate_ifc_model", { ifc_content: model, strict: true });
    assert.match(strict, /a property with a value needs a dataType/);

    await ok(c, "add_enumeration_restriction", {
      spec_id: "Walls",
      facet_index: 1,
      parameter_name: "value",
      base_type: "xs:string",
      values: ["A", "B"],
    });
    await ok(c, "update_facet", {
      spec_id: "Walls",
      location: "requirements",
      facet_index: 2,
      data_type: "IFCLABEL",
    });
    const valid = await ok(c, "validate_ids", {});
    assert.deepEqual(valid.errors, []);
    const out = await ok(c, "export_ids", {});
    assert.equal((out.validation as { valid: boolean }).valid, true);
    const xml = out.xml as string;
    assert.match(xml, /<ids:author>j\.smith@example\.com<\/ids:author>/);
    assert.match(xml, /<ids:simpleValue>IFCWALL<\/ids:simpleValue>/);
    assert.match(xml, /<xs:restriction base="xs:string">/);
    assert.doesNotMatch(xml, /IfcLabel|IfcWall/);
  } finally {
    await h.close();
  }
});

Deno.test("foreign IDS: unreadable XML or structure the document cannot hold is still refused", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await fails(h.client, "load_ids", {
      source: FOREIGN.replace("</ids:ids>", ""),
      source_type: "string",
    }, /xml_malformed/);
    await fails(h.client, "load_ids", {
      source: `<!DOCTYPE x [<!ENTITY a "b">]>${FOREIGN.replace(/^<\?xml[^>]*>/, "")}`,
      source_type: "string",
    }, /xml_forbidden/);
    await fails(h.client, "load_ids", {
      source: "<html><body>not an IDS</body></html>",
      source_type: "string",
    }, /structure: .*root element is 'html'/);
    // A property without a baseName has no place in the document model.
    await fails(h.client, "load_ids", {
      source: FOREIGN.replace(
        "<ids:baseName><ids:simpleValue>Note</ids:simpleValue></ids:baseName>",
        "",
      ),
      source_type: "string",
    }, /structure: not a valid IDS 1\.0 document.*baseName/s);
  } finally {
    await h.close();
  }
});
