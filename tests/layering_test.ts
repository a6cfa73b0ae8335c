/**
 * The arrows point one way (docs: GUIDE "Layout"): schema at the bottom, ids beside it, audit
 * and ifc above them and independent of each other, the shared check step (src/check) and the
 * adapters (cli, mcp, http) on top. Read from the import lines of every module, so a new
 * back-arrow fails here instead of in review.
 */
import assert from "node:assert/strict";

const SRC = new URL("../src/", import.meta.url);

/** Every module under src/ with the src/ folders it imports from ("." for the root). */
function imports(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (dir: URL, rel: string) => {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isDirectory) walk(new URL(`${e.name}/`, dir), `${rel}${e.name}/`);
      else if (e.name.endsWith(".ts")) {
        const file = new URL(e.name, dir);
        const text = Deno.readTextFileSync(file);
        const targets = new Set<string>();
        const spec = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
        for (const m of text.matchAll(spec)) {
          if (!m[1].startsWith(".")) continue;
          const target = new URL(m[1], file).href;
          assert.ok(target.startsWith(SRC.href), `${rel}${e.name} imports ${m[1]} outside src/`);
          const inside = target.slice(SRC.href.length);
          targets.add(inside.includes("/") ? inside.slice(0, inside.indexOf("/")) : ".");
        }
        out.set(`${rel}${e.name}`, targets);
      }
    }
  };
  walk(SRC, "");
  return out;
}

/** Which src/ folders a layer may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  deps: [],
  schema: [],
  ids: ["deps"],
  audit: ["ids", "schema", "deps"],
  ifc: ["ids", "schema", "deps"],
};

Deno.test("layering: no module imports a layer above its own", () => {
  const all = imports();
  assert.ok(all.size > 50, `read ${all.size} modules`);
  const wrong: string[] = [];
  for (const [module, targets] of all) {
    const layer = module.split("/")[0];
    const allowed = ALLOWED[layer];
    if (!allowed) continue;
    for (const t of targets) {
      if (t !== layer && !allowed.includes(t)) wrong.push(`${module} imports src/${t}/`);
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("layering: the audited check step is shared by the CLI and the MCP tool", () => {
  const all = imports();
  assert.ok(all.get("cli/check_files.ts")?.has("check"));
  assert.ok(all.get("mcp/tools/ifc.ts")?.has("check"));
  // It sits above audit/ and ifc/, below the adapters.
  for (const t of all.get("check/run.ts") ?? []) {
    assert.ok(["audit", "ifc", "ids", "check"].includes(t), `check/run.ts imports src/${t}/`);
  }
});

Deno.test("layering: the scan sees a back-arrow (it would fail on one)", () => {
  // ifc/check.ts used to import audit/validate.ts; the pattern must see such a line.
  const line = 'import { validateIdsXml } from "../audit/validate.ts";';
  const m = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/m.exec(line);
  assert.equal(m?.[1], "../audit/validate.ts");
});
