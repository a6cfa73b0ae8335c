/**
 * Strict, client-friendly tool inputs, through a real SDK client over stdio: unknown parameters
 * are refused with the closest known name, numbers and booleans sent as strings are accepted
 * when they parse, characters XML 1.0 forbids never reach the document, and the JSON Schema of
 * every tool suits strict function-calling clients.
 */
import assert from "node:assert/strict";
import { SaxesParser } from "saxes";
import { exported, fails, ok, stdioHarness, wallSpec } from "./_helpers.ts";

/** Throws when `xml` is not well-formed XML 1.0 (saxes checks every character). */
function assertWellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let error: Error | undefined;
  parser.on("error", (e) => error ??= e);
  parser.write(xml).close();
  assert.equal(error, undefined, `exported XML is well-formed: ${error?.message}`);
}

Deno.test("unknown parameters are refused with the closest known name", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await wallSpec(h.client, "Inputs");
    const before = await exported(h.client);
    await fails(h.client, "add_property_facet", {
      spec_id: "S1",
      location: "requirements",
      property_set: "Pset_WallCommon",
      property_name: "FireRating",
      dataType: "IFCLABEL",
    }, /invalid_argument: unknown parameter 'dataType'; did you mean 'data_type'\?/);
    await fails(h.client, "add_specification", {
      name: "X",
      ifc_versions: ["IFC4"],
      ifcVersion: ["IFC4"],
    }, /unknown parameter 'ifcVersion'; did you mean 'ifc_versions'\?/);
    await fails(
      h.client,
      "create_ids",
      { title: "T", colour: "red" },
      /unknown parameter 'colour'; create_ids takes: title, author/,
    );
    await fails(
      h.client,
      "get_ids_info",
      { verbose: true },
      /unknown parameter 'verbose'; get_ids_info takes: offset, limit/,
    );
    for (const key of ["constructor", "toString", "hasOwnProperty"]) {
      await fails(
        h.client,
        "create_ids",
        JSON.parse(`{"title": "T", "${key}": "x"}`),
        new RegExp(`invalid_argument: unknown parameter '${key}'`),
      );
    }
    assert.equal(await exported(h.client), before, "document unchanged");
  } finally {
    await h.close();
  }
});

Deno.test("numbers and booleans sent as strings are accepted when they parse", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await wallSpec(h.client, "Inputs", { fireRating: true });
    const spec = await ok(h.client, "add_specification", {
      name: "No curtain walls",
      ifc_versions: ["IFC4"],
      min_occurs: "0",
      max_occurs: "0",
    });
    const info = await ok(h.client, "get_ids_info");
    const added = (info.specifications as Record<string, unknown>[])
      .find((s) => s.spec_id === spec.spec_id)!;
    assert.equal(added.min_occurs, 0);
    assert.equal(added.max_occurs, 0);
    const r = await ok(h.client, "add_length_restriction", {
      spec_id: "S1",
      facet_index: "0",
      parameter_name: "value",
      base_type: "xs:string",
      min_length: " 2 ",
    });
    assert.equal(r.facet_index, 0);
    assert.deepEqual(r.restriction, { base: "xs:string", minLength: "2" });
    // An array sent as JSON text, and "max_occurs" as a number still works.
    await ok(h.client, "add_specification", {
      name: "Slabs",
      ifc_versions: '["IFC4", "IFC2X3"]',
      max_occurs: 3,
    });
    const exportedResult = await ok(h.client, "export_ids", { validate: "false" });
    assert.equal((exportedResult.validation as Record<string, unknown>).skipped, true);
    const validated = await ok(h.client, "export_ids", { validate: "TRUE" });
    assert.equal((validated.validation as Record<string, unknown>).skipped, undefined);

    const before = await exported(h.client);
    await fails(
      h.client,
      "add_specification",
      { name: "X", ifc_versions: ["IFC4"], max_occurs: "many" },
      /invalid_argument: parameter 'max_occurs': .*\(got "many"\)/,
    );
    await fails(
      h.client,
      "export_ids",
      { validate: "yes please" },
      /parameter 'validate': .*boolean.*\(got "yes please"\)/,
    );
    await fails(
      h.client,
      "remove_facet",
      { spec_id: "S1", location: "requirements", facet_index: "1.5" },
      /parameter 'facet_index': .*int/,
    );
    await fails(
      h.client,
      "add_entity_facet",
      { spec_id: "S1", location: "requirements" },
      /missing required parameter 'entity_name'/,
    );
    await fails(
      h.client,
      "add_entity_facet",
      { spec_id: "S1", location: "requirement", entity_name: "IFCSLAB" },
      /parameter 'location': .*\(got "requirement"\); did you mean 'requirements'\?/,
    );
    assert.equal(await exported(h.client), before, "document unchanged");
  } finally {
    await h.close();
  }
});

