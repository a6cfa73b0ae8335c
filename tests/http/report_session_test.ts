/**
 * Check reports are scoped to the session that made them: over real HTTP (Streamable HTTP,
 * SDK clients, two sessions on one server and one Kv) session A's report is listed and read
 * by A, while B neither sees it in `resources/list` nor reads it by its URI.
 */
import assert from "node:assert/strict";
import { httpClient, ok, startHttp, syntheticModel } from "../mcp/_helpers.ts";
import { failingIds } from "../mcp/_report_ids.ts";

Deno.test("a report of session A is not readable from session B", async () => {
  const server = await startHttp();
  const a = await httpClient(server.url);
  const b = await httpClient(server.url);
  try {
    await ok(a.client, "load_ids", {
      source: failingIds(2, { version: "IFC4", classes: ["IFCWALL"] }),
      source_type: "string",
    });
    const r = await ok(a.client, "validate_ifc_model", { ifc_content: syntheticModel(3) });
    const uri = r.report_uri as string;
    assert.match(uri, /^ids:\/\/session\/reports\/[0-9a-f-]{36}\.json$/);

    const mine = await a.client.readResource({ uri });
    assert.equal(JSON.parse((mine.contents[0] as { text: string }).text).specifications.length, 2);
    assert.ok((await a.client.listResources()).resources.some((x) => x.uri === uri));

    assert.ok(!(await b.client.listResources()).resources.some((x) => x.uri === uri));
    await assert.rejects(b.client.readResource({ uri }), /not found in this session/);
    // A made-up id reads as not found too, and B still works.
    await assert.rejects(
      b.client.readResource({
        uri: "ids://session/reports/00000000-0000-0000-0000-000000000000.json",
      }),
      /not found/,
    );
    await ok(b.client, "create_ids", { title: "B" });
  } finally {
    await a.client.close();
    await b.client.close();
    await server.close();
  }
});
