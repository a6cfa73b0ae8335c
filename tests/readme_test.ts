/**
 * Every command in README.md and in every docs/*.md page runs, as written; every relative link
 * in them resolves, and the README stays short. The test reads the fenced blocks: `sh` (also
 * `bash`, `shell`) blocks are run line by line, `json` blocks that are MCP client configs
 * (`mcpServers` or `servers`) are launched as the client would. Other languages (`text`, none)
 * are documentation, and a block preceded by `<!-- not-run: REASON -->` is skipped (the reason
 * must be given; a test file it names must exist). A documented command this test cannot run fails
 * it, so no command is added untested.
 *
 * What a command meets, since there is no internet and no release here (each substitution is
 * the only one made):
 * - `npx -y deno@2.9.6` is the local deno; `deno` is on PATH.
 * - `/path/to/ids-mcp` is this checkout, `/path/to/models` (and VS Code's `${workspaceFolder}`)
 *   a temporary folder holding `spec.ids` and `model.ifc` from ../shared, which is also the
 *   working directory until a `cd`.
 * - `https://raw.githubusercontent.com/OWNER/ids-mcp/<tag>/` is this checkout served over HTTP
 *   as text/plain; `https://github.com/OWNER/ids-mcp/releases/download/<tag>/ids-mcp.js` (run by
 *   URL) is the one-file bundle built from this checkout (scripts/bundle.ts), served as GitHub
 *   serves release assets (application/octet-stream); `curl -LO https://github.com/OWNER/ids-mcp/releases/download/<tag>/<file>`
 *   fetches from a simulated release whose binaries are `deno run` with exactly the compile
 *   task's flags (a binary cannot be built here) and whose SHA256SUMS the compile task's code
 *   wrote; `ids-mcp` and `/usr/local/bin/ids-mcp` are that binary.
 * - `--port N` listens on a free port instead (port 0), so tests never collide.
 *
 * Links: every `[text](target)` outside code whose target has no scheme must name an existing
 * file (relative to the page), and a `#anchor` must be the GitHub slug of a heading of that page.
 *
 * How a command is checked: a server (`serve`, `task … start`, `claude mcp add … -- CMD`, a
 * client config) must answer MCP `initialize` over stdio, or over HTTP plus `/healthz` with the
 * token the line sets; with `--root` it must load `spec.ids` from the models folder by path.
 * `deno task test` is the suite itself: it must be what `.ci/run` runs. Any other command must
 * exit 0 (`check`: 0 or 1, "all pass"/"some fail"), and a file given to `--output` must be written.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { binaryEquivalentArgs, BUNDLE_FILE, RUN_FLAGS, TARGETS } from "../scripts/flags.ts";
import { writeChecksums } from "../scripts/compile.ts";
import { bundle } from "../scripts/bundle.ts";
import { health, HttpClient, serveCheckout, spawnHttpServer, StdioServer, text } from "./_spawn.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
const SHARED = join(REPO, "../shared");
const RUNNABLE_SH = new Set(["sh", "bash", "shell"]);

/** The README may hold no more lines than this: the reference lives in docs/. */
const README_MAX_LINES = 250;

/** README.md, then every docs/*.md page, as paths relative to the checkout. */
export async function documentedFiles(): Promise<string[]> {
  const docs: string[] = [];
  for await (const e of Deno.readDir(join(REPO, "docs"))) {
    if (e.isFile && e.name.endsWith(".md")) docs.push(`docs/${e.name}`);
  }
  return ["README.md", ...docs.sort()];
}

/** A fenced block of a Markdown file. */
export interface Block {
  readonly lang: string;
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The reason of a preceding `<!-- not-run: … -->`, if any. */
  readonly notRun?: string;
}

/** The fenced code blocks of a Markdown text, with their not-run markers. */
export function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(fence)) body.push(lines[j++]);
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === "") k--;
    const marker = k >= 0 ? /^<!--\s*not-run(?::\s*(.*?))?\s*-->$/.exec(lines[k].trim()) : null;
    out.push({
      lang: open[2].toLowerCase(),
      body: body.join("\n"),
      line: i + 1,
      notRun: marker ? (marker[1] ?? "") : undefined,
    });
    i = j;
  }
  return out;
}