Deno.test("values in JSON types are written in their XSD form; one item is a one-item list", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await wallSpec(h.client, "Typed");
    const add = (name: string, dataType: string, value: unknown) =>
      ok(h.client, "add_property_facet", {
        spec_id: "S1",
        location: "requirements",
        property_set: name.startsWith("Is") ? "Pset_WallCommon" : "Custom_Set",
        property_name: name,
        data_type: dataType,
        value,
      });
    const flag = await add("IsExternal", "IFCBOOLEAN", true);
    assert.equal((flag.facet as { parameters: { value: unknown } }).parameters.value, "true");
    await add("Ratio", "IFCREAL", 0.25);
    await add("Count", "IFCINTEGER", 42);
    await add("Tiny", "IFCREAL", 1e-7);
    const updated = await ok(h.client, "update_facet", {
      spec_id: "S1",
      location: "requirements",
      facet_index: 1,
      value: 0.5,
    });
    assert.equal((updated.facet as { parameters: { value: unknown } }).parameters.value, "0.5");
    const listed = await ok(h.client, "add_specification", { name: "One", ifc_versions: "IFC4" });
    assert.deepEqual(listed.ifc_versions, ["IFC4"]);
    const e = await ok(h.client, "add_enumeration_restriction", {
      spec_id: "S1",
      facet_index: 2,
      parameter_name: "value",
      base_type: "xs:integer",
      values: 7,
    });
    assert.deepEqual(e.restriction, { base: "xs:integer", enumeration: ["7"] });
    const xml = await exported(h.client);
    for (const v of ["true", "0.5", "1e-7"]) {
      assert.match(xml, new RegExp(`<ids:simpleValue>${v}</ids:simpleValue>`), v);
    }
    assert.match(xml, /<xs:enumeration value="7"\/>/);
    // Every value fits its data type: no audit error.
    await ok(h.client, "add_entity_facet", {
      spec_id: "One",
      location: "applicability",
      entity_name: "IFCSLAB",
    });
    const v = await ok(h.client, "validate_ids", {});
    assert.deepEqual(v.errors, []);
    // What still cannot be read is refused, naming the parameter.
    await fails(
      h.client,
      "add_specification",
      { name: "X", ifc_versions: 4 },
      /parameter 'ifc_versions': .*\(got 4\)/,
    );
    // Names and labels stay text: a number there is more likely a mistake.
    await fails(h.client, "create_ids", { title: 42 }, /parameter 'title': .*\(got 42\)/);
    await fails(h.client, "create_ids", { title: { text: "T" } }, /parameter 'title'/);
  } finally {
    await h.close();
  }
});

Deno.test("characters XML 1.0 forbids are refused at every input string", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await fails(
      h.client,
      "create_ids",
      { title: "bad\u0001" },
      /parameter 'title' contains the character U\+0001 at position 4, which XML 1\.0 does not allow/,
    );
    await wallSpec(h.client, "Inputs");
    const before = await exported(h.client);
    await fails(
      h.client,
      "add_specification",
      { name: "nul\u0000here", ifc_versions: ["IFC4"] },
      /parameter 'name' contains the character U\+0000 at position 4/,
    );
    await fails(
      h.client,
      "add_enumeration_restriction",
      {
        spec_id: "S1",
        facet_index: 0,
        location: "applicability",
        parameter_name: "name",
        base_type: "xs:string",
        values: ["IFCWALL", "IFC\uD800SLAB"],
      },
      /parameter 'values\[1\]' contains a lone surrogate U\+D800 at position 4/,
    );
    await fails(
      h.client,
      "update_ids_info",
      { description: "form\u000Cfeed" },
      /parameter 'description' contains the character U\+000C/,
    );
    await fails(h.client, "update_ids_info", { purpose: "\uFFFF" }, /U\+FFFF at position 1/);
    assert.equal(await exported(h.client), before, "document unchanged");
    // What XML allows goes through: tabs, line breaks, astral characters (a surrogate pair).
    await ok(h.client, "update_ids_info", { description: "tab\there\r\nnew line \u{1F9F1} é" });
    assertWellFormed(await exported(h.client));
  } finally {
    await h.close();
  }
});

