/**
 * The `build:apps` task: bundles each MCP App page (src/mcp/apps/pages/) into one
 * self-contained HTML file — inline CSS (the HTML report's or spec sheet's own, plus the app
 * theming), inline module script (the page and ext-apps' `App`, minified), no network — and
 * writes it as a TypeScript module exporting the HTML string (src/mcp/apps/generated/), so the
 * binary, the one-file bundle and Deploy embed the pages as code. `--check` exits 1 when the
 * committed modules differ from a fresh build (tests/build_apps_test.ts runs it).
 *
 * ```sh
 * deno task build:apps           # rewrite src/mcp/apps/generated/*.ts
 * deno task build:apps --check   # verify they are current
 * ```
 *
 * Size: ext-apps' `App` brings the MCP SDK's protocol and zod 4 (~510 KB minified). Parts of
 * zod no page can reach are left out of the bundle (`--external`) and replaced by stubs that
 * throw if ever called: its 40+ translated error-message locales (the English one, which
 * zod configures itself, stays) and its JSON Schema conversion and compiler (used for tool
 * definitions, which the pages do not register). That brings a page to ~200 KB; the test
 * keeps each under 200 KB.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { renderHtml } from "../src/ifc/report/html.ts";
import { specSheetHtml } from "../src/ids/render/spec_sheet_html.ts";
import { APP_CSS, REPORT_BODY, SPEC_SHEET_BODY } from "../src/mcp/apps/pages/shells.ts";

const ROOT = fromFileUrl(new URL("../", import.meta.url));
const GENERATED = "src/mcp/apps/generated";

/**
 * zod modules left out of the page bundles, and why no page needs them (see the module doc).
 * The build fails if one is no longer imported, or if anything else is left unbundled.
 */
export const EXTERNAL: readonly string[] = [
  "*/locales/index.js", // zod's translated error messages
  "*/locales/en.js", // its English ones: without them zod says "Invalid input"
  "*/from-json-schema.js", // z.fromJSONSchema
  "*/json-schema-processors.js", // z.toJSONSchema
  "*/json-schema-generator.js",
  "*/json-schema.js",
  "*/to-json-schema.js",
  "*/compile.js", // z.compile (ahead-of-time parsers)
  "*/visit.js", // z.input/z.output helpers and z.deepPartial
  "*/deep-partial.js",
];

/** One app page: its script, its body and the existing CSS it reuses. */
interface Page {
  readonly module: string;
  readonly constant: string;
  readonly entry: string;
  readonly title: string;
  readonly body: string;
  readonly css: () => string;
}

/** The `<style>` of a page the server renders (the look the apps reuse). */
function styleOf(html: string): string {
  const m = /<style>([\s\S]*?)<\/style>/.exec(html);
  if (!m) throw new Error("no <style> in the rendered page");
  return m[1];
}

export const PAGES: readonly Page[] = [
  {
    module: "report_app.ts",
    constant: "REPORT_APP_HTML",
    entry: "src/mcp/apps/pages/report.ts",
    title: "IDS check report",
    body: REPORT_BODY,
    css: () => styleOf(renderHtml({ status: "pass", specifications: [] })),
  },
  {
    module: "spec_sheet_app.ts",
    constant: "SPEC_SHEET_APP_HTML",
    entry: "src/mcp/apps/pages/spec_sheet.ts",
    title: "IDS spec sheet",
    body: SPEC_SHEET_BODY,
    css: () => styleOf(specSheetHtml({ title: "", info: [], ifcVersions: [], specifications: [] })),
  },
];

/** An import of an unbundled module, as esbuild writes it minified. */
const IMPORT = /import\s*(\*\s*as\s*[\w$]+|\{[^}]*\}|[\w$]+)\s*from\s*"([^"]+)";?/g;

/**
 * Replaces the imports of the {@linkcode EXTERNAL} modules by stubs: an empty namespace; for a
 * named import a function whose result throws when called (zod builds JSON Schema methods
 * lazily, `~standard`); for a default import (the `en` locale) a function returning no
 * messages. zod calls none of them while parsing the protocol's messages.
 */
