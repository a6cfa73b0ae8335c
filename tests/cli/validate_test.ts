/**
 * `ids-mcp validate` end to end: exit codes 0/1/2, the JSON shape (findings with severity,
 * kind, code), text output, standard input, the semantic audit (exit 1 on a content error,
 * `--structure-only` to skip it), and the official-schema check through --xsd-dir and
 * IDS_XSD_DIR without reporting an error twice.
 */
import assert from "node:assert/strict";
import { runCli, shared } from "../ids/_cli.ts";

interface JsonIssue {
  severity: "error" | "warning";
  kind: string;
  code: string;
  message: string;
  line?: number;
  path?: string;
  suggestion?: string;
}
interface JsonReport {
  valid: boolean;
  errors: JsonIssue[];
  warnings: JsonIssue[];
}

function checkShape(r: JsonReport): void {
  assert.deepStrictEqual(Object.keys(r).sort(), ["errors", "valid", "warnings"]);
  assert.strictEqual(typeof r.valid, "boolean");
  for (const i of r.errors) assert.strictEqual(i.severity, "error");
  for (const i of r.warnings) assert.strictEqual(i.severity, "warning");
  for (const i of [...r.errors, ...r.warnings]) {
    assert.ok(["xml", "structure", "content"].includes(i.kind), i.kind);
    assert.match(i.code, /^[a-z_]+$/);
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
  // The official schema finds the same two errors the built-in rules report: said once.
  const builtIn = JSON.parse(
    (await runCli(["validate", shared("audit/invalid/xsdFailure.ids"), "--format", "json"]))
      .stdout,
  ) as JsonReport;
  assert.deepStrictEqual(
    report.errors.map((e) => e.line),
    builtIn.errors.map((e) => e.line),
    "no error reported twice",
  );
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
  const envReport = JSON.parse(viaEnv.stdout) as JsonReport;
  const keys = envReport.errors.map((e) => `${e.line}:${e.message}`);
  assert.strictEqual(new Set(keys).size, keys.length);
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

Deno.test("validate: a content error exits 1 with code, path, line and suggestion", async () => {
  const r = await runCli([
    "validate",
    shared("audit/invalid/InvalidIfcPropertyInPset.ids"),
    "--format",
    "json",
  ]);
  assert.strictEqual(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  checkShape(report);
  assert.strictEqual(report.valid, false);
  assert.strictEqual(report.errors.length, 1);
  const e = report.errors[0];
  assert.strictEqual(e.kind, "content");
  assert.strictEqual(e.code, "unknown_property");
  assert.strictEqual(
    e.path,
    "/ids/specifications/specification[1]/requirements/property[1]/baseName",
  );
  assert.strictEqual(e.line, 24, "the line of <ids:baseName>");
  assert.match(e.message, /Pset_WallCommon has no property 'InvalidName'/);
  const text = await runCli(["validate", shared("audit/invalid/InvalidEntityNames.ids")]);
  assert.strictEqual(text.code, 1);
  assert.match(text.stdout, /error \[unknown_entity\]: line \d+ /);
});

Deno.test("validate --structure-only keeps the structural verdict only", async () => {
  const file = shared("audit/invalid/InvalidIfcPropertyInPset.ids");
  const r = await runCli(["validate", file, "--structure-only", "--format", "json"]);
  assert.strictEqual(r.code, 0, r.stdout);
  assert.deepStrictEqual((JSON.parse(r.stdout) as JsonReport).errors, []);
  const help = await runCli(["validate", "--help"]);
  assert.match(help.stdout, /--structure-only/);
});

Deno.test("validate: warnings never make a document invalid", async () => {
  const r = await runCli(["validate", shared("examples/IDS_oma.ids"), "--format", "json"]);
  assert.strictEqual(r.code, 0, r.stdout);
  const report = JSON.parse(r.stdout) as JsonReport;
  checkShape(report);
  assert.strictEqual(report.valid, true);
  assert.ok(report.warnings.some((w) => w.code === "unknown_property" && w.kind === "content"));
});
