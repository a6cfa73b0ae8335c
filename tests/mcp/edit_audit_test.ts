/**
 * Early feedback in the authoring tools, through a real SDK client over stdio: what the audit
 * calls an error for the specification's IFC versions is refused with its suggestion and the
 * document stays unchanged; warnings come back with a successful result; problems a loaded
 * document already had do not block unrelated edits. Also `validate_ifc_model`'s refusal of a
 * document without specifications and its upstream (ifc-ids-mcp) report fields.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { exported, fails, ok, stdioHarness, wallSpec } from "./_helpers.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));

const REFUSED: [string, string, Record<string, unknown>, RegExp][] = [
  [
    "unknown entity",
    "add_entity_facet",
    { spec_id: "S1", location: "requirements", entity_name: "IFCWALLL" },
    /invalid_argument: .*'IFCWALLL'.*IFC4.*did you mean '?IFCWALL'?\?; nothing was changed/,
  ],
  [
    "unknown attribute",
    "add_attribute_facet",
    { spec_id: "S1", location: "requirements", attribute_name: "Nmae" },
    /'Nmae'.*did you mean '?Name'?\?/,
  ],
  [
    "unknown property of a standard set",
    "add_property_facet",
    {
      spec_id: "S1",
      location: "requirements",
      property_set: "Pset_WallCommon",
      property_name: "FireRatin",
      data_type: "IFCLABEL",
    },
    /Pset_WallCommon.*'FireRatin'.*did you mean '?FireRating'?\?/,
  ],
  [
    "wrong data type for a standard property",
    "add_property_facet",
    {
      spec_id: "S1",
      location: "requirements",
      property_set: "Pset_WallCommon",
      property_name: "FireRating",
      data_type: "IFCREAL",
    },
    /FireRating.*IFCLABEL.*IFCREAL.*did you mean '?IFCLABEL'?\?/,
  ],
  [
    "update_facet to an unknown entity",
    "update_facet",
    { spec_id: "S1", location: "applicability", facet_index: 0, entity_name: "IFCWALLL" },
    /'IFCWALLL'.*did you mean '?IFCWALL'?\?/,
  ],
  [
    "update_facet to a wrong data type",
    "update_facet",
    { spec_id: "S1", location: "requirements", facet_index: 0, data_type: "IFCREAL" },
    /not IFCREAL; did you mean '?IFCLABEL'?\?/,
  ],
  [
    "update_specification to prohibited while it has requirements",
    "update_specification",
    { spec_id: "S1", ifc_versions: ["IFC2X3"], max_occurs: 0 },
    /prohibited.*must not have requirements.*nothing was changed/,
  ],
  [
    "restriction with an unknown entity",
    "add_enumeration_restriction",
    {
      spec_id: "S1",
      location: "applicability",
      facet_index: 0,
      parameter_name: "name",
      base_type: "xs:string",
      values: ["IFCWALL", "IFCSLABB"],
    },
    /IFCSLABB/,
  ],
  [
    "restriction on a standard property name",
    "add_enumeration_restriction",
    {
      spec_id: "S1",
      location: "requirements",
      facet_index: 0,
      parameter_name: "baseName",
      base_type: "xs:string",
      values: ["FireRatin"],
    },
    /did you mean '?FireRating'?\?/,
  ],
];

Deno.test("authoring tools refuse what the audit calls an error, with its suggestion", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await wallSpec(h.client, "Early feedback", { fireRating: true });
    const before = await exported(h.client);
    for (const [label, tool, args, expected] of REFUSED) {
      const text = await fails(h.client, tool, args);
      assert.match(text, expected, `${label}: ${text}`);
      assert.equal(await exported(h.client), before, `${label}: document unchanged`);
    }
    // The valid versions of the same edits go through, with no warnings.
    const good = await ok(h.client, "add_attribute_facet", {
      spec_id: "S1",
      location: "requirements",
      attribute_name: "Name",
    });
    assert.deepEqual(good.warnings, []);
  } finally {
    await h.close();
  }
});

Deno.test("audit warnings come back with a successful edit", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await wallSpec(h.client, "Early feedback", { fireRating: true });
    // Attribute names are case-sensitive: accepted, but the agent is told.
    const attr = await ok(h.client, "add_attribute_facet", {
      spec_id: "S1",
      location: "requirements",
      attribute_name: "name",
    });
    const warnings = attr.warnings as string[];
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /case-sensitive.*did you mean '?Name'?\?/);
    assert.match(warnings[0], /specification\[1\]\/requirements\/attribute\[1\]/);
    // An optional property that is not in the standard set: a warning, not an error.
    const optional = await ok(h.client, "add_property_facet", {
      spec_id: "S1",
      location: "requirements",
      property_set: "Pset_WallCommon",
      property_name: "FireRatin",
      data_type: "IFCLABEL",
      cardinality: "optional",
    });
    assert.match((optional.warnings as string[]).join("\n"), /did you mean '?FireRating'?\?/);
    const facets = await ok(h.client, "list_facets", { spec_id: "S1", location: "requirements" });
    assert.equal((facets.requirements as unknown[]).length, 3, "both edits were stored");
  } finally {
    await h.close();
  }
});

Deno.test("problems a loaded document already has do not block unrelated edits", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await ok(h.client, "load_ids", {
      source_type: "string",
      source: `<ids xmlns="http://standards.buildingsmart.org/IDS"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"><info><title>Loaded</title></info>
  <specifications><specification name="Old" ifcVersion="IFC4" identifier="OLD">
  <applicability maxOccurs="unbounded">
  <entity><name><simpleValue>IFCWALLL</simpleValue></name></entity></applicability>
  </specification></specifications></ids>`,
    });
    // The same specification: a new, valid facet is fine; a new error is still refused.
    const added = await ok(h.client, "add_property_facet", {
      spec_id: "OLD",
      location: "requirements",
      property_set: "Pset_WallCommon",
      property_name: "FireRating",
      data_type: "IFCLABEL",
    });
    assert.deepEqual(added.warnings, []);
    await fails(
      h.client,
      "add_property_facet",
      {
        spec_id: "OLD",
        location: "requirements",
        property_set: "Pset_WallCommon",
        property_name: "FireRating",
        data_type: "IFCREAL",
      },
      /not IFCREAL/,
    );
    // Another specification is not affected by OLD's problem at all.
    await ok(h.client, "add_specification", { name: "New", ifc_versions: ["IFC4"] });
    await ok(h.client, "add_entity_facet", {
      spec_id: "New",
      location: "applicability",
      entity_name: "IFCSLAB",
    });
    const validation = await ok(h.client, "validate_ids");
    assert.equal(validation.valid, false, "the loaded problem is still reported");
  } finally {
    await h.close();
  }
});

Deno.test("validate_ifc_model: no specification is an error; upstream report fields", async () => {
  const h = await stdioHarness(["--kv", ":memory:", "--root", MODELS]);
  try {
    await ok(h.client, "create_ids", { title: "Empty" });
    await fails(
      h.client,
      "validate_ifc_model",
      { ifc_file_path: `${MODELS}walls-fire-rating.ifc` },
      /has no specifications to check the model against; add one with add_specification/,
    );
    await wallSpec(h.client, "Early feedback", { fireRating: true });
    await ok(h.client, "add_specification", {
      name: "Doors",
      ifc_versions: ["IFC4"],
      identifier: "S2",
    });
    await ok(h.client, "add_entity_facet", {
      spec_id: "S2",
      location: "applicability",
      entity_name: "IFCDOOR",
    });
    await ok(h.client, "add_specification", {
      name: "Walls named",
      ifc_versions: ["IFC4"],
      identifier: "S3",
    });
    await ok(h.client, "add_entity_facet", {
      spec_id: "S3",
      location: "applicability",
      entity_name: "IFCWALL",
    });
    const r = await ok(h.client, "validate_ifc_model", {
      ifc_file_path: `${MODELS}walls-fire-rating.ifc`,
    });
    assert.equal(r.status, "validation_complete");
    assert.deepEqual(
      [r.total_specifications, r.passed_specifications, r.failed_specifications],
      [3, 2, 1],
    );
    const specs = (r.report as { specifications: Record<string, unknown>[] }).specifications;
    const pick = (s: Record<string, unknown>) => ({
      status: s.status,
      check_status: s.check_status,
      applicable_entities: s.applicable_entities,
      passed_entities: s.passed_entities,
      failed_entities: s.failed_entities,
    });
    // The model has 5 walls, 3 with a FireRating, and no doors.
    assert.deepEqual(specs.map(pick), [
      {
        status: "failed",
        check_status: "fail",
        applicable_entities: 5,
        passed_entities: 3,
        failed_entities: 2,
      },
      {
        status: "no_applicable_entities",
        check_status: "pass",
        applicable_entities: 0,
        passed_entities: 0,
        failed_entities: 0,
      },
      {
        status: "passed",
        check_status: "pass",
        applicable_entities: 5,
        passed_entities: 5,
        failed_entities: 0,
      },
    ]);
    // Ours stay next to them.
    assert.deepEqual([specs[0].applicable, specs[0].passed, specs[0].failed], [5, 3, 2]);
  } finally {
    await h.close();
  }
});
