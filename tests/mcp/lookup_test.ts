/**
 * The read-only look-up tools and resources through a real SDK client over stdio:
 * `describe_ifc_entity`, `list_property_sets`, the `ifc://schema/…` resource templates, and
 * `inspect_ifc_model`, whose class counts must equal a plain text count of each class in every
 * shared model.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { fails, ok, stdioHarness } from "./_helpers.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));

type Json = Record<string, unknown>;
type JsonList = Json[];

function textOf(content: { text: string } | { blob: string }): string {
  assert.ok("text" in content, "a text resource");
  return content.text;
}

Deno.test("describe_ifc_entity: supertypes, attributes, predefined types, standard sets", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const { tools } = await h.client.listTools();
    for (const name of ["describe_ifc_entity", "list_property_sets", "inspect_ifc_model"]) {
      const t = tools.find((x) => x.name === name);
      assert.ok(t?.outputSchema, `${name} is listed with an output schema`);
      assert.equal(t.annotations?.readOnlyHint, true);
    }

    const wall = await ok(h.client, "describe_ifc_entity", {
      entity_name: "ifcwall",
      ifc_version: "IFC4",
    });
    assert.equal(wall.entity, "IfcWall");
    assert.equal(wall.ifc_name, "IFCWALL");
    assert.deepEqual((wall.supertypes as string[]).slice(0, 2), [
      "IfcBuildingElement",
      "IfcElement",
    ]);
    assert.equal((wall.supertypes as string[]).at(-1), "IfcRoot");
    const attrs = wall.attributes as JsonList;
    assert.deepEqual(attrs.find((a) => a.name === "Name"), {
      name: "Name",
      type: "IfcLabel",
      kind: "defined",
      optional: true,
      defined_in: "IfcRoot",
    });
    assert.equal(attrs.find((a) => a.name === "GlobalId")!.optional, false);
    assert.ok((wall.predefined_types as string[]).includes("SOLIDWALL"));
    const psets = wall.property_sets as JsonList;
    const common = psets.find((s) => s.name === "Pset_WallCommon")!;
    const fire = (common.properties as JsonList).find((p) => p.name === "FireRating");
    assert.deepEqual(fire, { name: "FireRating", kind: "single", data_type: "IFCLABEL" });
    const status = (common.properties as JsonList).find((p) => p.name === "Status")!;
    assert.equal(status.kind, "enumerated");
    assert.ok((status.allowed_values as string[]).includes("EXISTING"));
    // Inherited: a set for every IfcElement applies to walls too.
    const condition = psets.find((s) => s.name === "Pset_Condition")!;
    assert.ok((condition.applicable_entities as string[]).every((e) => e !== "IfcWall"));
    const qtos = wall.quantity_sets as JsonList;
    assert.ok(qtos.some((s) => s.name === "Qto_WallBaseQuantities"));
    assert.ok(psets.every((s) => s.kind === "pset") && qtos.every((s) => s.kind === "qto"));

    // Versions differ: IFC2X3 walls have no PredefinedType attribute, their type class has.
    const old = await ok(h.client, "describe_ifc_entity", {
      entity_name: "IFCWALL",
      ifc_version: "IFC2X3",
    });
    assert.ok(!(old.attributes as JsonList).some((a) => a.name === "PredefinedType"));
    assert.ok((old.predefined_types as string[]).includes("STANDARD"));

    await fails(
      h.client,
      "describe_ifc_entity",
      { entity_name: "IFCWALLL", ifc_version: "IFC4" },
      /not_found: unknown IFC entity 'IFCWALLL' in IFC4; did you mean 'IFCWALL'\?/,
    );
    await fails(
      h.client,
      "describe_ifc_entity",
      { entity_name: "IFCALIGNMENT", ifc_version: "IFC2X3" },
      /unknown IFC entity 'IFCALIGNMENT' in IFC2X3; it exists in IFC4X3/,
    );
    await fails(
      h.client,
      "describe_ifc_entity",
      { entity_name: "IFCWALL", ifc_version: "IFC5" },
      /ifc_version 'IFC5' is not one of IFC2X3, IFC4, IFC4X3_ADD2/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("list_property_sets: all, by entity, by name pattern", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const all = await ok(h.client, "list_property_sets", { ifc_version: "IFC4X3_ADD2" });
    assert.equal(all.schema, "IFC4X3");
    assert.equal(all.count, (all.property_sets as JsonList).length);
    assert.ok((all.count as number) > 300, `IFC4X3 has hundreds of standard sets (${all.count})`);

    const door = await ok(h.client, "list_property_sets", {
      ifc_version: "IFC4",
      entity_name: "IFCDOOR",
      name_pattern: "common",
    });
    assert.deepEqual((door.property_sets as JsonList).map((s) => s.name), ["Pset_DoorCommon"]);
    const props = (door.property_sets as JsonList)[0].properties as string[];
    assert.ok(props.includes("FireRating") && props.includes("IsExternal"));

    const qtos = await ok(h.client, "list_property_sets", {
      ifc_version: "IFC4",
      name_pattern: "^Qto_Wall",
    });
    assert.ok((qtos.property_sets as JsonList).every((s) => s.kind === "qto"));
    assert.ok((qtos.count as number) >= 1);

    await fails(
      h.client,
      "list_property_sets",
      { ifc_version: "IFC4", name_pattern: "(" },
      /name_pattern is not a valid regular expression/,
    );
    await fails(
      h.client,
      "list_property_sets",
      { ifc_version: "IFC4", entity_name: "IFCDOR" },
      /did you mean 'IFCDOOR'\?/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("ifc://schema resource templates: entity and property set", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate).sort(), [
      "ids://session/reports/{report}",
      "ifc://schema/{version}/entity/{name}",
      "ifc://schema/{version}/pset/{name}",
    ]);
    const entity = await h.client.readResource({ uri: "ifc://schema/IFC4/entity/IFCWALL" });
    const wall = JSON.parse(textOf(entity.contents[0]));
    assert.equal(wall.entity, "IfcWall");
    assert.ok(wall.property_sets.some((s: Json) => s.name === "Pset_WallCommon"));

    const pset = await h.client.readResource({ uri: "ifc://schema/IFC4/pset/Pset_WallCommon" });
    const set = JSON.parse(textOf(pset.contents[0]));
    assert.equal(set.name, "Pset_WallCommon");
    assert.deepEqual(set.applicable_entities, ["IfcWall"]);
    assert.equal(
      set.properties.find((p: Json) => p.name === "ThermalTransmittance").data_type,
      "IFCTHERMALTRANSMITTANCEMEASURE",
    );
    await assert.rejects(
      h.client.readResource({ uri: "ifc://schema/IFC4/pset/Pset_WallComon" }),
      /did you mean 'Pset_WallCommon'\?/,
    );
    const completion = await h.client.complete({
      ref: { type: "ref/resource", uri: "ifc://schema/{version}/entity/{name}" },
      argument: { name: "name", value: "IFCWALLS" },
      context: { arguments: { version: "IFC4" } },
    });
    assert.deepEqual(completion.completion.values, ["IFCWALLSTANDARDCASE"]);
  } finally {
    await h.close();
  }
});

/** Instances per class, counted in the STEP text (`#12 = IFCWALL(`), independently of us. */
function textCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^\s*#\d+\s*=\s*([A-Za-z0-9_]+)\s*\(/gm)) {
    const t = m[1].toUpperCase();
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

