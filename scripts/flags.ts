/**
 * How ids-mcp is run, in one place: the permissions the server needs, the release targets and
 * the exact `deno compile` command for each. `scripts/compile.ts` (the `compile` task) builds
 * from it, the release workflow runs that task, and the tests start the server with exactly
 * these flags (`tests/mcp/start_task_test.ts`, `tests/run_modes_test.ts`); the `start` and `ids`
 * tasks in deno.json are checked against {@linkcode taskCommand} by `tests/run_modes_test.ts`,
 * because a deno.json task cannot import TypeScript.
 *
 * Why each permission:
 * - read, write: the session Kv file, `--root` directories given at run time (export_ids,
 *   load_ids, validate_ifc_model paths), `check --output`, `format --write`, `--xsd-dir`. The
 *   directories are known only at run time, so they cannot be narrowed here; the server's own
 *   root check (symlinks resolved) is the boundary for tool calls.
 * - env: only the variables in {@linkcode ENV_NAMES}.
 * - net: only loopback, for `serve --http` (stdio and the CLI commands use no network).
 * - no run, ffi or sys; no prompts.
 *
 * @module
 */

/** Every environment variable the server reads; `tests/run_modes_test.ts` checks src/ for more. */
export const ENV_NAMES = [
  "IDS_KV", // --kv
  "IDS_XSD_DIR", // --xsd-dir
  "IDS_MCP_TOKEN", // --auth-token
  "XDG_DATA_HOME", // default Kv location
  "HOME", // default Kv location
  "USERPROFILE", // default Kv location (Windows)
  "DENO_DEPLOYMENT_ID", // Deno Deploy detection
  "DENO_DEPLOY", // Deno Deploy detection
  "PORT", // HTTP port on a hosting platform (Deploy mode)
  "IDS_LOG_LEVEL", // HTTP request log level (helper "http")
] as const;

/** Hosts `serve --http` may listen on with the shipped permissions. */
export const NET_HOSTS = ["127.0.0.1", "localhost"] as const;

/** The runtime flags: `deno run`/`deno compile` options before the script. */
export const RUN_FLAGS: readonly string[] = [
  // A missing permission fails at once instead of asking on a terminal: a CLI run or a
  // binary never waits on a prompt, and env lookups outside ENV_NAMES read as unset.
  "--no-prompt",
  "--unstable-kv",
  // A young generation of at most 8 MiB per semi-space (V8's default grows to 16 MiB): a big
  // check keeps its model in typed arrays, not in short-lived objects, so the larger nursery
  // only added resident memory (100 MB model: 331 → 293–302 MB peak, 300 MB: 718 → 645 MB,
  // same time within noise; BENCHMARKS.md). V8 reads it at start-up only, hence a flag here.
  "--v8-flags=--max-semi-space-size=8",
  "--allow-read",
  "--allow-write",
  `--allow-env=${ENV_NAMES.join(",")}`,
  `--allow-net=${NET_HOSTS.join(",")}`,
];

/**
 * Files the server loads at run time that are not imported, so `deno compile` embeds them only
 * when told (`--include`): the index-scan worker (`new Worker(…)` is not followed by the
 * build). Nothing else: libxml2's wasm is inlined in its JavaScript, the IFC schema tables are
 * generated TypeScript that is imported, and the official XSD is the user's (`--xsd-dir`).
 */
export const INCLUDE: readonly string[] = ["src/ifc/scan_worker.ts"];

/**
 * The lockfile for builds: it holds only the npm packages `main.ts` reaches, so a binary
 * embeds those and not the development-only ones of deno.json (web-ifc alone is 24 MB).
 * Regenerate with `deno task compile:lock` after changing a dependency in src/deps.
 */
export const COMPILE_LOCK = "scripts/compile.lock";

/**
 * Module resolution for builds and for the tests that stand in for a binary: no deno.json (as
 * for a URL run: `src/deps` pins every package), locked by {@linkcode COMPILE_LOCK}. `root` is
 * the checkout when running from elsewhere.
 */
export function resolutionFlags(root?: string): string[] {
  const lock = root === undefined ? COMPILE_LOCK : `${root.replace(/[\\/]+$/, "")}/${COMPILE_LOCK}`;
  return ["--no-config", `--lock=${lock}`, "--frozen"];
}

/** A release target: a `deno compile --target` triple and the file it produces in `dist/`. */
export interface Target {
  readonly triple: string;
  /** Short names that select it on the `compile` task's command line. */
  readonly os: "linux" | "mac" | "windows";
  readonly file: string;
}

function target(triple: string, os: Target["os"]): Target {
  return { triple, os, file: `ids-mcp-${triple}${os === "windows" ? ".exe" : ""}` };
}

/** The five release binaries. */
export const TARGETS: readonly Target[] = [
  target("x86_64-unknown-linux-gnu", "linux"),
  target("aarch64-unknown-linux-gnu", "linux"),
  target("x86_64-apple-darwin", "mac"),
  target("aarch64-apple-darwin", "mac"),
  target("x86_64-pc-windows-msvc", "windows"),
];

/** Where builds go, relative to the checkout. */
export const DIST = "dist";

/** `deno compile` arguments (without `deno`) for `t`, writing into `outDir`. */
export function compileArgs(t: Target, outDir: string = DIST): string[] {
  return [
    "compile",
    ...resolutionFlags(),
    ...RUN_FLAGS,
    ...INCLUDE.map((f) => `--include=${f}`),
    "--target",
    t.triple,
    "--output",
    `${outDir}/${t.file}`,
    "main.ts",
  ];
}

/**
 * `deno run` arguments (without `deno`) that behave as a compiled binary does: the same
 * resolution and permissions. Append the binary's own arguments. `root` is the checkout when
 * the command runs from another directory.
 */
export function binaryEquivalentArgs(root?: string): string[] {
  const main = root === undefined ? "main.ts" : `${root.replace(/[\\/]+$/, "")}/main.ts`;
  return ["run", ...resolutionFlags(root), ...RUN_FLAGS, main];
}

/** The deno.json task line `deno run <flags> main.ts [sub-command]` (checked by a test). */
export function taskCommand(subCommand?: string): string {
  return ["deno", "run", ...RUN_FLAGS, "main.ts", ...(subCommand ? [subCommand] : [])].join(" ");
}

/** The one-file bundle for URL runs (`deno task bundle`), a release asset beside the binaries. */
export const BUNDLE_FILE = "ids-mcp.js";
