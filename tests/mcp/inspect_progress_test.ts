/**
 * `inspect_ifc_model` sends MCP progress notifications when the client gives a progress token
 * (SDK client over a real stdio server): increasing, ending at the total; and none without a
 * token. (`validate_ifc_model`'s progress is tested in ifc_tool_test.ts.)
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ok, stdioHarness, syntheticModel } from "./_helpers.ts";

Deno.test("inspect_ifc_model: progress notifications with a progress token", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    const content = syntheticModel(30_000);
    const progress: { progress: number; total?: number }[] = [];
    const r = await h.client.callTool(
      { name: "inspect_ifc_model", arguments: { ifc_content: content } },
      undefined,
      { onprogress: (p) => progress.push(p), timeout: 120_000 },
    ) as CallToolResult;
    assert.ok(!r.isError, JSON.stringify(r.content));
    const s = r.structuredContent as { entities: { entity: string; count: number }[] };
    assert.deepEqual(s.entities.find((e) => e.entity === "IFCWALL")?.count, 30_000);
    assert.ok(progress.length >= 2, `expected progress notifications, got ${progress.length}`);
    const values = progress.map((p) => p.progress);
    assert.ok(values.every((p, i) => i === 0 || p >= values[i - 1]), `monotonic: ${values}`);
    const last = progress.at(-1)!;
    assert.equal(last.progress, last.total, "the last notification says it is done");

    // Without a token the same call sends none (the SDK would reject unknown tokens anyway).
    const quiet: unknown[] = [];
    h.client.setNotificationHandler(
      (await import("@modelcontextprotocol/sdk/types.js")).ProgressNotificationSchema,
      (n) => void quiet.push(n),
    );
    await ok(h.client, "inspect_ifc_model", { ifc_content: content });
    assert.equal(quiet.length, 0);
  } finally {
    await h.close();
  }
});