Deno.test("inspect_ifc_model: class counts equal a text count in every shared model", async () => {
  const h = await stdioHarness(["--kv", ":memory:", "--root", MODELS]);
  try {
    const files = [...Deno.readDirSync(MODELS)].filter((f) => f.name.endsWith(".ifc"))
      .map((f) => f.name).sort();
    assert.ok(files.length >= 5);
    for (const file of files) {
      const text = await Deno.readTextFile(join(MODELS, file));
      const expected = textCounts(text);
      const r = await ok(h.client, "inspect_ifc_model", { ifc_file_path: join(MODELS, file) });
      const got = new Map<string, number>();
      for (const e of [...r.entities as JsonList, ...r.other_classes as JsonList]) {
        got.set(e.entity as string, e.count as number);
      }
      assert.deepEqual(
        [...got].sort(),
        [...expected].sort(),
        `${file}: every class with its instance count`,
      );
      const total = [...expected.values()].reduce((a, b) => a + b, 0);
      assert.equal(r.instances, total, `${file}: instance total`);
      // Objects and types in `entities`, the rest in `other_classes`.
      const entities = (r.entities as JsonList).map((e) => e.entity);
      if (expected.has("IFCPROJECT")) assert.ok(entities.includes("IFCPROJECT"));
      assert.ok(!entities.includes("IFCCARTESIANPOINT"));
      // Every property set named in the model text that is attached to something is listed.
      for (const s of r.property_sets as JsonList) {
        // (Non-ASCII names are \X2\-encoded in STEP text.)
        if (!/^[\x20-\x7e]*$/.test(s.name as string)) continue;
        assert.ok(text.includes(`'${s.name}'`), `${file}: ${s.name} is in the model`);
      }
      // Storeys in the spatial structure: each one of the file.
      const storeys = (r.spatial_structure as JsonList).filter((s) =>
        s.entity === "IFCBUILDINGSTOREY"
      );
      assert.equal(storeys.length, expected.get("IFCBUILDINGSTOREY") ?? 0, `${file}: storeys`);
      const contained = (r.spatial_structure as JsonList)
        .reduce((n, s) => n + (s.elements as number), 0);
      assert.ok(contained > 0, `${file}: elements contained in the spatial structure`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("inspect_ifc_model: properties, predefined types, classifications, materials", async () => {
  const h = await stdioHarness(["--kv", ":memory:", "--root", MODELS]);
  try {
    const walls = await ok(h.client, "inspect_ifc_model", {
      ifc_content: await Deno.readTextFile(join(MODELS, "walls-fire-rating.ifc")),
    });
    assert.equal(walls.schema, "IFC4");
    const common = (walls.property_sets as JsonList).find((s) => s.name === "Pset_WallCommon")!;
    assert.equal(common.kind, "pset");
    assert.deepEqual(common.entities, ["IFCWALL"]);
    const fire = (common.properties as JsonList).find((p) => p.name === "FireRating")!;
    assert.equal(fire.data_type, "IFCLABEL");
    assert.equal(fire.count, 3);
    assert.deepEqual((fire.examples as string[]).sort(), ["1HR", "2HR", "3HR"]);

    const haus = await ok(h.client, "inspect_ifc_model", {
      ifc_file_path: join(MODELS, "AC20-FZK-Haus.ifc"),
    });
    const slab = (haus.entities as JsonList).find((e) => e.entity === "IFCSLAB")!;
    assert.deepEqual(slab.predefined_types, [
      { value: "FLOOR", count: 2 },
      { value: "ROOF", count: 2 },
    ]);
    assert.ok((haus.materials as JsonList).some((m) => m.name === "Holz"));

    const example = await ok(h.client, "inspect_ifc_model", {
      ifc_file_path: join(MODELS, "example.ifc"),
    });
    const uniformat = (example.classifications as JsonList).find((c) => c.system === "Uniformat")!;
    assert.equal(uniformat.edition, "1998");
    assert.ok((uniformat.references as number) > 0 && (uniformat.elements as number) > 0);

    await fails(h.client, "inspect_ifc_model", {}, /give exactly one of ifc_file_path/);
    await fails(
      h.client,
      "inspect_ifc_model",
      { ifc_content: "not a model" },
      /the IFC model cannot be read: not a STEP file/,
    );
    await fails(
      h.client,
      "inspect_ifc_model",
      { ifc_file_path: "/etc/passwd" },
      /outside the allowed roots|outside the directories this server may read|not inside/,
    );
  } finally {
    await h.close();
  }
});
