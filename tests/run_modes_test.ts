/**
 * ids-mcp runs three ways: `deno task start` (with our deno.json), `deno run https://…/main.ts`
 * (no deno.json applies) and a `deno compile`d binary. These tests pin what keeps the three the
 * same: third-party code is reached only through `src/deps/` with fully qualified, pinned `npm:`
 * specifiers (equal to the import map's); the tasks and the compile task take their flags from
 * scripts/flags.ts; every environment variable the code reads is allowed; the compile lockfile
 * is current; `deno compile` with those flags embeds what the server needs; and main.ts really
 * runs when loaded over HTTP as text/plain with `--no-config`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { McpServer, WebStandardStreamableHTTPServerTransport } from "../src/deps/mcp_sdk.ts";
import { z } from "../src/deps/zod.ts";
import {
  COMPILE_LOCK,
  compileArgs,
  ENV_NAMES,
  RUN_FLAGS,
  TARGETS,
  taskCommand,
} from "../scripts/flags.ts";
import { writeChecksums } from "../scripts/compile.ts";
import { serveCheckout } from "./_spawn.ts";
import { INIT } from "./http/_server.ts";

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

Deno.test("every worker module in src/ is --include'd in the binary (the build does not follow new Worker)", async () => {
  const workers: string[] = [];
  for await (const file of tsFiles(join(REPO, "src"))) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/new Worker\(\s*new URL\("\.\/([^"]+)"/g)) {
      workers.push(join(file, "..", m[1]).slice(REPO.length));
    }
  }
  assert.deepEqual(workers, ["src/ifc/scan_worker.ts"]);
  const args = compileArgs(TARGETS[0]);
  for (const w of workers) {
    assert.ok(args.includes(`--include=${w}`), `${w} in ${args.join(" ")}`);
    await Deno.stat(join(REPO, w));
  }
});

Deno.test("deno.json start and ids tasks are scripts/flags.ts's command lines", async () => {
  const { tasks } = await denoJson();
  assert.equal(tasks.start, taskCommand("serve"), "update deno.json tasks.start");
  assert.equal(tasks.ids, taskCommand(), "update deno.json tasks.ids");
  assert.match(tasks.compile, /scripts\/compile\.ts$/);
  for (const os of ["linux", "mac", "windows"]) {
    assert.equal(tasks[`compile:${os}`], `deno task compile ${os}`);
  }
});

async function deno(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO,
    env: { NO_COLOR: "1", ...env },
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("deno task compile: five targets, each `deno compile` with exactly the shared flags", async () => {
  const r = await deno(["task", "compile", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.deepEqual(lines, TARGETS.map((t) => ["deno", ...compileArgs(t)].join(" ")));
  assert.deepEqual(TARGETS.map((t) => t.triple).sort(), [
    "aarch64-apple-darwin",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-gnu",
  ]);
  for (const line of lines) {
    for (const flag of RUN_FLAGS) assert.ok(line.includes(` ${flag} `), `${flag} in ${line}`);
  }
  const mac = await deno(["task", "compile:mac", "--dry-run"]);
  assert.equal(mac.stdout.trim().split("\n").length, 2, mac.stderr);
  const bad = await deno(["task", "compile", "--dry-run", "solaris"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown target 'solaris'; expected one of: linux/);
});

Deno.test("every environment variable the code reads is in the shipped --allow-env list", async () => {
  const read = new Set<string>();
  const pattern =
    /(?:\benv|Deno\.env\.get|safeEnv)\(\s*"([A-Z0-9_]+)"|process\.env(?:\.([A-Z0-9_]+)|\["([A-Z0-9_]+)"\])/g;
  const files = [join(REPO, "main.ts")];
  for await (const f of tsFiles(join(REPO, "src"))) if (!f.endsWith("gen_schema.ts")) files.push(f);
  for (const file of files) {
    for (const m of (await Deno.readTextFile(file)).matchAll(pattern)) {
      read.add(m[1] ?? m[2] ?? m[3]);
    }
  }
  assert.ok(read.has("IDS_KV") && read.has("IDS_MCP_TOKEN"), [...read].join(","));
  const allowed = new Set<string>(ENV_NAMES);
  const missing = [...read].filter((n) => !allowed.has(n));
  assert.deepEqual(missing, [], "add these to ENV_NAMES in scripts/flags.ts");
});

/** The package name of a lockfile key (`@scope/name@1.2.3_peer@4` → `@scope/name`). */
function lockName(key: string): string {
  return key.slice(0, key.indexOf("@", 1));
}

/**
 * The npm packages a lockfile's `specifiers` reach through its own dependency lists: read
 * from the file alone, so the check never asks the registry what it publishes today.
 */
function lockClosure(lock: { specifiers: Record<string, string>; npm: Record<string, unknown> }) {
  const keys = Object.keys(lock.npm);
  const find = (dep: string): string => {
    // "name" when one version is locked, "name@1.2.3" (maybe with peers) otherwise.
    const hit = dep.indexOf("@", 1) > 0
      ? keys.find((k) => k === dep || k.startsWith(dep + "_"))
      : keys.find((k) => lockName(k) === dep);
    assert.ok(hit, `the lock names '${dep}' but holds no entry for it`);
    return hit;
  };
  const seen = new Set<string>();
  const todo = Object.entries(lock.specifiers).map(([spec, v]) =>
    find(`${lockName(spec.slice(4) + "@")}@${v}`)
  );
  while (todo.length) {
    const key = todo.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = lock.npm[key] as { dependencies?: string[]; optionalDependencies?: string[] };
    for (const d of [...entry.dependencies ?? [], ...entry.optionalDependencies ?? []]) {
      todo.push(find(d));
    }
  }
  return seen;
}

