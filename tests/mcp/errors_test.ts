/**
 * Every error an agent can act on comes back as a tool result with isError and a message
 * naming the problem, and leaves the session's document exactly as it was.
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { exported, fails, httpClient, ok, startHttp, stdioHarness, wallSpec } from "./_helpers.ts";

async function seed(client: Client): Promise<void> {
  await wallSpec(client, "Errors", { fireRating: true });
  await ok(client, "add_specification", {
    name: "Slabs",
    ifc_versions: ["IFC4"],
    identifier: "S2",
  });
}

const CASES: [string, string, Record<string, unknown>, RegExp][] = [
  [
    "unknown spec id",
    "add_entity_facet",
    { spec_id: "S3", location: "applicability", entity_name: "IFCDOOR" },
    /spec 'S3' not found; existing: S1, S2/,
  ],
  [
    "facet index out of range",
    "add_enumeration_restriction",
    {
      spec_id: "S1",
      facet_index: 4,
      parameter_name: "value",
      base_type: "xs:string",
      values: ["A"],
    },
    /facet_index 4 out of range: requirements of 'S1' has 1 facet/,
  ],
  [
    "second entity facet",
    "add_entity_facet",
    { spec_id: "S1", location: "applicability", entity_name: "IFCSLAB" },
    /already has an entity facet.*IDS 1\.0 allows one.*restriction \(xs:enumeration\)/,
  ],
  [
    "property facet without property set",
    "add_property_facet",
    { spec_id: "S1", location: "requirements", property_name: "LoadBearing" },
    /property facet needs property_set \(IDS 1\.0 requires it\); use a pattern like 'Pset_\.\*'/,
  ],
  [
    "bad IFC version",
    "add_specification",
    { name: "X", ifc_versions: ["IFC5"] },
    /'IFC5' is not an IFC version of IDS 1\.0; use one of IFC2X3, IFC4, IFC4X3_ADD2/,
  ],
  [
    "bad IFC version in update",
    "update_specification",
    { spec_id: "S1", ifc_versions: ["IFC4", "IFC9"] },
    /'IFC9'/,
  ],
  [
    "empty enumeration",
    "add_enumeration_restriction",
    { spec_id: "S1", facet_index: 0, parameter_name: "value", base_type: "xs:string", values: [] },
    /values must list at least one/,
  ],
  [
    "invalid pattern",
    "add_pattern_restriction",
    {
      spec_id: "S1",
      facet_index: 0,
      parameter_name: "value",
      base_type: "xs:string",
      pattern: "[A-",
    },
    /pattern '\[A-' is not a valid regular expression/,
  ],
  [
    "bounds that exclude everything",
    "add_bounds_restriction",
    {
      spec_id: "S1",
      facet_index: 0,
      parameter_name: "value",
      base_type: "xs:double",
      min_inclusive: 5,
      max_inclusive: 1,
    },
    /exclude every value/,
  ],
  [
    "bounds without any bound",
    "add_bounds_restriction",
    { spec_id: "S1", facet_index: 0, parameter_name: "value", base_type: "xs:double" },
    /at least one of min_inclusive/,
  ],
  [
    "non-numeric bound",
    "add_bounds_restriction",
    {
      spec_id: "S1",
      facet_index: 0,
      parameter_name: "value",
      base_type: "xs:integer",
      min_inclusive: "ten",
    },
    /'ten' is not a valid xs:integer/,
  ],
  [
    "length and min_length together",
    "add_length_restriction",
    {
      spec_id: "S1",
      facet_index: 0,
      parameter_name: "value",
      base_type: "xs:string",
      length: 3,
      min_length: 1,
    },
    /length alone/,
  ],
  [
    "unknown base type",
    "add_pattern_restriction",
    { spec_id: "S1", facet_index: 0, parameter_name: "value", base_type: "xs:text", pattern: "a" },
    /base_type 'xs:text' is not an XSD built-in type/,
  ],
  [
    "parameter the facet does not have",
    "add_pattern_restriction",
    {
      spec_id: "S1",
      facet_index: 0,
      parameter_name: "system",
      base_type: "xs:string",
      pattern: "a",
    },
    /not a parameter of a property facet; use one of propertySet, baseName, value/,
  ],
  [
    "negative length (schema)",
    "add_length_restriction",
    { spec_id: "S1", facet_index: 0, parameter_name: "value", base_type: "xs:string", length: -1 },
    /length/,
  ],
  [
    "wrong argument type (schema)",
    "remove_facet",
    { spec_id: "S1", location: "requirements", facet_index: "first" },
    /facet_index/,
  ],
  [
    "invalid location",
    "add_material_facet",
    { spec_id: "S1", location: "elsewhere", material_value: "x" },
    /location/,
  ],
  [
    "optional partOf",
    "add_partof_facet",
    {
      spec_id: "S1",
      location: "requirements",
      relation: "IFCRELAGGREGATES",
      parent_entity: "IFCBUILDING",
      cardinality: "optional",
    },
    /partOf facets allow cardinality 'required' or 'prohibited' only/,
  ],
  [
    "unknown partOf relation",
    "add_partof_facet",
    {
      spec_id: "S1",
      location: "requirements",
      relation: "IFCRELCONNECTS",
      parent_entity: "IFCBUILDING",
    },
    /relation 'IFCRELCONNECTS' is not an IDS 1\.0 partOf relation/,
  ],
  [
    "cardinality in applicability",
    "add_attribute_facet",
    { spec_id: "S2", location: "applicability", attribute_name: "Name", cardinality: "prohibited" },
    /applies to requirements only/,
  ],
  [
    "update_facet with a parameter of another facet type",
    "update_facet",
    { spec_id: "S1", location: "requirements", facet_index: 0, entity_name: "IFCDOOR" },
    /property facet; it has no 'entity_name'/,
  ],
  [
    "remove a restriction that is not there",
    "remove_restriction",
    { spec_id: "S1", facet_index: 0, parameter_name: "propertySet" },
    /simple value \('Pset_WallCommon'\), not a restriction/,
  ],
  [
    "duplicate identifier",
    "update_specification",
    { spec_id: "S2", identifier: "S1" },
    /identifier 'S1' is already used/,
  ],
  ["remove unknown spec", "remove_specification", { spec_id: "7" }, /spec '7' not found/],
  [
    "invalid XML",
    "load_ids",
    {
      source:
        "<ids:ids xmlns:ids='http://standards.buildingsmart.org/IDS'>\n<ids:info>\n</ids:ids>",
      source_type: "string",
    },
    /xml_malformed.*line/s,
  ],
  [
    "XML that is not IDS",
    "load_ids",
    { source: "<html><body/></html>", source_type: "string" },
    /structure/,
  ],
  [
    "DTD entity tricks",
    "load_ids",
    {
      source: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      source_type: "string",
    },
    /xml_forbidden/,
  ],
  ["bad date", "update_ids_info", { date: "31/05/2024" }, /YYYY-MM-DD/],
  ["author not an e-mail", "create_ids", { title: "X", author: "Jane Doe" }, /e-mail/],
  ["missing file", "load_ids", { source: "no/such/file.ids" }, /path_not_allowed|io/],
];

async function checkAll(client: Client): Promise<void> {
  await seed(client);
  const before = await exported(client);
  for (const [what, tool, args, expected] of CASES) {
    await fails(client, tool, args, expected).catch((e) => {
      throw new Error(`${what}: ${(e as Error).message}`);
    });
    assert.equal(await exported(client), before, `${what}: the document is unchanged`);
  }
}

Deno.test("error cases over HTTP: isError, actionable message, document unchanged", async () => {
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    await checkAll(client);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("error cases over stdio", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await checkAll(h.client);
  } finally {
    await h.close();
  }
});

Deno.test("tools on a session without a document say what to call first", async () => {
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    for (const tool of ["get_ids_info", "export_ids", "validate_ids"]) {
      await fails(client, tool, {}, /no_document: .*create_ids/);
    }
    await fails(
      client,
      "add_specification",
      { name: "A", ifc_versions: ["IFC4"] },
      /create_ids/,
    );
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("validate_ids returns every error with its path, including the semantic audit", async () => {
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    // The edit tools refuse IFCWALLL (edit_audit_test.ts); a loaded file may still have it.
    await ok(client, "load_ids", {
      source_type: "string",
      source: `<ids xmlns="http://standards.buildingsmart.org/IDS"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"><info><title>Audit</title></info>
  <specifications><specification name="A" ifcVersion="IFC4"><applicability maxOccurs="unbounded">
  <entity><name><simpleValue>IFCWALLL</simpleValue></name></entity></applicability>
  </specification></specifications></ids>`,
    });
    await ok(client, "add_specification", { name: "B", ifc_versions: ["IFC4"] });
    await ok(client, "add_entity_facet", {
      spec_id: "B",
      location: "applicability",
      entity_name: "IFCWALL",
    });
    await ok(client, "add_classification_facet", {
      spec_id: "B",
      location: "requirements",
      classification_value: "21",
    });
    const structural = await ok(client, "validate_ids");
    const errors = structural.errors as { path?: string; message: string }[];
    assert.equal(structural.valid, false);
    assert.ok(errors.length >= 1);
    assert.ok(errors.every((e) => typeof e.path === "string" && e.path.startsWith("/ids")));
    assert.ok(errors.some((e) => e.path!.includes("specification[2]")), JSON.stringify(errors));

    await ok(client, "update_facet", {
      spec_id: "B",
      location: "requirements",
      facet_index: 0,
      classification_system: "Uniclass",
    });
    const semantic = await ok(client, "validate_ids");
    const sem = semantic.errors as { path?: string; message: string }[];
    assert.equal(semantic.valid, false);
    assert.equal(semantic.audit_checked, true);
    assert.equal(sem.length, 1, JSON.stringify(sem));
    assert.match(sem[0].path!, /specification\[1\]\/applicability/);
    assert.match(sem[0].message, /IFCWALLL/);
    const skipped = await ok(client, "validate_ids", { audit: false });
    assert.equal(skipped.valid, true);
  } finally {
    await client.close();
    await server.close();
  }
});
