/**
 * `ids-mcp format` end to end: canonical output, atomic in-place rewrite, --check, and files
 * left untouched when the input is not valid.
 */
import assert from "node:assert/strict";
import { parseIds, writeIds } from "../../src/ids/xml.ts";
import { runCli, shared } from "../ids/_cli.ts";

async function tempCopy(source: string): Promise<{ dir: string; file: string }> {
  const dir = await Deno.makeTempDir({ prefix: "ids-format-" });
  const file = `${dir}/spec.ids`;
  await Deno.copyFile(source, file);
  await Deno.chmod(file, 0o640);
  return { dir, file };
}

Deno.test("format prints the canonical XML", async () => {
  const file = shared("examples/IDS_SimpleBIM_examples.ids");
  const r = await runCli(["format", file]);
  assert.strictEqual(r.code, 0, r.stderr);
  assert.strictEqual(r.stdout, writeIds(parseIds(Deno.readFileSync(file))));
  const stdin = await runCli(["format", "-"], { stdin: Deno.readFileSync(file) });
  assert.strictEqual(stdin.stdout, r.stdout);
});

Deno.test("format --write rewrites atomically, keeps the mode, and is idempotent", async () => {
  const { dir, file } = await tempCopy(shared("examples/wall_fire_rating.ids"));
  try {
    assert.strictEqual((await runCli(["format", file, "--check"])).code, 1);
    const r = await runCli(["format", file, "--write"]);
    assert.strictEqual(r.code, 0, r.stderr);
    const first = await Deno.readTextFile(file);
    assert.strictEqual(first, writeIds(parseIds(first)));
    assert.strictEqual((await Deno.stat(file)).mode! & 0o777, 0o640);
    assert.strictEqual((await runCli(["format", file, "--write"])).code, 0);
    assert.strictEqual(await Deno.readTextFile(file), first);
    assert.strictEqual((await runCli(["format", file, "--check"])).code, 0);
    const entries = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepStrictEqual(entries, ["spec.ids"], "no temporary files left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("format refuses invalid input and leaves the file untouched", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ids-format-" });
  try {
    const notXml = `${dir}/broken.ids`;
    await Deno.writeTextFile(notXml, "<ids:ids><unclosed>");
    const r = await runCli(["format", notXml, "--write"]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /not readable XML/);
    assert.strictEqual(await Deno.readTextFile(notXml), "<ids:ids><unclosed>");

    const invalid = `${dir}/invalid.ids`;
    const original = await Deno.readTextFile(shared("audit/invalid/xsdFailure.ids"));
    await Deno.writeTextFile(invalid, original);
    const s = await runCli(["format", invalid, "--write"]);
    assert.strictEqual(s.code, 1);
    assert.match(s.stderr, /line 16/);
    assert.strictEqual(await Deno.readTextFile(invalid), original);

    assert.strictEqual((await runCli(["format", `${dir}/missing.ids`])).code, 2);
    assert.strictEqual((await runCli(["format", "-", "--write"], { stdin: "" })).code, 2);
    assert.strictEqual((await runCli(["format", "--help"])).code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
