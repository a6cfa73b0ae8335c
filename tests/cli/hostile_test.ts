/**
 * Hostile bytes through the real entry points: `main.ts check` / `main.ts validate` exit 2
 * with a clear message (never a stack trace and exit 1, which means "check failed"), and the
 * MCP tools answer with a tool error (never `internal_error`) and keep the session as it was.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../ids/_cli.ts";
import { exported, fails, ok, stdioHarness, tempDir } from "../mcp/_helpers.ts";
import {
  HUGE_LITERAL_MODEL,
  UNREADABLE_MODELS as BAD_MODELS,
  WALL_NAME_IDS as IDS,
} from "../fuzz/_inputs.ts";

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
  await Deno.writeTextFile(long, HUGE_LITERAL_MODEL);
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
