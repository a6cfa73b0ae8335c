/**
 * The `bundle` task: `main.ts` and every npm package it reaches as one JavaScript file
 * (`ids-mcp.js`, `deno bundle --platform=deno`), so a URL run downloads one file whose content
 * a release pins by its SHA-256, instead of 300+ modules and npm versions resolved afresh.
 * Resolution is the compile task's (`--no-config`, `scripts/compile.lock`, frozen). Then
 * `SHA256SUMS` in the output directory is rewritten to cover the bundle and any release
 * binaries beside it (the release runs `compile` first, then this task).
 *
 * ```sh
 * deno task bundle                   # dist/ids-mcp.js
 * deno task bundle --out-dir /tmp/x
 * ```
 *
 * Two fixes make the bundle run, both checked by tests/bundle_test.ts:
 * - libxml2-wasm's modules import each other in a cycle and one awaits its WebAssembly at top
 *   level; inside a bundle (where lazily imported modules become init functions) that cycle
 *   never finishes initialising. It is bundled on its own first (one module, no cycle) and an
 *   import map points the main bundle at that file.
 * - Its Emscripten loader calls `createRequire(import.meta.url)`, which throws when the bundle
 *   runs from an https: URL; it gets a file: URL instead (it only requires Node built-ins).
 *   The same goes for the `require` esbuild defines at the top of the bundle when a package
 *   mentions `require` (ext-apps' server helpers carry an unused require shim).
 *
 * @module
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BUNDLE_FILE, DIST, resolutionFlags, TARGETS } from "./flags.ts";
import { writeChecksums } from "./compile.ts";

/** The libxml2-wasm specifier of src/deps/libxml2.ts. */
export const LIBXML2 = "npm:libxml2-wasm@0.7.2";

const CREATE_REQUIRE = /(var \w+ = \w+\()import\.meta\.url(\);)/g;

/** Gives the Emscripten loader's `createRequire` a file: URL when the bundle's URL is not one. */
export function patchCreateRequire(js: string): string {
  const hits = js.match(CREATE_REQUIRE)?.length ?? 0;
  if (hits !== 1) {
    throw new Error(
      `expected one createRequire(import.meta.url) in ${LIBXML2}, found ${hits}: ` +
        `check scripts/bundle.ts against the new version`,
    );
  }
  return js.replace(
    CREATE_REQUIRE,
    `$1import.meta.url.startsWith("file:") ? import.meta.url : "file:///"$2`,
  );
}

const REQUIRE_SHIM = "var __require = __deno_internal_createRequire(import.meta.url);";

/**
 * Gives the `require` esbuild defines for packages that mention it a file: URL when the
 * bundle's URL is not one (`createRequire` throws on an https: URL at start-up).
 */
export function patchRequireShim(js: string): string {
  const at = js.indexOf(REQUIRE_SHIM);
  if (at < 0) return js;
  if (js.indexOf(REQUIRE_SHIM, at + 1) >= 0) {
    throw new Error("expected at most one esbuild require shim: check scripts/bundle.ts");
  }
  return js.slice(0, at) +
    `var __require = __deno_internal_createRequire(import.meta.url.startsWith("file:") ? ` +
    `import.meta.url : "file:///");` + js.slice(at + REQUIRE_SHIM.length);
}

/**
 * esbuild labels each module with its path relative to the working directory (in comments and
 * init-function names only): the temporary libxml2 bundle and the npm cache (DENO_DIR) differ
 * between machines and runs, so they are relabelled and the same checkout gives the same bytes.
 */
export function stablePaths(js: string, tmp: string): string {
  const tmpName = tmp.split(/[\\/]/).pop()!;
  const tmpLabel = new RegExp(`[^\\s"']*${tmpName}/libxml2\\.js`, "g");
  const npmLabel = /[^\s"']*\/npm\/registry\.npmjs\.org\//g;
  // Labels sit on short lines (`// path`, `"path"() {`); the long ones (inlined WebAssembly,
  // minified code) are skipped, which also keeps the scan linear.
  return js.split("\n").map((line) =>
    line.length > 400
      ? line
      : line.replace(tmpLabel, `${LIBXML2}/bundled.js`).replace(npmLabel, "npm/")
  ).join("\n");
}

async function deno(args: string[], cwd: string): Promise<void> {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) throw new Error(`deno ${args.join(" ")} failed (exit ${code})`);
}

/**
 * Builds `outDir/ids-mcp.js` from the checkout at `root`; returns its path. Runs in `root`, so
 * the module labels esbuild writes are the same wherever it is called from.
 */
export async function bundle(outDir: string, root = "."): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "ids-mcp-bundle-" });
  try {
    const lib = `${tmp}/libxml2.js`;
    const flags = ["bundle", "--platform=deno", ...resolutionFlags()];
    await deno([...flags, "--quiet", "-o", lib, LIBXML2], root);
    await Deno.writeTextFile(lib, patchCreateRequire(await Deno.readTextFile(lib)));
    const map = `${tmp}/import_map.json`;
    await Deno.writeTextFile(map, JSON.stringify({ imports: { [LIBXML2]: lib } }));
    await Deno.mkdir(outDir, { recursive: true });
    const out = resolve(outDir, BUNDLE_FILE);
    await deno([...flags, `--import-map=${map}`, "--quiet", "-o", out, "main.ts"], root);
    await Deno.writeTextFile(
      out,
      patchRequireShim(stablePaths(await Deno.readTextFile(out), tmp)),
    );
    return out;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/** The release assets present in `dir`: binaries and the bundle. */
async function releaseFiles(dir: string): Promise<string[]> {
  const names = new Set<string>([...TARGETS.map((t) => t.file), BUNDLE_FILE]);
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) if (e.isFile && names.has(e.name)) out.push(e.name);
  return out;
}

async function main(args: string[]): Promise<number> {
  let outDir: string;
  try {
    const { values } = parseArgs({
      args,
      options: { "out-dir": { type: "string", default: DIST } },
    });
    outDir = values["out-dir"];
  } catch (e) {
    console.error(`bundle: ${(e as Error).message}`);
    return 2;
  }
  try {
    const out = await bundle(outDir);
    const sums = await writeChecksums(outDir, await releaseFiles(outDir));
    console.log(`${out}: ${(await Deno.stat(out)).size} bytes\n${outDir}/SHA256SUMS:\n${sums}`);
    return 0;
  } catch (e) {
    console.error(`bundle: ${(e as Error).message}`);
    return 1;
  }
}

if (import.meta.main) Deno.exitCode = await main(Deno.args);