Deno.test("scripts/compile.lock covers main.ts offline, holds nothing else and agrees with deno.lock", async () => {
  // Resolving a fresh lock would ask the registry for the newest matching versions, so the
  // test would break whenever a dependency of a dependency publishes. Instead: --frozen
  // install from a copy of the committed lock (it fails if main.ts needs anything the lock
  // lacks, and resolves nothing anew), then the lock's own graph for the rest.
  const dir = await Deno.makeTempDir();
  try {
    const copy = join(dir, "compile.lock");
    const text = await Deno.readTextFile(join(REPO, COMPILE_LOCK));
    await Deno.writeTextFile(copy, text);
    const r = await deno([
      "install",
      "--no-config",
      `--lock=${copy}`,
      "--frozen",
      "--entrypoint",
      "main.ts",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await Deno.readTextFile(copy), text, "a frozen install leaves the lock as it is");
    const committed = JSON.parse(text);
    // The pinned specifiers are exactly src/deps' npm: imports.
    const imported = new Set<string>();
    for await (const f of tsFiles(join(REPO, "src/deps"))) {
      for (
        const m of (await Deno.readTextFile(f)).matchAll(/"npm:((?:@[^/@"]+\/)?[^/@"]+@[^/"]+)/g)
      ) {
        imported.add(`npm:${m[1]}`);
      }
    }
    assert.deepEqual(Object.keys(committed.specifiers).sort(), [...imported].sort());
    // Nothing in it beyond what those specifiers reach.
    assert.deepEqual([...lockClosure(committed)].sort(), Object.keys(committed.npm).sort());
    const full = JSON.parse(await Deno.readTextFile(join(REPO, "deno.lock")));
    for (const [pkg, entry] of Object.entries(committed.npm as Record<string, unknown>)) {
      assert.deepEqual(
        entry,
        full.npm[pkg],
        `${pkg} differs between ${COMPILE_LOCK} and deno.lock`,
      );
    }
    assert.ok(!Object.keys(committed.npm).some((p) => p.startsWith("web-ifc")), "dev-only");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task compile embeds the server and writes SHA256SUMS (DENORT_BIN for the runtime)", async () => {
  // denort cannot be downloaded here; DENORT_BIN makes deno compile use a local base binary.
  // The result is not a runnable ids-mcp (deno is not denort), but everything before that is
  // the real build: flags accepted, lockfile frozen, modules and npm packages embedded.
  const dir = await Deno.makeTempDir();
  try {
    const r = await deno(["task", "compile", "--out-dir", dir, "x86_64-unknown-linux-gnu"], {
      DENORT_BIN: Deno.execPath(),
    });
    assert.equal(r.code, 0, r.stderr);
    const listing = r.stdout + r.stderr;
    // The generated schema and pset tables are imported modules, so they are embedded as code.
    // (src/schema/ holds them; the listing folds it to one line with its size.)
    // (Deno folds @modelcontextprotocol into one line per package when it holds two.)
    const expected = [
      "libxml2-wasm",
      "@modelcontextprotocol",
      "sdk/",
      "ext-apps/",
      "zod",
      "fflate",
    ];
    expected.push("schema/* (1.");
    for (const embedded of expected) {
      assert.ok(listing.includes(embedded), `${embedded} embedded:\n${listing}`);
    }
    assert.ok(!listing.includes("web-ifc"), "development-only web-ifc is not embedded");
    const sums = await Deno.readTextFile(join(dir, "SHA256SUMS"));
    assert.match(sums, /^[0-9a-f]{64} {2}ids-mcp-x86_64-unknown-linux-gnu\n$/);
    const check = await new Deno.Command("sha256sum", { args: ["-c", "SHA256SUMS"], cwd: dir })
      .output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SHA256SUMS is what `sha256sum -c` verifies, and it catches a changed file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "ids-mcp-a"), "binary a");
    await Deno.writeTextFile(join(dir, "ids-mcp-b.exe"), "binary b");
    const text = await writeChecksums(dir, ["ids-mcp-b.exe", "ids-mcp-a"]);
    assert.equal(text.trim().split("\n").length, 2);
    const verify = () =>
      new Deno.Command("sha256sum", { args: ["-c", "SHA256SUMS"], cwd: dir }).output();
    assert.equal((await verify()).code, 0);
    await Deno.writeTextFile(join(dir, "ids-mcp-a"), "tampered");
    const bad = await verify();
    assert.notEqual(bad.code, 0);
    assert.match(new TextDecoder().decode(bad.stdout), /ids-mcp-a: FAILED/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main.ts runs from a URL served as text/plain with --no-config: validate and MCP over stdio", async () => {
  // Served as raw.githubusercontent.com serves a tag: text/plain.
  const served = serveCheckout(REPO);
  const url = `${served.base}main.ts`;
  // A copy of the compile lock pins the npm versions (a lock-less run would resolve the
  // registry's newest, so the test would change with what is published); it is not frozen,
  // since the served modules' hashes are added to it.
  const lock = join(Deno.makeTempDirSync(), "url.lock");
  Deno.copyFileSync(join(REPO, COMPILE_LOCK), lock);
  const run = (args: string[], stdin?: string) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", `--lock=${lock}`, "--unstable-kv", ...args],
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

    const init = JSON.stringify(INIT);
    const s = await run([
      ...RUN_FLAGS.filter((f) => f !== "--unstable-kv"),
      url,
      "serve",
      "--kv",
      ":memory:",
    ], init + "\n");
    const out = new TextDecoder().decode(s.stdout);
    assert.match(out, /"serverInfo":\{"name":"ids-mcp"/, new TextDecoder().decode(s.stderr));
  } finally {
    await served.close();
  }
});
