/**
 * What `tools/list` costs an agent: every client sends it to the model on every turn, so its
 * size is held under a budget, measured the way a client receives it (the SDK client over a
 * real stdio server, compact JSON).
 *
 * @module
 */
import assert from "node:assert/strict";
import { stdioHarness } from "./_helpers.ts";

/** 30 KB: the budget of issue 14 (it was 59.7 KB, 48 % of it output schemas). */
const BUDGET_BYTES = 30 * 1024;

Deno.test("tools/list: under 30 KB of compact JSON, output schemas short", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const list = await h.client.listTools();
    const bytes = new TextEncoder().encode(JSON.stringify(list)).length;
    assert.ok(bytes < BUDGET_BYTES, `tools/list is ${bytes} bytes, budget ${BUDGET_BYTES}`);
    assert.ok(list.tools.length >= 27, `every tool is listed (${list.tools.length})`);
    for (const t of list.tools) {
      // Still useful: every tool says what it does, and every parameter has a type.
      assert.ok((t.description ?? "").length > 20, `${t.name} has a description`);
      const props = t.inputSchema.properties as Record<string, Record<string, unknown>>;
      for (const [name, p] of Object.entries(props ?? {})) {
        assert.equal(typeof p.type, "string", `${t.name}.${name} has a type`);
      }
      assert.equal(t.outputSchema?.type, "object", `${t.name} declares its structuredContent`);
      assert.ok(!("$schema" in t.inputSchema), `${t.name}: no $schema keyword`);
      assert.ok(!("execution" in t), `${t.name}: no default execution field`);
    }
    // The edit tools share one short output schema instead of repeating a 1 KB one.
    const edits = list.tools.filter((t) =>
      /_(facet|restriction)$/.test(t.name) && t.name !== "list_facets"
    );
    assert.ok(edits.length >= 13, `facet and restriction edit tools (${edits.length})`);
    for (const t of edits) assert.deepEqual(t.outputSchema, { type: "object" }, t.name);
    // Read-only tools name the fields every result carries.
    const check = list.tools.find((t) => t.name === "validate_ids")!;
    assert.ok((check.outputSchema!.required as string[]).includes("valid"));
  } finally {
    await h.close();
  }
});
