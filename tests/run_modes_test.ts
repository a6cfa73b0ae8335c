/**
 * ids-mcp runs three ways: `deno task start` (with our deno.json), `deno run https://…/main.ts`
 * (no deno.json applies) and a `deno compile`d binary. These tests pin what keeps the three the
 * same: third-party code is reached only through `src/deps/` with fully qualified, pinned `npm:`
 * specifiers (equal to the import map's), the compile tasks grant exactly the start task's
 * permissions, and main.ts really runs when loaded over HTTP with `--no-config`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { McpServer, WebStandardStreamableHTTPServerTransport } from "../src/deps/mcp_sdk.ts";
import { z } from "../src/deps/zod.ts";

const REPO = fromFileUrl(new URL("../", import.meta.url));
const SHARED = fromFileUrl(new URL("../../shared/", import.meta.url));

async function denoJson(): Promise<
  { tasks: Record<string, string>; imports: Record<string, string> }
> {
  return JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
}

/** Every `.ts` file under `dir`, recursively. */
async function* tsFiles(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* tsFiles(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}

Deno.test("the SDK and zod are type-checked through src/deps, not `any`", () => {
  // If these imports degraded to `any`, the @ts-expect-error lines would be unused and
  // `deno task check` would fail.
  const server = new McpServer({ name: "t", version: "0" });
  // @ts-expect-error Server is not a number
  const n: number = server.server;
  // @ts-expect-error a transport is not a string
  const s: string = new WebStandardStreamableHTTPServerTransport({});
  // @ts-expect-error ZodString is not a boolean
  const b: boolean = z.string();
  assert.ok(n !== undefined && s !== undefined && b !== undefined);
});

Deno.test("src/deps pins the same versions as deno.json, and nothing else imports npm packages", async () => {
  const { imports } = await denoJson();
  const pinned = new Map<string, string>();
  for (const target of Object.values(imports)) {
    const m = /^npm:\/?(@?[^@]+)@([^/]+)/.exec(target);
    if (m) pinned.set(m[1], m[2]);
  }
  let seen = 0;
  for await (const file of tsFiles(join(REPO, "src/deps"))) {
    for (const m of (await Deno.readTextFile(file)).matchAll(/"npm:(@?[^@"]+)@([^/"]+)/g)) {
      assert.equal(pinned.get(m[1]), m[2], `${file}: ${m[1]}@${m[2]} differs from deno.json`);
      seen++;
    }
  }
  assert.ok(seen >= 4, `expected pinned specifiers in src/deps, found ${seen}`);
  // Bare package names resolve only through deno.json, which a URL run does not have.
  const bare = /from "(?!\.|node:|npm:)([^"]+)"/;
  for await (const file of tsFiles(join(REPO, "src"))) {
    if (file.includes("/deps/") || file.endsWith("gen_schema.ts")) continue; // dev-time tool
    const hit = bare.exec(await Deno.readTextFile(file));
    assert.equal(hit, null, `${file} imports '${hit?.[1]}' by bare name; use src/deps/`);
  }
});

Deno.test("compile tasks grant exactly the start task's permissions, for three targets", async () => {
  const { tasks } = await denoJson();
  const flags = (cmd: string) =>
    cmd.split(/\s+/).filter((w) => w.startsWith("--allow") || w.startsWith("--unstable")).sort();
  const start = flags(tasks.start);
  assert.ok(start.includes("--unstable-kv"));
  const targets = [];
  for (const [name, cmd] of Object.entries(tasks)) {
    if (!name.startsWith("compile:")) continue;
    assert.deepEqual(flags(cmd), start, `${name} permissions differ from start`);
    assert.match(cmd, /main\.ts$/);
    targets.push(/--target (\S+)/.exec(cmd)?.[1]);
  }
  assert.deepEqual(targets.sort(), [
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-gnu",
  ]);
});

Deno.test("main.ts runs from a URL with --no-config: validate and an MCP initialize over stdio", async () => {
  // Serve the checkout read-only over loopback, as a static host would.
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (path.includes("..")) return new Response("bad path", { status: 400 });
      try {
        const body = await Deno.readFile(join(REPO, path));
        const type = path.endsWith(".ts") ? "application/typescript" : "application/json";
        return new Response(body, { headers: { "content-type": type } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}/main.ts`;
  const run = (args: string[], stdin?: string) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", "--no-lock", "--unstable-kv", ...args],
      cwd: Deno.makeTempDirSync(),
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    if (stdin !== undefined) {
      const w = child.stdin.getWriter();
      w.write(new TextEncoder().encode(stdin)).then(() => w.close());
    }
    return child.output();
  };
  try {
    const ids = join(SHARED, "ids/examples/wall_fire_rating.ids");
    const v = await run([`--allow-read=${ids}`, url, "validate", ids, "--format", "json"]);
    const stderr = new TextDecoder().decode(v.stderr);
    assert.equal(v.code, 0, stderr);
    assert.equal(JSON.parse(new TextDecoder().decode(v.stdout)).valid, true);

    const init = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "url-run", version: "0" },
      },
    });
    const s = await run([
      "--allow-read",
      "--allow-write",
      "--allow-env",
      url,
      "serve",
      "--kv",
      ":memory:",
    ], init + "\n");
    const out = new TextDecoder().decode(s.stdout);
    assert.match(out, /"serverInfo":\{"name":"ids-mcp"/, new TextDecoder().decode(s.stderr));
  } finally {
    ac.abort();
    await server.finished;
  }
});
