/**
 * Real-world IDS files through the tools: `load_ids` of every example in
 * ../shared/ids/examples, then `export_ids` gives XML valid against the official XSD with the
 * same specification and facet counts, and loading the export gives the same summary.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseIds } from "../../src/ids/xml.ts";
import { EXAMPLES_DIR, fails, httpClient, officialXsd, ok, startHttp } from "./_helpers.ts";

type Spec = { name: string; applicability_facets: number; requirement_facets: number };

Deno.test("load_ids → export_ids of every example: XSD-valid, same counts", async () => {
  const files = [...Deno.readDirSync(EXAMPLES_DIR)]
    .filter((e) => e.isFile && e.name.endsWith(".ids"))
    .map((e) => e.name)
    .sort();
  assert.ok(files.length >= 5, "examples present");
  const server = await startHttp({ roots: [EXAMPLES_DIR] });
  const { client } = await httpClient(server.url);
  const xsd = await officialXsd();
  try {
    for (const name of files) {
      const source = await Deno.readTextFile(join(EXAMPLES_DIR, name));
      // Expected counts straight from the source text and the core parser.
      const specTags = source.match(/<([\w.-]+:)?specification[\s>]/g)?.length ?? 0;
      const original = parseIds(source);
      const loaded = await ok(client, "load_ids", { source: name, source_type: "file" });
      assert.equal(loaded.specification_count, specTags, `${name}: specification count`);
      const specs = loaded.specifications as Spec[];
      assert.deepEqual(
        specs.map((s) => [s.name, s.applicability_facets, s.requirement_facets]),
        original.specifications.map((s) => [
          s.name,
          s.applicability.facets.length,
          s.requirements?.facets.length ?? 0,
        ]),
        `${name}: facet counts`,
      );
      const ex = await ok(client, "export_ids", { validate: true });
      const xml = ex.xml as string;
      assert.deepEqual(xsd.validate(xml), [], `${name}: export is XSD-valid`);
      const v = ex.validation as { valid: boolean; errors: unknown[] };
      assert.equal(v.valid, true, `${name}: ${JSON.stringify(v.errors)}`);
      const before = await ok(client, "get_ids_info");
      await ok(client, "load_ids", { source: xml, source_type: "string" });
      assert.deepEqual(await ok(client, "get_ids_info"), before, `${name}: reload`);
    }
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("load_ids refuses files over HTTP when no root is configured", async () => {
  const server = await startHttp();
  const { client } = await httpClient(server.url);
  try {
    await fails(
      client,
      "load_ids",
      { source: join(EXAMPLES_DIR, "IDS_oma.ids") },
      /path_not_allowed: file access is disabled/,
    );
  } finally {
    await client.close();
    await server.close();
  }
});
