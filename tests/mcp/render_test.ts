/**
 * `render_ids` and the spec-sheet resources over a real stdio server: the tool answers with a
 * resource_link (and small Markdown inline), the linked resource is rendered from the
 * session's current document on each read, and without a document the tool refuses with the
 * fix.
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { parseIds } from "../../src/ids/xml.ts";
import { renderSpecSheet } from "../../src/ids/render/render.ts";
import { exported, fails, ok, stdioHarness, wallSpec } from "./_helpers.ts";

function textOf(c: unknown): string {
  return (c as { text: string }).text;
}

Deno.test("render_ids: a resource link to the sheet rendered on read, Markdown inline when small", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await fails(h.client, "render_ids", {}, /no_document: .*create_ids/);
    await wallSpec(h.client, "Fire safety", { fireRating: true });

    const md = await ok(h.client, "render_ids", { format: "md" });
    assert.equal(md.uri, "ids://session/spec-sheet.md");
    assert.equal(md.specifications_count, 1);
    const doc = parseIds(await exported(h.client));
    assert.equal(md.markdown, renderSpecSheet(doc, "md"));
    assert.match(md.markdown as string, /\| Pset_WallCommon \| \*\*FireRating\*\* \| IFCLABEL \|/);

    const raw = await h.client.callTool({ name: "render_ids", arguments: {} }) as CallToolResult;
    const link = raw.content.find((c) => c.type === "resource_link");
    assert.ok(link && link.type === "resource_link", JSON.stringify(raw.content));
    assert.equal(link.uri, "ids://session/spec-sheet.html");
    assert.equal(link.mimeType, "text/html");

    const listed = (await h.client.listResources()).resources.map((r) => r.uri);
    assert.ok(listed.includes("ids://session/spec-sheet.html"), listed.join(", "));
    const html = await h.client.readResource({ uri: link.uri });
    assert.equal(textOf(html.contents[0]), renderSpecSheet(doc, "html"));
    assert.equal(html.contents[0].mimeType, "text/html");

    // Computed on read: an edit shows up in the next read of the same URI.
    await ok(h.client, "add_specification", { name: "Doors", ifc_versions: ["IFC4"] });
    const again = await h.client.readResource({ uri: "ids://session/spec-sheet.md" });
    assert.match(textOf(again.contents[0]), /^## 2\. Doors$/m);
  } finally {
    await h.close();
  }
});
