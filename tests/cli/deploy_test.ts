/**
 * Deno Deploy, simulated locally: `main.ts` with no arguments, Deploy's environment variables,
 * a clean environment otherwise, and no file-system permission at all (only --allow-net,
 * --allow-env, --unstable-kv). It must serve HTTP on the given port with the bearer token
 * required, keep sessions in `Deno.openKv()` with no argument (locally that is a file under
 * DENO_DIR that Deno opens without any read/write permission, so a temporary DENO_DIR keeps
 * the test's Kv apart), refuse paths with an error that names the content parameters, and
 * refuse to start without a token.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deployServeArgs } from "../../src/cli/deploy.ts";
import { health, HttpClient, spawnHttpServer, text } from "../_spawn.ts";
import { freePort } from "../http/_server.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
const DEPLOY_PERMISSIONS = ["--unstable-kv", "--allow-net", "--allow-env"];
const TOKEN = "deploy-secret-token";

/** Deploy's variables (both generations of the platform), plus what the test chooses. */
function deployEnv(extra: Record<string, string>): Record<string, string> {
  return {
    DENO_DEPLOYMENT_ID: "simulated",
    DENO_DEPLOY: "true",
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "",
    ...extra,
  };
}

Deno.test("deployServeArgs: HTTP on all interfaces, PORT or Deno.serve's 8000, token required", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.deepEqual(deployServeArgs(env({ IDS_MCP_TOKEN: "t" })), {
    ok: true,
    args: ["--http", "--hostname", "0.0.0.0", "--port", "8000"],
  });
  const withPort = deployServeArgs(env({ IDS_MCP_TOKEN: "t", PORT: "9999" }));
  assert.ok(withPort.ok && withPort.args.at(-1) === "9999");
  const none = deployServeArgs(env({}));
  assert.ok(!none.ok);
  assert.match(none.message, /IDS_MCP_TOKEN is not set/);
});

Deno.test("simulated Deno Deploy: no file permission, platform Kv, token, tools take content only", async () => {
  const denoDir = await Deno.makeTempDir();
  const port = freePort();
  const server = await spawnHttpServer(
    Deno.execPath(),
    ["run", ...DEPLOY_PERMISSIONS, join(REPO, "main.ts")],
    {
      cwd: REPO,
      clearEnv: true,
      env: deployEnv({ IDS_MCP_TOKEN: TOKEN, PORT: String(port), DENO_DIR: denoDir }),
    },
  );
  try {
    assert.equal(new URL(server.url).port, String(port));
    assert.match(server.log(), /Deno Deploy detected/);
    assert.equal((await health(server.url)).status, "ok");

    const anonymous = new HttpClient(server.url);
    const refused = await anonymous.post({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {},
    });
    assert.equal(refused.status, 401);
    await refused.body?.cancel();

    const client = new HttpClient(server.url, TOKEN);
    await client.initialize();
    const ids = await Deno.readTextFile(join(SHARED, "ids/examples/wall_fire_rating.ids"));
    const loaded = await client.call("load_ids", { source: ids, source_type: "string" });
    assert.ok(!loaded.isError, JSON.stringify(loaded));

    const byPath = await client.call("load_ids", { source: "/etc/hostname" });
    assert.equal(byPath.isError, true);
    assert.match(text(byPath), /path_not_allowed.*source_type "string"/);
    const modelByPath = await client.call("validate_ifc_model", { ifc_file_path: "model.ifc" });
    assert.equal(modelByPath.isError, true);
    assert.match(text(modelByPath), /path_not_allowed.*ifc_content/);
    const exportToPath = await client.call("export_ids", { output_path: "out.ids" });
    assert.equal(exportToPath.isError, true);

    const model = await Deno.readTextFile(join(SHARED, "ifc/models/walls-fire-rating.ifc"));
    const checked = await client.call("validate_ifc_model", { ifc_content: model });
    assert.ok(!checked.isError, text(checked));
    assert.equal(typeof checked.structuredContent?.total_specifications, "number");

    // The session lives in the Kv Deno.openKv() opened with no argument.
    const stored = [];
    for await (const e of Deno.readDir(join(denoDir, "location_data"))) stored.push(e.name);
    assert.equal(stored.length, 1, "one origin's Kv under DENO_DIR/location_data");
    assert.doesNotMatch(server.log(), /PermissionDenied|NotCapable|Requires .* access/);
  } finally {
    await server.stop();
    await Deno.remove(denoDir, { recursive: true });
  }
});

Deno.test("simulated Deno Deploy: IDS_KV=:memory: is honoured (no Kv file at all)", async () => {
  const denoDir = await Deno.makeTempDir();
  const server = await spawnHttpServer(
    Deno.execPath(),
    ["run", ...DEPLOY_PERMISSIONS, join(REPO, "main.ts")],
    {
      cwd: REPO,
      clearEnv: true,
      env: deployEnv({
        IDS_MCP_TOKEN: TOKEN,
        IDS_KV: ":memory:",
        PORT: String(freePort()),
        DENO_DIR: denoDir,
      }),
    },
  );
  try {
    const client = new HttpClient(server.url, TOKEN);
    await client.initialize();
    const created = await client.call("create_ids", { title: "In memory" });
    assert.ok(!created.isError, JSON.stringify(created));
    const kvFiles = [];
    try {
      for await (const e of Deno.readDir(join(denoDir, "location_data"))) kvFiles.push(e.name);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    assert.deepEqual(kvFiles, []);
  } finally {
    await server.stop();
    await Deno.remove(denoDir, { recursive: true });
  }
});

Deno.test("simulated Deno Deploy without IDS_MCP_TOKEN refuses to start and says what to set", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...DEPLOY_PERMISSIONS, join(REPO, "main.ts")],
    cwd: REPO,
    clearEnv: true,
    env: deployEnv({ PORT: String(freePort()) }),
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(r.stderr);
  assert.equal(r.code, 1, stderr);
  assert.match(stderr, /IDS_MCP_TOKEN is not set/);
  assert.match(stderr, /Authorization: Bearer/);
});
