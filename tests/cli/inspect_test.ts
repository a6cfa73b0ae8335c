/**
 * The `inspect` command as users run it: a real subprocess (`deno run main.ts inspect …`)
 * with the project's permissions. Its JSON must equal the structured reply of the MCP tool
 * `inspect_ifc_model` (SDK client over a stdio server) on the same shared model; the text is
 * for people; an .ifczip gives the same data; bad input names itself with exit 2; progress
 * goes to stderr as lines with `--progress` when stderr is not a terminal (here a pipe).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { zipSync } from "../../src/deps/fflate.ts";
import { runCli } from "../ids/_cli.ts";
import type { ModelInspection } from "../../src/ifc/inspect.ts";
import { ok, stdioHarness, tempDir } from "../mcp/_helpers.ts";

const MODELS = fileURLToPath(new URL("../../../shared/ifc/models/", import.meta.url));
const HAUS = `${MODELS}AC20-FZK-Haus.ifc`;
const WALLS = `${MODELS}walls-fire-rating.ifc`;
const READ = ["--allow-read", "--allow-write", "--allow-env"];

Deno.test("inspect: JSON equals inspect_ifc_model's structured reply on a shared model", async () => {
  const cli = await runCli(["inspect", HAUS], { permissions: READ });
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.stderr, "", "no progress on a pipe unless asked");
  const fromCli: ModelInspection = JSON.parse(cli.stdout);
  const h = await stdioHarness(["--kv", ":memory:", "--root", MODELS]);
  try {
    const fromMcp = await ok(h.client, "inspect_ifc_model", { ifc_file_path: HAUS });
    assert.deepEqual(fromCli, fromMcp as unknown);
  } finally {
    await h.close();
  }
  assert.equal(fromCli.schema, "IFC4");
  assert.ok(fromCli.instances > 40_000);
  assert.ok(fromCli.property_sets.some((s) => s.name === "Pset_WallCommon"));
});

Deno.test("inspect: text for people; --output writes the file; an .ifczip is the same model", async () => {
  const text = await runCli(["inspect", WALLS, "--format", "text"], { permissions: READ });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^walls-fire-rating\.ifc: IFC4[^\n]*, [\d,]+ instances\n/);
  assert.match(text.stdout, /\nClasses of objects and types \(\d+\):\n {2}[A-Z]+ \d+/);
  assert.match(text.stdout, /\n {2}IFCWALL 5\n/);
  assert.match(text.stdout, /\nProperty and quantity sets \(\d+\):\n[\s\S]*Pset_WallCommon/);
  assert.match(text.stdout, /\n {4}FireRating: IFCLABEL, \d+ e\.g\. "/);
  assert.match(text.stdout, /\nSpatial structure:\n {2}IFCPROJECT /);
  assert.doesNotMatch(text.stdout, /^\s*[{[]/, "not JSON");

  await using dir = await tempDir();
  const zip = `${dir.path}/walls.ifczip`;
  await Deno.writeFile(zip, zipSync({ "walls.ifc": await Deno.readFile(WALLS) }));
  const out = `${dir.path}/walls.json`;
  const zipped = await runCli(["inspect", zip, "-o", out], { permissions: READ });
  assert.equal(zipped.code, 0, zipped.stderr);
  assert.equal(zipped.stdout, "");
  const plain = await runCli(["inspect", WALLS, "--format=json"], { permissions: READ });
  assert.deepEqual(JSON.parse(await Deno.readTextFile(out)), JSON.parse(plain.stdout));
});

Deno.test("inspect: bad input is named, exit 2", async () => {
  await using dir = await tempDir();
  const missing = `${dir.path}/missing.ifc`;
  const r1 = await runCli(["inspect", missing], { permissions: READ });
  assert.equal(r1.code, 2);
  assert.equal(r1.stdout, "");
  assert.match(r1.stderr, /^ids-mcp inspect: cannot read the IFC model '[^']*missing\.ifc': /);

  const notStep = `${dir.path}/notes.ifc`;
  await Deno.writeTextFile(notStep, "hello, this is not a model\n");
  const r2 = await runCli(["inspect", notStep], { permissions: READ });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /'[^']*notes\.ifc' cannot be read: not a STEP file/);

  const badZip = `${dir.path}/two.ifczip`;
  await Deno.writeFile(
    badZip,
    zipSync({ "a.ifc": new TextEncoder().encode("x"), "b.ifc": new TextEncoder().encode("y") }),
  );
  const r3 = await runCli(["inspect", badZip], { permissions: READ });
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /'[^']*two\.ifczip' cannot be read: /);

  const r4 = await runCli(["inspect", "--formt", "text", WALLS], { permissions: READ });
  assert.equal(r4.code, 2);
  assert.equal(
    r4.stderr,
    "ids-mcp inspect: unknown option --formt; did you mean --format? (ids-mcp inspect --help lists all)\n",
  );
  const r5 = await runCli(["inspect", WALLS, "--format", "html"], { permissions: READ });
  assert.equal(r5.code, 2);
  assert.match(r5.stderr, /--format must be json or text, not 'html'/);
  const r6 = await runCli(["inspect"], { permissions: READ });
  assert.equal(r6.code, 2);
  assert.match(r6.stderr, /expected one MODEL\.ifc, got 0/);
  const help = await runCli(["help", "inspect"], { permissions: READ });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /ids-mcp inspect MODEL\.ifc \[--format json\|text\]/);
  assert.match(help.stdout, /--progress/);
});

Deno.test("inspect and check: --progress writes progress lines to a non-terminal stderr", async () => {
  const inspect = await runCli(["inspect", HAUS, "--progress", "--format", "text"], {
    permissions: READ,
  });
  assert.equal(inspect.code, 0, inspect.stderr);
  const lines = inspect.stderr.trimEnd().split("\n");
  assert.ok(lines.every((l) => /^inspecting \d+%$/.test(l)), inspect.stderr);
  const pct = lines.map((l) => Number(/(\d+)%/.exec(l)![1]));
  assert.ok(pct.every((p, i) => i === 0 || p > pct[i - 1]), "increasing");
  assert.equal(pct.at(-1), 100);
  assert.ok(!inspect.stderr.includes("\r"), "no carriage returns in a log");

  const check = await runCli([
    "check",
    fileURLToPath(new URL("../ifc/fixtures/walls_fire_rating_checks.ids", import.meta.url)),
    WALLS,
    "--progress",
  ], { permissions: READ });
  assert.equal(check.code, 1, check.stderr);
  assert.match(check.stderr, /^checking \d+%\n/);
  assert.match(check.stderr, /\nchecking 100%\n/);
  const quiet = await runCli(["inspect", HAUS, "--progress", "--no-progress"], {
    permissions: READ,
  });
  assert.equal(quiet.stderr, "");
});
