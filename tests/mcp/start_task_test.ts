/**
 * The shipped binary cannot be built here (`deno compile` needs its `denort` runtime from the
 * internet), so these tests run `main.ts` the way the binary runs it: exactly the compile
 * task's resolution and permission flags (`binaryEquivalentArgs()` from scripts/flags.ts, the
 * source `deno task compile` and the `start` task use). Everything the tools and commands need
 * must work with them: Kv file, XSD, files inside the root, loopback HTTP, every report format,
 * the generated IFC schema and standard property set tables.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { EXAMPLES_DIR, REPO, tempDir, XSD_DIR } from "./_helpers.ts";
import { binaryEquivalentArgs, RUN_FLAGS } from "../../scripts/flags.ts";
import { health, HttpClient, spawnHttpServer, StdioServer, text } from "../_spawn.ts";

const BIN = binaryEquivalentArgs(REPO);
const MODELS = join(REPO, "../shared/ifc/models");

Deno.test("binary flags are narrow: no blanket, run, ffi or sys permission; env and net listed", () => {
  for (const f of RUN_FLAGS) {
    assert.doesNotMatch(f, /^(-A|--allow-all|--allow-run|--allow-ffi|--allow-sys)/, f);
  }
  assert.ok(RUN_FLAGS.some((f) => /^--allow-env=\w/.test(f)), "env names are listed");
  assert.ok(RUN_FLAGS.includes("--allow-net=127.0.0.1,localhost"), "net is loopback only");
});

/**
 * Builds an IDS the audit can fault only with the generated tables: an entity IFC4 does not have
 * (IFC schema tables) and a property Pset_WallCommon does not have (standard pset tables).
 */
async function schemaTablesAudit(
  call: (name: string, args?: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  const text = (r: Record<string, unknown>) => JSON.stringify(r.content);
  // The authoring tools audit each edit against the schema and pset tables.
  assert.ok(!(await call("create_ids", { title: "Tables" })).isError);
  assert.ok(!(await call("add_specification", { name: "B", ifc_versions: ["IFC4"] })).isError);
  const entity = await call("add_entity_facet", {
    spec_id: "B",
    location: "applicability",
    entity_name: "IFCWALLL",
  });
  assert.ok(entity.isError && /did you mean 'IFCWALL'/.test(text(entity)), text(entity));
  assert.ok(
    !(await call("add_entity_facet", {
      spec_id: "B",
      location: "applicability",
      entity_name: "IFCWALL",
    })).isError,
  );
  const prop = await call("add_property_facet", {
    spec_id: "B",
    location: "requirements",
    property_set: "Pset_WallCommon",
    property_name: "FireRatingg",
    data_type: "IFCLABEL",
  });
  assert.ok(prop.isError && /FireRating\b/.test(text(prop)), text(prop));
  // A loaded document with the same mistakes is reported by validate_ids.
  const ids = `<ids xmlns="http://standards.buildingsmart.org/IDS" ` +
    `xmlns:xs="http://www.w3.org/2001/XMLSchema"><info><title>T</title></info><specifications>` +
    `<specification name="A" ifcVersion="IFC4"><applicability><entity><name>` +
    `<simpleValue>IFCWALLL</simpleValue></name></entity></applicability></specification>` +
    `<specification name="B" ifcVersion="IFC4"><applicability><entity><name>` +
    `<simpleValue>IFCWALL</simpleValue></name></entity></applicability><requirements>` +
    `<property dataType="IFCLABEL"><propertySet><simpleValue>Pset_WallCommon</simpleValue>` +
    `</propertySet><baseName><simpleValue>FireRatingg</simpleValue></baseName></property>` +
    `</requirements></specification></specifications></ids>`;
  assert.ok(!(await call("load_ids", { source: ids, source_type: "string" })).isError);
  const v = await call("validate_ids") as { structuredContent: Record<string, unknown> };
  const errors = v.structuredContent.errors as { message: string }[];
  assert.equal(v.structuredContent.valid, false);
  assert.equal(v.structuredContent.audit_checked, true);
  assert.ok(errors.some((e) => /IFCWALLL/.test(e.message)), JSON.stringify(errors));
  assert.ok(
    errors.some((e) =>
      /Pset_WallCommon has no property 'FireRatingg'.*FireRating\b/.test(e.message)
    ),
    JSON.stringify(errors),
  );
}

Deno.test("binary flags: stdio server with Kv file, XSD, load and export in root, schema tables", async () => {
  await using dir = await tempDir();
  const out = join(dir.path, "out.ids");
  const server = new StdioServer(Deno.execPath(), [
    ...BIN,
    "serve",
    "--kv",
    join(dir.path, "s.kv"),
    "--root",
    dir.path,
    "--root",
    EXAMPLES_DIR,
    "--xsd-dir",
    XSD_DIR,
  ], { cwd: REPO });
  const init = await server.initialize();
  assert.equal((init.result?.serverInfo as { name: string }).name, "ids-mcp");
  const loaded = await server.call("load_ids", {
    source: join(EXAMPLES_DIR, "IDS_wooden-windows.ids"),
  });
  assert.ok(!loaded.isError, JSON.stringify(loaded));
  const exported = await server.call("export_ids", { output_path: out });
  assert.ok(!exported.isError, JSON.stringify(exported));
  const validation = exported.structuredContent?.validation as Record<string, unknown>;
  assert.equal(validation.valid, true);
  assert.equal(validation.xsd_checked, true);
  assert.match(await Deno.readTextFile(out), /<ids:ids/);
  const refused = await server.call("load_ids", { source: "/etc/passwd" });
  assert.equal(refused.isError, true);
  assert.match(text(refused), /path_not_allowed/);
  await schemaTablesAudit((name, args) => server.call(name, args));
  // Closing stdin must end the server.
  const { code, stderr } = await server.close();
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /PermissionDenied|NotCapable|Requires .* access/);
});

