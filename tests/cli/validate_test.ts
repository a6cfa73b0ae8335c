/**
 * `ids-mcp validate` end to end: exit codes 0/1/2, the JSON shape, text output, standard
 * input, and the official-schema check through --xsd-dir and IDS_XSD_DIR.
 */
import assert from "node:assert/strict";
import { runCli, shared } from "../ids/_cli.ts";

interface JsonIssue {
  kind: string;
  message: string;
  line?: number;
  path?: string;
}
interface JsonReport {
  valid: boolean;
  errors: JsonIssue[];
  warnings: JsonIssue[];
}

function checkShape(r: JsonReport): void {
  assert.deepStrictEqual(Object.keys(r).sort(), ["errors", "valid", "warnings"]);
  assert.strictEqual(typeof r.valid, "boolean");
  for (const i of [...r.errors, ...r.warnings]) {
    assert.strictEqual(typeof i.kind, "string");
    assert.strictEqual(typeof i.message, "string");
    if (i.line !== undefined) assert.ok(Number.isInteger(i.line) && i.line > 0);
    if (i.path !== undefined) assert.match(i.path, /^\//);
  }
}

Deno.test("a valid file exits 0 (text and JSON)", async () => {
  const file = shared("examples/IDS_demo_BIM-basis-ILS.ids");
  const text = await runCli(["validate", file]);
  assert.strictEqual(text.code, 0, text.stderr);
  assert.match(text.stdout, /: valid/);
  const json = await runCli(["validate", file, "--format", "json"]);
  assert.strictEqual(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as JsonReport;
  checkShape(report);
  assert.strictEqual(report.valid, true);
  assert.deepStrictEqual(report.errors, []);
});

Deno.test("a structurally invalid file exits 1 with located structure errors", async () => {
  const r = await runCli(["validate", "--format=json", shared("audit/invalid/xsdFailure.ids")]);
  assert.strictEqual(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  checkShape(report);
  assert.strictEqual(report.valid, false);
  assert.ok(report.errors.length >= 2);
  assert.ok(report.errors.every((e) => e.kind === "structure"));
  assert.deepStrictEqual(report.errors.map((e) => e.line), [16, 20]);
  assert.strictEqual(
    report.errors[0].path,
    "/ids/specifications/specification[1]/applicability/entity",
  );
  assert.match(report.errors[0].message, /invalidAttribute/);

  const text = await runCli(["validate", shared("audit/invalid/InvalidIfcVersion.ids")]);
  assert.strictEqual(text.code, 1);
  assert.match(text.stdout, /invalid \(1 error\)/);
  assert.match(
    text.stdout,
    /line 10 \/ids\/specifications\/specification\[1\]: ifcVersion 'INVALIDIFCVERSION'/,
  );
});

Deno.test("unreadable or non-XML input exits 2", async () => {
  const gif = await runCli([
    "validate",
    shared("audit/invalid/smallcross_gif.ids"),
    "--format",
    "json",
  ]);
  assert.strictEqual(gif.code, 2);
  const report = JSON.parse(gif.stdout) as JsonReport;
  checkShape(report);
  assert.strictEqual(report.valid, false);
  assert.strictEqual(report.errors[0].kind, "xml");
  assert.strictEqual((await runCli(["validate", shared("audit/invalid/empty.ids")])).code, 2);
  const missing = await runCli(["validate", "/nonexistent/file.ids", "--format", "json"]);
  assert.strictEqual(missing.code, 2);
  assert.match(
    (JSON.parse(missing.stdout) as JsonReport).errors[0].message,
    /cannot read '\/nonexistent\/file.ids'/,
  );
  const dtd = await runCli(["validate", "-"], {
    stdin: '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
  });
  assert.strictEqual(dtd.code, 2);
  assert.match(dtd.stdout, /DOCTYPE/);
});

Deno.test("standard input, --help and bad usage", async () => {
  const input = Deno.readFileSync(shared("examples/wall_fire_rating.ids"));
  const r = await runCli(["validate", "-", "--format", "json"], { stdin: input });
  assert.strictEqual(r.code, 0, r.stderr);
  assert.strictEqual((JSON.parse(r.stdout) as JsonReport).valid, true);
  const help = await runCli(["validate", "--help"]);
  assert.strictEqual(help.code, 0);
  assert.match(help.stdout, /--xsd-dir/);
  assert.strictEqual((await runCli(["validate"])).code, 2);
  const bad = await runCli(["validate", "x.ids", "--format", "xml"]);
  assert.strictEqual(bad.code, 2);
  assert.match(bad.stderr, /--format must be json or text/);
  assert.strictEqual((await runCli(["validate", "x.ids", "--frobnicate"])).code, 2);
});

Deno.test("--xsd-dir and IDS_XSD_DIR add the official schema's verdict", async () => {
  const xsdDir = shared("xsd");
  const bad = await runCli([
    "validate",
    shared("audit/invalid/xsdFailure.ids"),
    "--xsd-dir",
    xsdDir,
    "--format",
    "json",
  ]);
  assert.strictEqual(bad.code, 1, bad.stderr);
  const report = JSON.parse(bad.stdout) as JsonReport;
  checkShape(report);
  assert.ok(report.errors.some((e) => e.message.startsWith("official schema:")));
  const good = await runCli(["validate", shared("examples/IDS_ArcDox.ids")], {
    env: { IDS_XSD_DIR: xsdDir },
  });
  assert.strictEqual(good.code, 0, good.stdout + good.stderr);
  const viaEnv = await runCli([
    "validate",
    shared("audit/invalid/InvalidSchemaLocation.ids"),
    "--format",
    "json",
  ], {
    env: { IDS_XSD_DIR: xsdDir },
  });
  assert.strictEqual(viaEnv.code, 1);
  assert.ok(
    (JSON.parse(viaEnv.stdout) as JsonReport).errors.some((e) =>
      e.message.startsWith("official schema:")
    ),
  );
  const noDir = await runCli([
    "validate",
    shared("examples/IDS_ArcDox.ids"),
    "--xsd-dir",
    "/nonexistent",
  ]);
  assert.strictEqual(noDir.code, 2);
  assert.match(noDir.stderr, /has no ids.xsd/);
});

Deno.test("validate runs with read permission only", async () => {
  const r = await runCli(["validate", shared("examples/IDS_oma.ids")], {
    permissions: ["--allow-read"],
  });
  assert.strictEqual(r.code, 0, r.stderr);
});