export function stubExternals(js: string): { js: string; stubbed: Set<string> } {
  const stubbed = new Set<string>();
  const out = js.replace(IMPORT, (_all, what: string, from: string) => {
    stubbed.add(from);
    const ns = /^\*\s*as\s*([\w$]+)$/.exec(what);
    if (ns) return `const ${ns[1]}={};`;
    if (!what.startsWith("{")) return `const ${what}=()=>({});`;
    const names = what.slice(1, -1).split(",").map((s) => s.trim()).filter(Boolean);
    return `const ${
      names.map((n) => {
        const [orig, local] = n.split(/\s+as\s+/);
        return `${local ?? orig}=()=>()=>{throw new Error(${
          JSON.stringify(`${orig} is not bundled in this app page`)
        })}`;
      }).join(",")
    };`;
  });
  return { js: out, stubbed };
}

async function bundleScript(entry: string): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "ids-mcp-apps-" });
  try {
    const out = join(tmp, "page.js");
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform=browser",
        "--minify",
        ...EXTERNAL.map((e) => `--external=${e}`),
        "-o",
        out,
        entry,
      ],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(`deno bundle ${entry} failed:\n${new TextDecoder().decode(stderr)}`);
    }
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/** CSS without its line breaks (the source keeps them for reading). */
function compactCss(css: string): string {
  return css.replace(/([\w)])\n+([\w(])/g, "$1 $2").replace(/\n+/g, "").trim();
}

/** Builds one page's HTML. */
export async function buildPage(page: Page): Promise<string> {
  const { js, stubbed } = stubExternals(await bundleScript(page.entry));
  const names = [...stubbed].map((s) => s.split("/").pop()).sort();
  const expected = EXTERNAL.map((e) => e.split("/").pop()).sort();
  for (const n of names) {
    if (!expected.includes(n)) throw new Error(`${page.entry}: '${n}' was left unbundled`);
  }
  if (/\bimport\s*[\w${*]|\bexport\s*[{*]|import\(/.test(js.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    // A leftover import would fail in the iframe (no network, no module URLs).
    throw new Error(`${page.entry}: the bundle still imports or exports a module`);
  }
  if (js.includes("node_modules") || js.includes(ROOT)) {
    throw new Error(`${page.entry}: a local path is in the bundle`);
  }
  // `</script` would end the inline script early.
  const script = js.replace(/<\/(script)/gi, "<\\/$1");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light dark">` +
    `<title>${page.title}</title>\n<style>${compactCss(page.css() + APP_CSS)}</style></head>\n` +
    `<body>\n` +
    `${page.body}\n<script type="module">${script}</script>\n</body></html>\n`;
}

/** The TypeScript module that embeds a page. */
export function pageModule(page: Page, html: string): string {
  return `/**\n * ${page.title} as an MCP App page: one self-contained HTML file (inline CSS and ` +
    `script,\n * no network). Generated by scripts/build_apps.ts from ${page.entry}; do not ` +
    `edit,\n * run \`deno task build:apps\`.\n *\n * @module\n */\n` +
    `export const ${page.constant} =\n  ${JSON.stringify(html)};\n`;
}

async function main(args: string[]): Promise<number> {
  const check = args.includes("--check");
  let stale = 0;
  for (const page of PAGES) {
    const text = pageModule(page, await buildPage(page));
    const path = join(ROOT, GENERATED, page.module);
    const bytes = new TextEncoder().encode(text).length;
    if (check) {
      const current = await Deno.readTextFile(path).catch(() => "");
      if (current !== text) {
        console.error(`${GENERATED}/${page.module} is stale: run deno task build:apps`);
        stale++;
      }
    } else {
      await Deno.writeTextFile(path, text);
      console.log(`${GENERATED}/${page.module}: ${bytes} bytes`);
    }
  }
  return stale ? 1 : 0;
}

if (import.meta.main) Deno.exitCode = await main(Deno.args);