/** Shell lines of a block: continuations joined, blank and comment-only lines dropped. */
export function shellLines(body: string): string[] {
  const joined = body.replace(/\s*\\\n\s*/g, " ");
  return joined.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

/** The Markdown text outside fenced blocks and inline code spans, line by line. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((l, i) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(l);
    if (fence) {
      if (open && open[1].startsWith(fence)) fence = undefined;
      return;
    }
    if (open) {
      fence = open[1];
      return;
    }
    out.push({ text: l.replace(/(`+)[^`]*?\1/g, ""), line: i + 1 });
  });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, "")
    .replaceAll(" ", "-");
}

/** The anchors of a Markdown text's headings, numbered as GitHub numbers repeats. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text } of proseLinesKeepingCode(markdown)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!h) continue;
    const base = slug(h[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Like proseLines, but keeps inline code (a heading's code span is part of its anchor). */
function proseLinesKeepingCode(markdown: string): { text: string; line: number }[] {
  const lines = markdown.split("\n");
  return proseLines(markdown).map(({ line }) => ({ text: lines[line - 1], line }));
}

/** The relative links of a Markdown text (no scheme such as https: or mailto:). */
export function relativeLinks(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) out.push({ target: m[1], line });
    }
  }
  return out;
}

/** Splits a simple command line into words (no quoting is used in README commands). */
function words(line: string): string[] {
  return line.replace(/\s+#.*$/, "").trim().split(/\s+/);
}

interface World {
  readonly models: string;
  readonly bin: string;
  readonly env: Record<string, string>;
  readonly served: string;
  /** The URL of the served one-file bundle. */
  readonly bundle: string;
}

function substitute(s: string, w: World): string {
  return s
    .replaceAll("npx -y deno@2.9.6", "deno")
    .replaceAll("/usr/local/bin/ids-mcp", join(w.bin, "ids-mcp"))
    .replaceAll("/path/to/ids-mcp", REPO)
    .replaceAll("/path/to/models", w.models)
    .replaceAll("${workspaceFolder}", w.models)
    .replace(/https:\/\/raw\.githubusercontent\.com\/OWNER\/ids-mcp\/[^/\s"]+\//g, w.served)
    .replace(
      /(?<!-LO )https:\/\/github\.com\/OWNER\/ids-mcp\/releases\/download\/[^/\s"]+\/ids-mcp\.js/g,
      w.bundle,
    )
    .replace(/--port (?!0\b)\d+/g, "--port 0");
}

/** Runs `line` through bash with leading `VAR=value` words passed by `env`, so signals reach it. */
function bashArgs(line: string): string[] {
  return ["-c", /^\w+=/.test(line) ? `exec env ${line}` : `exec ${line}`];
}

function isServer(ws: string[]): boolean {
  if (ws.includes("--help") || ws.includes("-h")) return false;
  return ws.includes("serve") || /\btask( --cwd \S+)? start\b/.test(ws.join(" "));
}

/** The checks every launched server must pass. */
async function checkServerAnswers(
  call: (name: string, args: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ws: string[],
  w: World,
): Promise<void> {
  if (!ws.includes("--root")) return;
  const loaded = await call("load_ids", { source: join(w.models, "spec.ids") });
  assert.ok(
    !loaded.isError,
    `--root ${w.models} must allow loading spec.ids: ${JSON.stringify(loaded)}`,
  );
}

async function checkStdio(command: string, args: string[], cwd: string, w: World): Promise<void> {
  const server = new StdioServer(command, args, { cwd, env: w.env });
  try {
    const init = await server.initialize();
    assert.equal(
      (init.result?.serverInfo as { name: string })?.name,
      "ids-mcp",
      JSON.stringify(init),
    );
    const tools = await server.request("tools/list");
    const names = (tools.result?.tools as { name: string }[]).map((t) => t.name);
    assert.ok(names.includes("validate_ifc_model"), names.join(","));
    await checkServerAnswers((n, a) => server.call(n, a), [...args, command], w);
  } finally {
    const { code, stderr } = await server.close();
    assert.equal(code, 0, `stdio server exit ${code}: ${stderr}`);
  }
}

async function checkHttp(line: string, cwd: string, w: World): Promise<void> {
  const ws = words(line);
  const token = /IDS_MCP_TOKEN=(\S+)/.exec(line)?.[1] ?? /--auth-token (\S+)/.exec(line)?.[1];
  const server = await spawnHttpServer("bash", bashArgs(line), { cwd, env: w.env });
  try {
    assert.equal((await health(server.url)).status, "ok");
    if (token) {
      const anonymous = await new HttpClient(server.url).post({
        jsonrpc: "2.0",
        id: 1,
        method: "ping",
      });
      assert.equal(anonymous.status, 401, "the token the README sets is required");
      await anonymous.body?.cancel();
    }
    const client = new HttpClient(server.url, token);
    const init = await client.initialize();
    assert.equal((init.result?.serverInfo as { name: string })?.name, "ids-mcp");
    await checkServerAnswers((n, a) => client.call(n, a), ws, w);
  } finally {
    await server.stop();
  }
}

async function runCommand(line: string, cwd: string, w: World): Promise<void> {
  const r = await new Deno.Command("bash", { args: bashArgs(line), cwd, env: w.env, stdin: "null" })
    .output();
  const d = new TextDecoder();
  const detail = `${line}\nexit ${r.code}\nstdout: ${d.decode(r.stdout).slice(0, 2000)}\nstderr: ${
    d.decode(r.stderr).slice(0, 2000)
  }`;
  const ws = words(line);
  const allowed = ws.includes("check") ? [0, 1] : [0];
  assert.ok(allowed.includes(r.code), detail);
  const output = ws.indexOf("--output");
  if (output >= 0) {
    const info = await Deno.stat(join(cwd, ws[output + 1]));
    assert.ok(info.size > 0, `${ws[output + 1]} written by: ${line}`);
  }
}

/** What kinds of command ran, so the test cannot pass by running nothing. */
type Kind = "stdio" | "http" | "config" | "command" | "ci";

async function runShellBlock(block: Block, w: World, ran: Kind[]): Promise<void> {
  let cwd = w.models;
  for (const raw of shellLines(block.body)) {
    const line = substitute(raw, w);
    const ws = words(line);
    if (ws[0] === "cd") {
      cwd = ws[1];
      assert.ok((await Deno.stat(cwd)).isDirectory, raw);
      continue;
    }
    if (ws[0] === "claude") {
      // `claude mcp add NAME -- CMD…`: the client would launch CMD as a stdio server.
      const dash = ws.indexOf("--");
      assert.ok(ws[1] === "mcp" && ws[2] === "add" && dash > 0, `unsupported: ${raw}`);
      checkDenoRunFlags(ws.slice(dash + 1), raw);
      await checkStdio("bash", bashArgs(ws.slice(dash + 1).join(" ")), cwd, w);
      ran.push("stdio");
      continue;
    }
    checkDenoRunFlags(ws, raw);
    if (ws[0] === "deno" && ws[1] === "task" && ws[2] === "test") {
      // The suite cannot run itself; CI runs exactly this command.
      const ci = await Deno.readTextFile(join(REPO, ".ci/run"));
      assert.match(ci, /"\$\{DENO\[@\]\}" task test/, ".ci/run runs deno task test");
      assert.match(ci, /DENO=\(npx -y deno@2\.9\.6\)/);
      ran.push("ci");
      continue;
    }
    if (isServer(ws)) {
      if (ws.includes("--http")) {
        await checkHttp(line, cwd, w);
        ran.push("http");
      } else {
        await checkStdio("bash", bashArgs(line), cwd, w);
        ran.push("stdio");
      }
      continue;
    }
    await runCommand(line, cwd, w);
    ran.push("command");
  }
}

/** A `deno run` of main.ts in the README must grant exactly the shipped permissions. */
function checkDenoRunFlags(ws: readonly string[], raw: string): void {
  if (!(ws[0] === "deno" && ws[1] === "run")) return;
  const given = ws.filter((x) => /^--(allow|unstable|no-prompt|v8-flags)/.test(x)).sort();
  assert.deepEqual(given, [...RUN_FLAGS].sort(), `permissions of: ${raw}`);
}

interface ClientEntry {
  readonly type?: string;
  readonly command: string;
  readonly args?: string[];
  readonly env?: Record<string, string>;
}

async function runJsonBlock(block: Block, w: World, ran: Kind[]): Promise<void> {
  const config = JSON.parse(block.body) as {
    mcpServers?: Record<string, ClientEntry>;
    servers?: Record<string, ClientEntry>;
  };
  const entries = Object.values(config.mcpServers ?? config.servers ?? {});
  for (const entry of entries) {
    assert.ok(
      entry.type === undefined || entry.type === "stdio",
      `only stdio configs: ${block.line}`,
    );
    let command = substitute(entry.command, w);
    let args = (entry.args ?? []).map((a) => substitute(a, w));
    if (command === "npx") {
      assert.deepEqual(args.slice(0, 2), ["-y", "deno@2.9.6"], `npx runs deno@2.9.6`);
      command = "deno";
      args = args.slice(2);
    }
    if (command === "ids-mcp") command = join(w.bin, "ids-mcp");
    if (command === "deno") command = Deno.execPath();
    checkDenoRunFlags(["deno", ...args], `block at line ${block.line}`);
    const world = { ...w, env: { ...w.env, ...entry.env } };
    await checkStdio(command, args, w.models, world);
    ran.push("config");
  }
}

/** Sets up the models folder, the simulated release, the binary and curl stand-ins. */
async function makeWorld(root: string, served: string, bundleUrl: string): Promise<World> {
  const models = join(root, "models");
  const bin = join(root, "bin");
  const release = join(root, "release");
  for (const d of [models, bin, release, join(root, "data")]) {
    await Deno.mkdir(d, { recursive: true });
  }
  await Deno.copyFile(join(SHARED, "ids/examples/wall_fire_rating.ids"), join(models, "spec.ids"));
  await Deno.copyFile(join(SHARED, "ifc/models/walls-fire-rating.ifc"), join(models, "model.ifc"));
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const binary = `#!/bin/sh\n# ids-mcp as compiled: deno run with the compile task's flags\nexec ${
    [Deno.execPath(), ...binaryEquivalentArgs(REPO)].map(quote).join(" ")
  } "$@"\n`;
  for (const t of TARGETS) await Deno.writeTextFile(join(release, t.file), binary);
  await writeChecksums(release, [...TARGETS.map((t) => t.file), BUNDLE_FILE]);
  const files: Record<string, string> = {
    "ids-mcp": binary,
    curl: `#!/bin/sh
# curl for a simulated GitHub release (tests/readme_test.ts)
[ "$1" = "-LO" ] || { echo "simulated curl: expected -LO URL, got $*" >&2; exit 2; }
case "$2" in
  https://github.com/OWNER/ids-mcp/releases/download/*/*) ;;
  *) echo "simulated curl: not a release URL: $2" >&2; exit 22 ;;
esac
exec cp ${quote(release)}/"$(basename "$2")" .
`,
  };
  for (const [name, body] of Object.entries(files)) {
    await Deno.writeTextFile(join(bin, name), body, { mode: 0o755 });
    await Deno.chmod(join(bin, name), 0o755);
  }
  await Deno.symlink(Deno.execPath(), join(bin, "deno"));
  return {
    models,
    bin,
    served,
    bundle: bundleUrl,
    env: {
      PATH: `${bin}:${Deno.env.get("PATH") ?? ""}`,
      XDG_DATA_HOME: join(root, "data"),
      NO_COLOR: "1",
    },
  };
}

Deno.test("fencedBlocks and shellLines read fences, not-run markers and continuations", () => {
  const md = [
    "<!-- not-run: needs an account -->",
    "",
    "```sh",
    "a \\",
    "  b",
    "# comment",
    "```",
    "```text",
    "x",
    "```",
  ].join("\n");
  const blocks = fencedBlocks(md);
  assert.equal(blocks.length, 2);
  assert.equal(blocks[0].notRun, "needs an account");
  assert.deepEqual(shellLines(blocks[0].body), ["a b"]);
  assert.equal(blocks[1].lang, "text");
  assert.equal(blocks[1].notRun, undefined);
});

Deno.test("slug and relativeLinks follow GitHub's rules", () => {
  assert.equal(slug("Running it for others (HTTP)"), "running-it-for-others-http");
  assert.equal(slug("IDS core: parse / write / validate"), "ids-core-parse--write--validate");
  assert.equal(slug("The one-file bundle (`ids-mcp.js`)"), "the-one-file-bundle-ids-mcpjs");
  assert.deepEqual([...anchors("# A\n```sh\n# not a heading\n```\n## A\n")], ["a", "a-1"]);
  const links = relativeLinks(
    "[a](docs/x.md#y) [b](https://e.org) `[c](no.md)` [d](#z)\n```\n[e](f.md)\n```",
  );
  assert.deepEqual(links.map((l) => l.target), ["docs/x.md#y", "#z"]);
});

Deno.test("README.md is at most 250 lines", async () => {
  const lines = (await Deno.readTextFile(join(REPO, "README.md"))).replace(/\n$/, "").split("\n");
  assert.ok(
    lines.length <= README_MAX_LINES,
    `README.md has ${lines.length} lines; move reference text into docs/ (limit ${README_MAX_LINES})`,
  );
});

Deno.test("every relative link in README.md and docs/*.md resolves", async () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of await documentedFiles()) {
    const md = await Deno.readTextFile(join(REPO, file));
    for (const { target, line } of relativeLinks(md)) {
      checked++;
      const [path, anchor] = target.split("#", 2) as [string, string | undefined];
      const abs = path === "" ? join(REPO, file) : join(REPO, dirname(file), decodeURI(path));
      const where = `${file}:${line}: ${target}`;
      if (relative(REPO, abs).startsWith("..")) {
        broken.push(`${where} (outside the checkout)`);
        continue;
      }
      let isFile = false;
      try {
        isFile = (await Deno.stat(abs)).isFile;
      } catch {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (anchor === undefined || anchor === "") continue;
      if (!isFile || !abs.endsWith(".md")) {
        broken.push(`${where} (an anchor into something that is not a Markdown file)`);
        continue;
      }
      if (!anchors(await Deno.readTextFile(abs)).has(anchor)) {
        broken.push(`${where} (no heading with that anchor)`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 20, `only ${checked} relative links found`);
});

Deno.test("every command in README.md and docs/*.md runs as written", async (t) => {
  const files = await documentedFiles();
  const pages: { file: string; blocks: Block[] }[] = [];
  for (const file of files) {
    pages.push({ file, blocks: fencedBlocks(await Deno.readTextFile(join(REPO, file))) });
  }
  const root = await Deno.makeTempDir({ prefix: "ids-mcp-readme-" });
  const served = serveCheckout(REPO);
  // The release: the bundle built from this checkout, served as GitHub serves assets.
  await bundle(join(root, "release"), REPO);
  const assets = serveCheckout(join(root, "release"), "application/octet-stream");
  const ran: Kind[] = [];
  try {
    const w = await makeWorld(root, served.base, `${assets.base}${BUNDLE_FILE}`);
    for (const { file, blocks } of pages) {
      for (const block of blocks) {
        const runnable = RUNNABLE_SH.has(block.lang) || block.lang === "json";
        if (!runnable) continue;
        if (block.notRun !== undefined) {
          assert.ok(
            block.notRun.trim() !== "",
            `${file} line ${block.line}: not-run needs a reason`,
          );
          for (const f of block.notRun.match(/tests\/\S+_test\.ts/g) ?? []) {
            await Deno.stat(join(REPO, f)); // the test it points to exists
          }
          continue;
        }
        await t.step(`${file} line ${block.line} (${block.lang})`, async () => {
          if (block.lang === "json") await runJsonBlock(block, w, ran);
          else await runShellBlock(block, w, ran);
        });
      }
    }
  } finally {
    await served.close();
    await assets.close();
    await Deno.remove(root, { recursive: true });
  }
  for (const kind of ["stdio", "http", "config", "command", "ci"] as const) {
    assert.ok(ran.includes(kind), `no documented command of kind ${kind} ran: ${ran.join(",")}`);
  }
});

// Keeps `text` imported for helpers above that may use it in assertions.
void text;
