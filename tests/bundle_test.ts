/**
 * The one-file bundle (`deno task bundle`, scripts/bundle.ts) as a user runs it: served over
 * HTTP like a release asset and started by URL with an empty `DENO_DIR`, it speaks a full MCP
 * session over stdio (serving the MCP App pages to a host that declares the UI extension),
 * checks a model, validates against the official XSD (libxml2's WebAssembly initialised inside
 * the bundle), and exactly one file is downloaded.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_FILE, RUN_FLAGS } from "../scripts/flags.ts";
import { bundle, patchCreateRequire } from "../scripts/bundle.ts";
import { serveCheckout, StdioServer, text } from "./_spawn.ts";
import { APP_MIME_TYPE, APPS } from "../src/mcp/apps/apps.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
const SHARED = join(REPO, "../shared");

Deno.test("patchCreateRequire refuses a loader it does not recognise", () => {
  const js = "var r = a(import.meta.url);";
  assert.equal(
    patchCreateRequire(js),
    `var r = a(import.meta.url.startsWith("file:") ? import.meta.url : "file:///");`,
  );
  assert.throws(() => patchCreateRequire("nothing here"), /expected one createRequire/);
});

Deno.test("the bundle runs from a URL with an empty DENO_DIR: MCP session, check, XSD; one download", async () => {
  const root = await Deno.makeTempDir({ prefix: "ids-mcp-bundle-test-" });
  const release = join(root, "release");
  const models = join(root, "models");
  await Deno.mkdir(models);
  await Deno.copyFile(join(SHARED, "ids/examples/wall_fire_rating.ids"), join(models, "spec.ids"));
  await Deno.copyFile(join(SHARED, "ifc/models/walls-fire-rating.ifc"), join(models, "model.ifc"));
  const out = await bundle(release, REPO);
  const js = await Deno.readTextFile(out);
  assert.doesNotMatch(js, /\b(from|import\()\s*["'](npm|jsr|https?):/, "nothing left to fetch");
  const served = serveCheckout(release);
  const url = `${served.base}${BUNDLE_FILE}`;
  const env = { DENO_DIR: join(root, "deno_dir"), XDG_DATA_HOME: join(root, "data") };
  try {
    const server = new StdioServer(
      Deno.execPath(),
      ["run", ...RUN_FLAGS, url, "serve", "--root", models, "--kv", ":memory:"],
      { cwd: models, env },
    );
    try {
      // As a host that renders MCP Apps, so the ui:// pages are served too.
      const init = await server.initialize({
        extensions: { "io.modelcontextprotocol/ui": { mimeTypes: [APP_MIME_TYPE] } },
      });
      assert.equal((init.result?.serverInfo as { name: string }).name, "ids-mcp");
      // The app pages are embedded in the bundle as they were built.
      for (const app of APPS) {
        const read = await server.request("resources/read", { uri: app.uri });
        const page = (read.result?.contents as { text?: string; mimeType?: string }[])?.[0];
        assert.equal(page?.mimeType, APP_MIME_TYPE, JSON.stringify(read));
        assert.equal(page?.text, app.html, `${app.uri} served from the bundle`);
      }
      const tools = (await server.request("tools/list")).result?.tools as { name: string }[];
      assert.ok(tools.some((t) => t.name === "render_ids"), tools.map((t) => t.name).join());
      const loaded = await server.call("load_ids", { source: join(models, "spec.ids") });
      assert.ok(!loaded.isError, text(loaded));
      const checked = await server.call("validate_ifc_model", {
        ifc_file_path: join(models, "model.ifc"),
      });
      assert.ok(!checked.isError, text(checked));
      const summary = checked.structuredContent as { overall_status?: string } | undefined;
      assert.equal(summary?.overall_status, "fail", "the sample model lacks FireRating");
    } finally {
      const { code, stderr } = await server.close();
      assert.equal(code, 0, stderr);
    }
    const run = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", ...RUN_FLAGS, url, ...args],
        cwd: models,
        env: { ...env, NO_COLOR: "1" },
        stdin: "null",
      }).output();
    const check = await run(["check", "spec.ids", "model.ifc", "--format", "json"]);
    assert.equal(check.code, 1, new TextDecoder().decode(check.stderr));
    assert.equal(JSON.parse(new TextDecoder().decode(check.stdout)).status, "fail");
    const xsd = await run(["validate", "spec.ids", "--xsd-dir", join(SHARED, "ids/xsd")]);
    assert.equal(xsd.code, 0, new TextDecoder().decode(xsd.stderr));
    assert.deepEqual(served.requests, [`/${BUNDLE_FILE}`], "one file, downloaded once");
  } finally {
    await served.close();
    await Deno.remove(root, { recursive: true });
  }
});