/** Where a JSON Schema node breaks what strict function-calling clients accept. */
function strictProblems(schema: unknown, path: string, out: string[]): void {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    out.push(`${path}: not a schema object`);
    return;
  }
  const s = schema as Record<string, unknown>;
  if (Object.keys(s).length === 0) out.push(`${path}: empty schema {}`);
  if (typeof s.type !== "string") out.push(`${path}: type is ${JSON.stringify(s.type)}`);
  for (const k of ["anyOf", "oneOf", "allOf", "not", "$ref"]) {
    if (k in s) out.push(`${path}: uses ${k}`);
  }
  if (s.type === "object") {
    if (s.additionalProperties !== false) out.push(`${path}: additionalProperties is not false`);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
      strictProblems(v, `${path}.${k}`, out);
    }
  }
  if (s.type === "array") strictProblems(s.items, `${path}[]`, out);
}

/** Where an output schema node is not in the portable spelling (MCP Inspector --strict). */
function portabilityProblems(schema: unknown, path: string, out: string[]): void {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return;
  const s = schema as Record<string, unknown>;
  const meaningful = Object.keys(s).filter((k) => !["description", "default", "title"].includes(k));
  if (meaningful.length === 0) out.push(`${path}: accepts anything ({})`);
  if (Array.isArray(s.type)) out.push(`${path}: type is an array ${JSON.stringify(s.type)}`);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
    portabilityProblems(v, `${path}.${k}`, out);
  }
  if (s.items) portabilityProblems(s.items, `${path}[]`, out);
  if (typeof s.additionalProperties === "object") {
    portabilityProblems(s.additionalProperties, `${path}{}`, out);
  }
  for (const [i, b] of ((s.anyOf ?? []) as unknown[]).entries()) {
    portabilityProblems(b, `${path}|${i}`, out);
  }
}

Deno.test("tools/list: input schemas suit strict clients, output schemas are portable", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const { tools } = await h.client.listTools();
    assert.ok(tools.length >= 24, `all tools listed (${tools.length})`);
    const problems: string[] = [];
    for (const t of tools) strictProblems(t.inputSchema, t.name, problems);
    assert.deepEqual(problems, []);
    // Output schemas: short and portable; the read-only tools name the fields of every result.
    const outputs: string[] = [];
    for (const t of tools) portabilityProblems(t.outputSchema, `${t.name} output`, outputs);
    assert.deepEqual(outputs, []);
    const info = tools.find((t) => t.name === "get_ids_info")!.outputSchema!;
    assert.equal(info.type, "object");
    for (const field of ["title", "author", "specification_count", "specifications"]) {
      assert.ok((info.required as string[]).includes(field), `get_ids_info names ${field}`);
    }
    assert.deepEqual(tools.find((t) => t.name === "add_property_facet")!.outputSchema, {
      type: "object",
    });
    // The schema still says what the tools need.
    const spec = tools.find((t) => t.name === "add_specification")!.inputSchema;
    assert.deepEqual(spec.required, ["name", "ifc_versions"]);
    const props = spec.properties as Record<string, Record<string, unknown>>;
    assert.equal(props.ifc_versions.type, "array");
    assert.equal(props.min_occurs.type, "integer");
    const facet = tools.find((t) => t.name === "update_facet")!.inputSchema;
    const cardinality = (facet.properties as Record<string, Record<string, unknown>>).cardinality;
    assert.deepEqual(cardinality.enum, ["required", "optional", "prohibited"]);
  } finally {
    await h.close();
  }
});
