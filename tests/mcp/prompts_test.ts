/**
 * The workflow prompts through the SDK client over a real stdio server: listed with their
 * arguments, each renders with the tools in the order an agent should call them (look-ups
 * first), every tool a prompt names exists, and bad arguments are refused with a message that
 * says what to give.
 *
 * @module
 */
import assert from "node:assert/strict";
import { stdioHarness } from "./_helpers.ts";

/** Asserts `names` occur in `text` in this order. */
function inOrder(text: string, names: string[]): void {
  let at = -1;
  for (const n of names) {
    const i = text.indexOf(n, at + 1);
    assert.ok(i > at, `'${n}' comes after the previous step in:\n${text}`);
    at = i;
  }
}

const TOOLISH =
  /\b(?:add|create|load|export|get|validate|list|describe|inspect|update|remove)_[a-z_]+\b/g;

Deno.test("prompts: listed, rendered with look-ups first, refused with clear errors", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    assert.ok(h.client.getServerCapabilities()?.prompts, "the prompts capability is declared");
    const { prompts } = await h.client.listPrompts();
    const byName = new Map(prompts.map((p) => [p.name, p]));
    assert.deepEqual([...byName.keys()].sort(), [
      "check_ifc_model",
      "draft_ids_from_model",
      "write_ids_from_requirements",
    ]);
    const required = (name: string) =>
      byName.get(name)!.arguments!.filter((a) => a.required).map((a) => a.name);
    assert.deepEqual(required("write_ids_from_requirements"), ["requirements"]);
    assert.deepEqual(required("draft_ids_from_model"), ["ifc_file_path"]);
    assert.deepEqual(required("check_ifc_model"), ["ifc_file_path"]);
    for (const p of prompts) {
      assert.ok(p.description && p.title, `${p.name} has a title and a description`);
      for (const a of p.arguments ?? []) assert.ok(a.description, `${p.name}.${a.name}`);
    }
    // The server instructions point to the same workflows.
    const instructions = h.client.getInstructions() ?? "";
    for (const name of byName.keys()) assert.ok(instructions.includes(name), name);
    const tools = new Set((await h.client.listTools()).tools.map((t) => t.name));
    const render = async (name: string, args: Record<string, string>) => {
      const r = await h.client.getPrompt({ name, arguments: args });
      assert.equal(r.messages.length, 1);
      assert.equal(r.messages[0].role, "user");
      const content = r.messages[0].content;
      assert.equal(content.type, "text");
      const text = (content as { text: string }).text;
      for (const t of text.match(TOOLISH) ?? []) assert.ok(tools.has(t), `${name} names ${t}`);
      return text;
    };

    const write = await render("write_ids_from_requirements", {
      requirements: "Every wall states its fire rating.",
      ifc_versions: "ifc2x3, IFC4X3",
      output_path: "walls.ids",
    });
    assert.match(write, /Every wall states its fire rating\./);
    assert.match(write, /IFC versions: IFC2X3, IFC4X3_ADD2/);
    assert.match(write, /ifc:\/\/schema\/\{version\}\/entity\/\{name\}/);
    inOrder(write, [
      "describe_ifc_entity",
      "list_property_sets",
      "create_ids",
      "add_specification",
      "add_entity_facet",
      "add_property_facet",
      "validate_ids",
      'export_ids {output_path: "walls.ids"}',
    ]);
    // Defaults: IFC4, the XML returned.
    const plain = await render("write_ids_from_requirements", { requirements: "Doors: width" });
    assert.match(plain, /IFC versions: IFC4\)/);
    assert.match(plain, /export_ids \(without output_path/);

    const draft = await render("draft_ids_from_model", {
      ifc_file_path: "models/office.ifc",
      focus: "fire safety of walls and doors",
    });
    assert.match(draft, /Focus on: fire safety of walls and doors\./);
    inOrder(draft, [
      'inspect_ifc_model {ifc_file_path: "models/office.ifc"}',
      "describe_ifc_entity",
      "create_ids",
      "add_entity_facet",
      "validate_ids",
      'validate_ifc_model {ifc_file_path: "models/office.ifc"}',
      "export_ids",
    ]);

    const check = await render("check_ifc_model", {
      ifc_file_path: "models/office.ifc",
      ids_path: "rules.ids",
    });
    inOrder(check, [
      'load_ids {source: "rules.ids", source_type: "file"}',
      'validate_ifc_model {ifc_file_path: "models/office.ifc"}',
      "resource link",
      "describe_ifc_entity",
    ]);
    assert.match(check, /no_applicable_entities/);
    const session = await render("check_ifc_model", { ifc_file_path: "m.ifc" });
    inOrder(session, ["get_ids_info", "validate_ifc_model"]);
    assert.doesNotMatch(session, /load_ids \{/);

    // Refusals: JSON-RPC invalid params with what to do.
    const refused = async (name: string, args: Record<string, string>, message: RegExp) => {
      await assert.rejects(h.client.getPrompt({ name, arguments: args }), (e: Error) => {
        assert.equal((e as Error & { code?: number }).code, -32602, e.message);
        assert.match(e.message, message);
        return true;
      });
    };
    await refused(
      "check_ifc_model",
      {},
      /prompt 'check_ifc_model' needs the argument 'ifc_file_path': The \.ifc file/,
    );
    await refused("write_ids_from_requirements", { requirements: "  " }, /needs the argument/);
    await refused(
      "draft_ids_from_model",
      { ifc_file_path: "m.ifc", fokus: "walls" },
      /has no argument 'fokus'; did you mean focus\?/,
    );
    await refused(
      "write_ids_from_requirements",
      { requirements: "x", ifc_versions: "IFC5" },
      /'IFC5' is not an IFC version of IDS 1\.0; use one of IFC2X3, IFC4, IFC4X3_ADD2/,
    );
    await refused("check_ifc_modle", { ifc_file_path: "m.ifc" }, /did you mean check_ifc_model\?/);
    // Completion of prompt arguments: IFC versions after what is typed; free text: nothing.
    const complete = async (name: string, argument: string, value: string) =>
      (await h.client.complete({
        ref: { type: "ref/prompt", name },
        argument: { name: argument, value },
      })).completion.values;
    assert.deepEqual(await complete("write_ids_from_requirements", "ifc_versions", "ifc4"), [
      "IFC4",
      "IFC4X3_ADD2",
    ]);
    assert.deepEqual(
      await complete("write_ids_from_requirements", "ifc_versions", "IFC4, I"),
      ["IFC4, IFC2X3", "IFC4, IFC4X3_ADD2"],
    );
    assert.deepEqual(await complete("draft_ids_from_model", "focus", "wa"), []);
    // Resource templates still complete through the SDK's handler.
    const entities = await h.client.complete({
      ref: { type: "ref/resource", uri: "ifc://schema/{version}/entity/{name}" },
      argument: { name: "version", value: "IFC2" },
    });
    assert.deepEqual(entities.completion.values, ["IFC2X3"]);
    // The server still answers after the refusals.
    assert.equal((await h.client.listPrompts()).prompts.length, 3);
  } finally {
    await h.close();
  }
});