Deno.test("binary flags: HTTP on loopback: initialize, tool calls, schema tables, /healthz", async () => {
  const server = await spawnHttpServer(Deno.execPath(), [
    ...BIN,
    "serve",
    "--http",
    "--port",
    "0",
    "--kv",
    ":memory:",
  ], { cwd: REPO });
  try {
    assert.equal((await health(server.url)).status, "ok");
    const client = new HttpClient(server.url);
    const init = await client.initialize();
    assert.equal((init.result?.serverInfo as { name: string }).name, "ids-mcp");
    await schemaTablesAudit((name, args) => client.call(name, args));
    assert.doesNotMatch(server.log(), /PermissionDenied|NotCapable|Requires .* access/);
  } finally {
    await server.stop();
  }
});

Deno.test("binary flags: check writes every report format (json, html, text, bcf)", async () => {
  await using dir = await tempDir();
  const spec = join(REPO, "../shared/ids/examples/wall_fire_rating.ids");
  const model = join(MODELS, "walls-fire-rating.ifc");
  const expect: Record<string, (bytes: Uint8Array) => void> = {
    json: (b) => assert.ok(Array.isArray(JSON.parse(new TextDecoder().decode(b)).specifications)),
    html: (b) => assert.match(new TextDecoder().decode(b), /^<!DOCTYPE html>/i),
    text: (b) => assert.match(new TextDecoder().decode(b), /pass|fail/i),
    bcf: (b) => assert.deepEqual([...b.slice(0, 4)], [0x50, 0x4b, 0x03, 0x04], "a zip file"),
  };
  for (const [format, check] of Object.entries(expect)) {
    const output = join(dir.path, `report.${format}`);
    const r = await new Deno.Command(Deno.execPath(), {
      args: [...BIN, "check", spec, model, "--format", format, "--output", output],
      cwd: dir.path,
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(r.stderr);
    assert.ok(r.code === 0 || r.code === 1, `${format}: exit ${r.code}: ${stderr}`);
    assert.doesNotMatch(stderr, /PermissionDenied|NotCapable|Requires .* access/);
    check(await Deno.readFile(output));
  }
});

Deno.test("stdio and the CLI need no network: they work with --allow-net removed", async () => {
  const noNet = BIN.filter((f) => !f.startsWith("--allow-net"));
  assert.equal(noNet.length, BIN.length - 1);
  const server = new StdioServer(Deno.execPath(), [...noNet, "serve", "--kv", ":memory:"], {
    cwd: REPO,
  });
  await server.initialize();
  const created = await server.call("create_ids", { title: "Offline" });
  assert.ok(!created.isError, JSON.stringify(created));
  const { code, stderr } = await server.close();
  assert.equal(code, 0, stderr);
  const v = await new Deno.Command(Deno.execPath(), {
    args: [...noNet, "validate", join(EXAMPLES_DIR, "IDS_wooden-windows.ids")],
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(v.code, 0, new TextDecoder().decode(v.stderr));
});
