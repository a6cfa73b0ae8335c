/**
 * A complete authoring workflow through real MCP clients, once over a stdio subprocess and once
 * over HTTP: every upstream tool with its upstream parameter names, all six facets, all four
 * restriction kinds, edits and removals, export (XSD-valid), load back to the same summary, and
 * the session resources.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  fails,
  httpClient,
  officialXsd,
  ok,
  startHttp,
  stdioHarness,
  tempDir,
  XSD_DIR,
} from "./_helpers.ts";
import { manySpecs } from "../fuzz/_inputs.ts";

const CONTRACT_TOOLS = [
  "create_ids",
  "load_ids",
  "export_ids",
  "get_ids_info",
  "add_specification",
  "add_entity_facet",
  "add_attribute_facet",
  "add_property_facet",
  "add_classification_facet",
  "add_material_facet",
  "add_partof_facet",
  "add_enumeration_restriction",
  "add_pattern_restriction",
  "add_bounds_restriction",
  "add_length_restriction",
  "validate_ids",
];
const EXTRA_TOOLS = [
  "update_specification",
  "remove_specification",
  "list_facets",
  "update_facet",
  "remove_facet",
  "remove_restriction",
  "update_ids_info",
];

async function workflow(client: Client, dir: string): Promise<void> {
  const tools = (await client.listTools()).tools;
  const byName = new Map(tools.map((t) => [t.name, t]));
  for (const name of [...CONTRACT_TOOLS, ...EXTRA_TOOLS]) {
    const tool = byName.get(name);
    assert.ok(tool, `tool ${name} is listed`);
    assert.ok(tool.outputSchema, `${name} has an outputSchema`);
    assert.equal(typeof tool.annotations?.readOnlyHint, "boolean", `${name} has annotations`);
  }
  assert.equal(byName.get("get_ids_info")!.annotations!.readOnlyHint, true);
  assert.equal(byName.get("remove_facet")!.annotations!.destructiveHint, true);

  const created = await ok(client, "create_ids", {
    title: "Fire safety",
    author: "bim@example.com",
    version: "1.0",
    date: "2024-05-31",
    description: "Checks for the fire engineer",
    copyright: "Example Ltd",
    milestone: "Design",
    purpose: "Fire safety",
  });
  assert.equal(created.status, "created");
  assert.equal(typeof created.session_id, "string");

  // Specification 1: walls
  const s1 = await ok(client, "add_specification", {
    name: "Wall fire rating",
    ifc_versions: ["IFC4"],
    identifier: "S1",
    description: "Walls need a fire rating",
    instructions: "Fill in Pset_WallCommon.FireRating",
    min_occurs: 1,
    max_occurs: "unbounded",
  });
  assert.deepEqual([s1.status, s1.spec_id, s1.ifc_versions], ["added", "S1", ["IFC4"]]);
  await ok(client, "add_entity_facet", {
    spec_id: "S1",
    location: "applicability",
    entity_name: "IFCWALL",
    predefined_type: "SOLIDWALL",
  });
  const prop = await ok(client, "add_property_facet", {
    spec_id: "S1",
    location: "requirements",
    property_name: "FireRating",
    property_set: "Pset_WallCommon",
    data_type: "IFCLABEL",
    cardinality: "required",
  });
  assert.equal(prop.facet_index, 0);
  const en = await ok(client, "add_enumeration_restriction", {
    spec_id: "S1",
    facet_index: 0,
    parameter_name: "value",
    base_type: "xs:string",
    values: ["REI30", "REI60", "REI90"],
  });
  assert.deepEqual(en.restriction, { base: "xs:string", enumeration: ["REI30", "REI60", "REI90"] });
  await ok(client, "add_attribute_facet", {
    spec_id: "S1",
    location: "requirements",
    attribute_name: "Name",
    value: "placeholder",
    cardinality: "required",
  });
  await ok(client, "add_pattern_restriction", {
    spec_id: "S1",
    facet_index: 1,
    parameter_name: "value",
    base_type: "xs:string",
    pattern: "W-[0-9]{3}",
    location: "requirements",
  });

  // Specification 2: doors, addressed by name
  const s2 = await ok(client, "add_specification", {
    name: "Doors",
    ifc_versions: ["IFC4X3_ADD2", "IFC2X3"],
  });
  assert.equal(s2.spec_id, "Doors");
  await ok(client, "add_entity_facet", {
    spec_id: "Doors",
    location: "applicability",
    entity_name: "IFCDOOR",
  });
  await ok(client, "add_partof_facet", {
    spec_id: "Doors",
    location: "applicability",
    relation: "IFCRELCONTAINEDINSPATIALSTRUCTURE",
    parent_entity: "IFCBUILDINGSTOREY",
  });
  await ok(client, "add_classification_facet", {
    spec_id: "Doors",
    location: "requirements",
    classification_value: "21.22",
    classification_system: "Uniclass 2015",
  });
  await ok(client, "add_material_facet", {
    spec_id: "Doors",
    location: "requirements",
    material_value: "wood",
    cardinality: "optional",
  });
  await ok(client, "add_property_facet", {
    spec_id: "Doors",
    location: "requirements",
    property_name: "Width",
    property_set: "Qto_DoorBaseQuantities",
    data_type: "IFCLENGTHMEASURE",
  });
  await ok(client, "add_bounds_restriction", {
    spec_id: "Doors",
    facet_index: 2,
    parameter_name: "value",
    base_type: "xs:double",
    min_inclusive: 0.8,
    max_inclusive: 2.5,
  });
  await ok(client, "add_length_restriction", {
    spec_id: "Doors",
    facet_index: 0,
    parameter_name: "value",
    base_type: "xs:string",
    location: "requirements",
    min_length: 2,
    max_length: 10,
  });
  await ok(client, "add_partof_facet", {
    spec_id: 2,
    location: "requirements",
    relation: "IFCRELAGGREGATES",
    parent_entity: "IFCELEMENTASSEMBLY",
    cardinality: "prohibited",
  });

  // A third one to remove, and edits
  await ok(client, "add_specification", { name: "Temporary", ifc_versions: ["IFC4"] });
  const removed = await ok(client, "remove_specification", { spec_id: "Temporary" });
  assert.equal(removed.specification_count, 2);
  await ok(client, "update_specification", {
    spec_id: "Doors",
    description: "Doors on storeys",
    identifier: "S2",
  });
  const mat = await ok(client, "update_facet", {
    spec_id: "S2",
    location: "requirements",
    facet_index: 1,
    material_value: "oak",
  });
  assert.equal((mat.facet as { description: string }).description, "optional: material oak");
  const listed = await ok(client, "list_facets", { spec_id: "S2" });
  assert.deepEqual(
    (listed.requirements as { type: string }[]).map((f) => f.type),
    ["classification", "material", "property", "partOf"],
  );
  assert.deepEqual((listed.applicability as { type: string }[]).map((f) => f.type), [
    "entity",
    "partOf",
  ]);
  const rf = await ok(client, "remove_facet", {
    spec_id: "S2",
    location: "requirements",
    facet_index: 3,
  });
  assert.equal(rf.remaining, 3);
  const rr = await ok(client, "remove_restriction", {
    spec_id: "S1",
    facet_index: 1,
    parameter_name: "value",
    replacement: "W-001",
  });
  assert.deepEqual(rr.previous, { base: "xs:string", pattern: ["W-[0-9]{3}"] });
  await ok(client, "add_pattern_restriction", {
    spec_id: "S1",
    facet_index: 1,
    parameter_name: "value",
    base_type: "xs:string",
    pattern: "W-[0-9]{3}",
  });

  const upd = await ok(client, "update_ids_info", { version: "1.1", milestone: null });
  assert.deepEqual([upd.version, upd.milestone, upd.title], ["1.1", null, "Fire safety"]);

  const v = await ok(client, "validate_ids");
  assert.deepEqual([v.valid, v.errors, v.specifications_count], [true, [], 2]);

  const info = await ok(client, "get_ids_info");
  assert.equal(info.title, "Fire safety");
  assert.equal(info.author, "bim@example.com");
  assert.equal(info.specification_count, 2);
  assert.deepEqual(
    (info.specifications as Record<string, unknown>[]).map((s) => [
      s.identifier,
      s.name,
      s.ifc_versions,
      s.applicability_facets,
      s.requirement_facets,
    ]),
    [
      ["S1", "Wall fire rating", ["IFC4"], 1, 2],
      ["S2", "Doors", ["IFC4X3_ADD2", "IFC2X3"], 2, 3],
    ],
  );

  // Export as text: valid against the official XSD (checked here independently too).
  const ex = await ok(client, "export_ids");
  assert.equal(ex.status, "exported");
  assert.deepEqual((ex.validation as { valid: boolean }).valid, true);
  const xml = ex.xml as string;
  assert.deepEqual((await officialXsd()).validate(xml), []);
  for (const needle of ["xs:enumeration", "xs:pattern", "xs:minInclusive", "xs:maxLength"]) {
    assert.ok(xml.includes(needle), `export contains ${needle}`);
  }

  // Export to a file inside the root, load it back: same summary.
  const path = join(dir, "out", "fire.ids");
  const exf = await ok(client, "export_ids", { output_path: path, validate: true });
  assert.equal(exf.file_path, path);
  assert.equal(await Deno.readTextFile(path), xml);
  await ok(client, "create_ids", { title: "Something else" });
  const loaded = await ok(client, "load_ids", { source: path, source_type: "file" });
  assert.deepEqual(
    [loaded.status, loaded.title, loaded.specification_count],
    ["loaded", "Fire safety", 2],
  );
  assert.deepEqual(await ok(client, "get_ids_info"), info);
  await ok(client, "load_ids", { source: xml, source_type: "string" });
  assert.deepEqual(await ok(client, "get_ids_info"), info);

  // Resources mirror the document.
  const res = await client.listResources();
  assert.deepEqual(res.resources.map((r) => r.uri).sort(), [
    "ids://session/document",
    "ids://session/info",
    "ids://session/spec-sheet.html",
    "ids://session/spec-sheet.md",
  ]);
  const docRes = await client.readResource({ uri: "ids://session/document" });
  assert.equal((docRes.contents[0] as { text: string }).text, xml);
  const infoRes = await client.readResource({ uri: "ids://session/info" });
  assert.deepEqual(JSON.parse((infoRes.contents[0] as { text: string }).text), info);

  // Paths outside the root are refused, before anything is read or written.
  await fails(client, "load_ids", { source: "/etc/hostname" }, /path_not_allowed.*outside/);
  await fails(
    client,
    "export_ids",
    { output_path: join(dir, "..", "escape.ids") },
    /path_not_allowed/,
  );
}

Deno.test("authoring workflow over stdio", async () => {
  await using dir = await tempDir();
  const h = await stdioHarness([
    "--kv",
    join(dir.path, "s.kv"),
    "--root",
    dir.path,
    "--xsd-dir",
    XSD_DIR,
  ]);
  try {
    await workflow(h.client, dir.path);
  } finally {
    await h.close();
  }
});

Deno.test("authoring workflow over HTTP", async () => {
  await using dir = await tempDir();
  const server = await startHttp({ roots: [dir.path] });
  const { client } = await httpClient(server.url);
  try {
    await workflow(client, dir.path);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("stdio: the stable session survives a restart of the server", async () => {
  await using dir = await tempDir();
  const args = ["--kv", join(dir.path, "s.kv"), "--session", "proj-a"];
  const a = await stdioHarness(args);
  await ok(a.client, "create_ids", { title: "Kept" });
  await ok(a.client, "add_specification", { name: "One", ifc_versions: ["IFC4"] });
  await a.close();
  const b = await stdioHarness(args);
  try {
    const info = await ok(b.client, "get_ids_info");
    assert.deepEqual([info.title, info.specification_count], ["Kept", 1]);
  } finally {
    await b.close();
  }
  const c = await stdioHarness(["--kv", join(dir.path, "s.kv"), "--session", "proj-b"]);
  try {
    await fails(c.client, "get_ids_info", {}, /no_document/);
  } finally {
    await c.close();
  }
});

Deno.test("load_ids lists the first 50 specifications of a big document; get_ids_info pages", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const loaded = await ok(h.client, "load_ids", {
      source: manySpecs(600),
      source_type: "string",
    });
    assert.equal(loaded.specification_count, 600);
    assert.equal((loaded.specifications as unknown[]).length, 50);
    assert.equal(loaded.specifications_truncated, true);
    const info = await ok(h.client, "get_ids_info");
    assert.equal((info.specifications as unknown[]).length, 100);
    assert.equal(info.next_offset, 100);
    const all = await ok(h.client, "get_ids_info", { limit: 1000 });
    assert.equal((all.specifications as unknown[]).length, 600);
    assert.equal(all.specifications_truncated, undefined);
    const small = await ok(h.client, "load_ids", { source: manySpecs(3), source_type: "string" });
    assert.equal((small.specifications as unknown[]).length, 3);
    assert.equal(small.specifications_truncated, undefined);
  } finally {
    await h.close();
  }
});
