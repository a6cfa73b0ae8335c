/**
 * Hostile bytes through the real entry points: `main.ts check` / `main.ts validate` exit 2
 * with a clear message (never a stack trace and exit 1, which means "check failed"), and the
 * MCP tools answer with a tool error (never `internal_error`) and keep the session as it was.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../ids/_cli.ts";
import { exported, fails, ok, stdioHarness, tempDir } from "../mcp/_helpers.ts";

const HEADER = "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\n" +
  "FILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n" +
  "#1=IFCPROJECT('0000000000000000000000',$,'P',$,$,$,$,$,$);\n";
const END = "ENDSEC;\nEND-ISO-10303-21;\n";
const wall = (name: string, id = 10) =>
  `#${id}=IFCWALL('0000000000000000000001',$,'${name}',$,$,$,$,$,$);\n`;

/** Models that cannot be read, with what the message must say. */
const BAD_MODELS: [string, string, RegExp][] = [
  [
    "deep",
    HEADER +
    `#10=IFCWALL('0000000000000000000001',$,'W',$,${"(".repeat(100_000)}${
      ")".repeat(100_000)
    },$,$,$,$);\n` + END,
    /nested deeper than/,
  ],
  ["x4", HEADER + wall("\\X4\\FFFFFFFF\\X0\\") + END, /not a Unicode code point/],
  ["duplicate", HEADER + wall("a") + wall("b") + END, /#10 is defined twice/],
  ["comment", HEADER + wall("a") + "/* never closed\n" + END, /never closed/],
];

const IDS = `<?xml version="1.0" encoding="UTF-8"?>
<ids:ids xmlns:ids="http://standards.buildingsmart.org/IDS" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <ids:info><ids:title>T</ids:title></ids:info>
  <ids:specifications>
    <ids:specification name="S" ifcVersion="IFC4">
      <ids:applicability><ids:entity><ids:name><ids:simpleValue>IFCWALL</ids:simpleValue></ids:name></ids:entity></ids:applicability>
      <ids:requirements><ids:attribute><ids:name><ids:simpleValue>Name</ids:simpleValue></ids:name><ids:value><ids:simpleValue>zzz</ids:simpleValue></ids:value></ids:attribute></ids:requirements>
    </ids:specification>
  </ids:specifications>
</ids:ids>`;

function noStack(text: string): void {
  assert.doesNotMatch(text, /\n\s+at .*\.ts:\d+/, "no stack trace");
  assert.doesNotMatch(text, /internal_error|RangeError|TypeError/);
}

Deno.test("check/validate CLI: hostile models and IDS exit 2 with a clear message", async () => {
  await using dir = await tempDir();
  const ids = join(dir.path, "spec.ids");
  await Deno.writeTextFile(ids, IDS);
  for (const [name, text, message] of BAD_MODELS) {
    const path = join(dir.path, `${name}.ifc`);
    await Deno.writeTextFile(path, text);
    const r = await runCli(["check", ids, path, "--format", "text"]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /cannot be read/);
    assert.match(r.stderr, message);
    noStack(r.stderr + r.stdout);
  }
  // A 130,000-character literal is valid STEP: read and checked (the Name differs: fail, 1).
  const long = join(dir.path, "long.ifc");
  await Deno.writeTextFile(long, HEADER + wall("A".repeat(130_001)) + END);
  const checked = await runCli(["check", ids, long, "--format", "json"]);
  assert.equal(checked.code, 1, checked.stderr);
  noStack(checked.stderr);
  assert.equal(JSON.parse(checked.stdout).status, "fail");

  const cdata = join(dir.path, "cdata.ids");
  await Deno.writeTextFile(cdata, "<![CDATA[x]]>");
  for (const args of [["validate", cdata], ["check", cdata, long]]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}${r.stdout}`);
    assert.match(r.stdout + r.stderr, /CDATA section is not allowed outside the root element/);
    noStack(r.stdout + r.stderr);
  }
});

Deno.test("MCP: hostile models and IDS are tool errors; the session is unchanged", async () => {
  const h = await stdioHarness(["--kv", ":memory:"]);
  try {
    await ok(h.client, "load_ids", { source: IDS, source_type: "string" });
    const before = await exported(h.client);
    for (const [name, text, message] of BAD_MODELS) {
      const err = await fails(h.client, "validate_ifc_model", { ifc_content: text }, message);
      assert.match(err, /^invalid_argument: the IFC model cannot be read/, name);
      noStack(err);
    }
    for (const source of ["<![CDATA[x]]>", "</a>", "<!x>"]) {
      const err = await fails(h.client, "load_ids", { source, source_type: "string" });
      assert.match(err, /^xml_malformed:/);
      noStack(err);
    }
    assert.equal(await exported(h.client), before);
  } finally {
    await h.close();
  }
});
