/**
 * The `check` command as users run it: a real subprocess (`deno run main.ts check …`) with
 * the permissions of the project's tasks, asserting exit codes, stdout formats and stderr.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { zipSync } from "../../src/deps/fflate.ts";
import { checkFiles, ModelInputError } from "../../src/cli/check_files.ts";
import { failingIds } from "../mcp/_report_ids.ts";

const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../ifc/fixtures/", import.meta.url));
const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));
const CASES = fileURLToPath(new URL("../../../shared/ids/testcases/", import.meta.url));

async function run(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "--allow-env", MAIN, "check", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    bytes: out.stdout,
  };
}

Deno.test("check: exit 0 when every specification passes (JSON on stdout)", async () => {
  const r = await run(
    `${CASES}entity/pass-a_matching_entity_should_pass.ids`,
    `${CASES}entity/pass-a_matching_entity_should_pass.ifc`,
  );
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.status, "pass");
  assert.equal(report.specifications[0].applicable, 1);
});

Deno.test("check: exit 1 when a specification fails; text and html formats", async () => {
  const ids = `${FIXTURES}walls_fire_rating_checks.ids`;
  const ifc = `${MODELS}walls-fire-rating.ifc`;
  const json = await run(ids, ifc);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).status, "fail");
  const text = await run(ids, ifc, "--format", "text");
  assert.equal(text.code, 1);
  assert.match(text.stdout, /3oX1_nrJ9C\$B1HXylITyBb/);
  const html = await run(ids, ifc, "--format=html");
  assert.equal(html.code, 1);
  assert.match(html.stdout, /^<!DOCTYPE html>/i);
  assert.match(html.stdout, /07CF6kqtPD48\$Fp4zWsiwk/);
});

Deno.test("check: --output writes the file; bcf is a zip", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/report.bcf`;
    const r = await run(
      `${FIXTURES}walls_fire_rating_checks.ids`,
      `${MODELS}walls-fire-rating.ifc`,
      "--format",
      "bcf",
      "--output",
      out,
    );
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, "");
    const zip = await Deno.readFile(out);
    assert.deepEqual([...zip.subarray(0, 2)], [0x50, 0x4b]); // "PK"
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check: exit 2 for an IDS that is invalid for IFC, stderr says why", async () => {
  const r = await run(`${FIXTURES}bad_semantics.ids`, `${MODELS}walls-fire-rating.ifc`);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad_semantics\.ids' is invalid/);
  assert.match(r.stderr, /unknown IFC entity 'IfcWall'/);
  assert.equal(JSON.parse(r.stdout).status, "invalid");
});

Deno.test("check: exit 2 for unreadable or non-IFC input, naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const notIfc = `${dir}/not.ifc`;
    await Deno.writeTextFile(notIfc, "hello");
    const ids = `${FIXTURES}walls_fire_rating_checks.ids`;
    const a = await run(ids, notIfc);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /not\.ifc' cannot be read: not a STEP file/);
    const b = await run(ids, `${dir}/missing.ifc`);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /cannot read the IFC model/);
    const badXml = `${dir}/bad.ids`;
    await Deno.writeTextFile(badXml, "<ids");
    const c = await run(badXml, `${MODELS}walls-fire-rating.ifc`);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /bad\.ids' is invalid/);
    const d = await run(ids);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /expected SPEC\.ids and MODEL\.ifc/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check: --format json reports every unreadable input as JSON, exit 2", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const notIfc = `${dir}/not.ifc`;
    await Deno.writeTextFile(notIfc, "hello");
    // Both inputs bad: both named, the model first.
    const both = await run(`${FIXTURES}bad_semantics.ids`, notIfc, "--format", "json");
    assert.equal(both.code, 2);
    const b = JSON.parse(both.stdout);
    assert.equal(b.status, "invalid");
    assert.equal(b.errors[0].input, "model");
    assert.match(b.errors[0].message, /not\.ifc' cannot be read: not a STEP file/);
    assert.ok(b.errors.slice(1).length > 0);
    assert.ok(b.errors.slice(1).every((e: { input: string }) => e.input === "ids"));
    assert.match(both.stderr, /not\.ifc' cannot be read/);

    const missingIds = await run(`${dir}/missing.ids`, `${MODELS}walls-fire-rating.ifc`);
    assert.equal(missingIds.code, 2);
    const i = JSON.parse(missingIds.stdout);
    assert.deepEqual([i.status, i.errors[0].input], ["invalid", "ids"]);
    assert.match(i.errors[0].message, /cannot read the IDS file/);

    const zipNoIfc = `${dir}/empty.ifczip`;
    await Deno.writeFile(zipNoIfc, zipSync({ "readme.txt": new TextEncoder().encode("x") }));
    const z = await run(`${FIXTURES}walls_fire_rating_checks.ids`, zipNoIfc, "--format", "text");
    assert.equal(z.code, 2);
    assert.match(z.stdout, /The model is invalid; nothing was checked/);
    assert.match(z.stdout, /holds no \.ifc file \(entries: readme\.txt\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check: an .ifczip model is checked like its .ifc", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ifc = await Deno.readFile(`${MODELS}walls-fire-rating.ifc`);
    await Deno.writeFile(`${dir}/walls.ifczip`, zipSync({ "walls-fire-rating.ifc": ifc }));
    const ids = `${FIXTURES}walls_fire_rating_checks.ids`;
    const zipped = await run(ids, `${dir}/walls.ifczip`);
    assert.equal(zipped.code, 1, zipped.stderr);
    const report = JSON.parse(zipped.stdout);
    const plain = await checkFiles(await Deno.readFile(ids), ifc);
    const counts = (r: { specifications: readonly { applicable: number; failed: number }[] }) =>
      r.specifications.map((s) => [s.applicable, s.failed]);
    assert.equal(report.status, "fail");
    assert.deepEqual(counts(report), counts(plain));
    assert.equal(report.model, "walls.ifczip");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check: an invalid IDS still names a model of an unsupported schema; a readable one is not indexed", async () => {
  const bad = await Deno.readFile(`${FIXTURES}bad_semantics.ids`);
  const header = (schema: string, data: string) =>
    new TextEncoder().encode(
      `ISO-10303-21;\nHEADER;\nFILE_SCHEMA(('${schema}'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`,
    );
  await assert.rejects(
    () => checkFiles(bad, header("IFC5", "#1=IFCWALL($);")),
    ModelInputError,
    "unsupported IFC schema 'IFC5'",
  );
  // A syntax error past the header is only found by indexing, which an invalid IDS skips.
  const report = await checkFiles(bad, header("IFC4", "#1 IFCWALL("));
  assert.equal(report.status, "invalid");
  assert.ok(report.errors?.every((e) => e.input === "ids"));
});

Deno.test("check: audit findings that do not block are reported and the model checked; --strict refuses", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A value without dataType: IDS-Audit-tool refuses it, IfcTester checks it.
    const ids = `${dir}/foreign.ids`;
    await Deno.writeTextFile(
      ids,
      `<ids xmlns="http://standards.buildingsmart.org/IDS"><info><title>F</title></info>
<specifications><specification name="S" ifcVersion="IFC4">
<applicability maxOccurs="unbounded"><entity><name><simpleValue>IFCWALL</simpleValue></name></entity></applicability>
<requirements><attribute><name><simpleValue>Name</simpleValue></name></attribute>
<property><propertySet><simpleValue>Custom_Set</simpleValue></propertySet><baseName><simpleValue>Code</simpleValue></baseName><value><simpleValue>A</simpleValue></value></property>
</requirements></specification></specifications></ids>`,
    );
    const ifc = `${MODELS}walls-fire-rating.ifc`;
    const json = await run(ids, ifc);
    assert.equal(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.status, "fail");
    assert.deepEqual(report.idsFindings.map((f: { code: string }) => f.code), [
      "value_without_data_type",
    ]);
    assert.match(json.stderr, /1 audit error that did not stop the check .*--strict/);
    const text = await run(ids, ifc, "--format", "text");
    assert.match(text.stdout, /IDS findings \(1 error;.*\n {2}- error \[value_without_data_type\]/);
    const strict = await run(ids, ifc, "--strict");
    assert.equal(strict.code, 2);
    assert.equal(JSON.parse(strict.stdout).status, "invalid");
    assert.match(
      strict.stderr,
      /is invalid \(1 error\):\n.*a property with a value needs a dataType/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check --max-failures: failure entries capped across specifications, counts exact", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/many.ids`, failingIds(40));
    const r = await run(`${dir}/many.ids`, `${MODELS}duplex.ifc`, "--max-failures", "300");
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      truncated: string;
      specifications: { failed: number; failures: unknown[]; omittedFailures?: number }[];
    };
    const kept = report.specifications.reduce((n, s) => n + s.failures.length, 0);
    assert.equal(kept, 300);
    assert.ok(report.specifications.every((s) => s.failed > 200), "counts stay exact");
    assert.match(report.truncated, /failure entries were not recorded \(at most 300/);
    const bad = await run(`${dir}/many.ids`, `${MODELS}duplex.ifc`, "--max-failures", "x");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-failures needs a whole number/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkPaths ends its scan worker when the model does not use it (a 16+ MiB .ifczip): the process can exit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Stored, not deflated: the zip itself passes SPLIT_MIN_BYTES, so a worker is started
    // while it is read, but the inflated model is not in shared memory and scans here alone.
    const wall = (i: number) =>
      `#${i}=IFCWALL('${String(i).padStart(22, "0")}',$,'Wall ${i}',$,$,$,$,$,$);\n`;
    const lines: string[] = [];
    for (let i = 10; i < 260_000; i++) lines.push(wall(i));
    const ifc = new TextEncoder().encode(
      "ISO-10303-21;\nHEADER;\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n" +
        "#1=IFCPROJECT('0000000000000000000001',$,'P',$,$,$,$,$,$);\n" + lines.join("") +
        "ENDSEC;\nEND-ISO-10303-21;\n",
    );
    const zip = `${dir}/big.ifczip`;
    await Deno.writeFile(zip, zipSync({ "big.ifc": [ifc, { level: 0 }] }));
    assert.ok((await Deno.stat(zip)).size >= 16 * 1024 * 1024);
    const script = `import { checkPaths } from ${
      JSON.stringify(import.meta.resolve("../../src/cli/check_files.ts"))
    };
      const r = await checkPaths(${JSON.stringify(`${FIXTURES}walls_fire_rating_checks.ids`)}, ${
      JSON.stringify(zip)
    });
      console.log(r.status);`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", script],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "fail");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
