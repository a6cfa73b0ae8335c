/**
 * `export_ids` to a file over a real stdio server: only .ids/.xml, never replacing a file
 * unless `overwrite`, atomic, and — without `--root` — never into the working directory (under
 * the README's client configuration that is the server's own checkout). Reading a FIFO does not
 * hang, over-long paths are typed errors, and a root given through a symlink works.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { fails, MAIN, newClient, ok, tempDir } from "./_helpers.ts";

async function serveIn(cwd: string, env: Record<string, string>, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "--unstable-kv", "-A", MAIN, "serve", "--kv", ":memory:", ...args],
    cwd,
    stderr: "pipe",
    env: { ...Deno.env.toObject(), NO_COLOR: "1", ...env },
  });
  const client = newClient();
  await client.connect(transport);
  transport.stderr?.on("data", () => {});
  return { client, [Symbol.asyncDispose]: () => client.close() };
}

Deno.test("export_ids without --root: never the working directory; .ids only; no silent replace", async () => {
  await using checkout = await tempDir();
  await using data = await tempDir();
  const source = "// the server's own source\n";
  await Deno.writeTextFile(join(checkout.path, "main.ts"), source);
  await using s = await serveIn(checkout.path, { XDG_DATA_HOME: data.path });
  const c = s.client;
  await ok(c, "create_ids", { title: "T" });

  await fails(c, "export_ids", { output_path: "main.ts", validate: false }, /only \.ids or \.xml/);
  await fails(
    c,
    "export_ids",
    { output_path: join(checkout.path, "x.ids"), validate: false },
    /path_not_allowed: .*outside the directories this server may write.*--root.*without output_path/s,
  );
  assert.equal(await Deno.readTextFile(join(checkout.path, "main.ts")), source);

  const exports = join(data.path, "ids-mcp", "exports");
  const first = await ok(c, "export_ids", { output_path: "out.ids", validate: false });
  assert.equal(first.file_path, join(exports, "out.ids"));
  const written = await Deno.readTextFile(join(exports, "out.ids"));
  assert.match(written, /<ids:title>T<\/ids:title>/);
  await ok(c, "update_ids_info", { title: "Changed" });
  await fails(
    c,
    "export_ids",
    { output_path: "out.ids" },
    /^file_exists: 'out.ids' already exists; pass overwrite: true/,
  );
  assert.equal(await Deno.readTextFile(join(exports, "out.ids")), written, "left as it was");
  await ok(c, "export_ids", { output_path: "out.ids", overwrite: true });
  assert.match(await Deno.readTextFile(join(exports, "out.ids")), /Changed/);
  const leftovers = [...Deno.readDirSync(exports)].map((e) => e.name);
  assert.deepEqual(leftovers, ["out.ids"], "no temporary files left behind");

  // Reading still defaults to the working directory; a FIFO there does not hang the call
  // (validate_ifc_model needs a specification before it looks at the model).
  await ok(c, "add_specification", { name: "S", ifc_versions: ["IFC4"] });
  await ok(c, "add_entity_facet", {
    spec_id: "S",
    location: "applicability",
    entity_name: "IFCWALL",
  });
  const made = await new Deno.Command("mkfifo", { args: [join(checkout.path, "p.ids")] }).output();
  assert.equal(made.code, 0);
  await fails(c, "load_ids", { source: "p.ids" }, /^invalid_argument: 'p.ids' is a FIFO/);
  await fails(c, "validate_ifc_model", { ifc_file_path: "p.ids" }, /is a FIFO/);
  const long = "a/".repeat(2_500) + "x.ids";
  for (
    const [tool, args] of [
      ["load_ids", { source: long }],
      ["validate_ifc_model", { ifc_file_path: long }],
      ["export_ids", { output_path: long }],
    ] as const
  ) {
    const text = await fails(c, tool, args, /^invalid_argument: the path is 5005 characters/);
    assert.ok(!text.includes(checkout.path), `${tool} does not leak the server's path`);
  }
});

Deno.test("export_ids with --root given through a symlink writes inside it", async () => {
  await using base = await tempDir();
  const real = join(base.path, "real");
  await Deno.mkdir(real);
  const link = join(base.path, "linkroot");
  await Deno.symlink(real, link);
  await using s = await serveIn(base.path, {}, ["--root", link]);
  await ok(s.client, "create_ids", { title: "T" });
  const r = await ok(s.client, "export_ids", { output_path: join(link, "x.ids") });
  assert.equal(r.file_path, join(real, "x.ids"));
  // Read back through the link: the empty document is read (and found to lack specifications).
  await fails(s.client, "load_ids", { source: join(link, "x.ids") }, /^structure: .*specification/);
  await fails(
    s.client,
    "export_ids",
    { output_path: join(link, "..", "y.ids") },
    /path_not_allowed/,
  );
});

Deno.test("load_ids warns about the file as written (what is not kept, its own lines)", async () => {
  await using dir = await tempDir();
  await using s = await serveIn(dir.path, { XDG_DATA_HOME: dir.path });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info><ids:title>T</ids:title></ids:info>
  <ids:specifications>
    <ids:specification name="S" ifcVersion="IFC4">
      <ids:applicability>
        <ids:entity><ids:name>
          <xs:restriction base="xs:string">
            <xs:annotation><xs:appinfo>x</xs:appinfo></xs:annotation>
            <xs:enumeration value="IFCWALL"/>
          </xs:restriction>
        </ids:name></ids:entity>
      </ids:applicability>
    </ids:specification>
  </ids:specifications>
</ids:ids>`;
  const r = await ok(s.client, "load_ids", { source: xml, source_type: "string" });
  const warnings = r.warnings as { message: string; line?: number }[];
  const appinfo = warnings.find((w) => /xs:appinfo is not kept/.test(w.message));
  assert.ok(appinfo, JSON.stringify(warnings));
  assert.equal(appinfo.line, 9, "the line in the loaded text");
});
