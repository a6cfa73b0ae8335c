/**
 * The embedded MCP App pages (src/mcp/apps/generated/) are what `deno task build:apps` builds
 * from the page sources now, so a change to a page, its CSS or ext-apps cannot ship a stale
 * page; and the stubs that keep zod's unused parts out of the pages stay narrow.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { stubExternals } from "../scripts/build_apps.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));

Deno.test("build:apps --check: the committed app pages are current", async () => {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/build_apps.ts", "--check"],
    cwd: REPO,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});

Deno.test("build:apps stubs: a namespace is empty, a named import throws when its method runs", () => {
  const { js, stubbed } = stubExternals(
    `import*as a from"../locales/index.js";import{toJSONSchema as b,c}from"./x.js";` +
      `import en from"../locales/en.js";a;`,
  );
  assert.deepEqual([...stubbed], ["../locales/index.js", "./x.js", "../locales/en.js"]);
  assert.doesNotMatch(js, /import/);
  const run = new Function(`${js}; return { a, b, c, en };`) as () => {
    a: object;
    b: () => () => void;
    c: () => () => void;
    en: () => object;
  };
  const { a, b, c, en } = run();
  assert.deepEqual(a, {});
  assert.deepEqual(en(), {});
  assert.equal(typeof b(), "function", "building a lazy method does not throw");
  assert.throws(() => b()(), /toJSONSchema is not bundled in this app page/);
  assert.throws(() => c()(), /c is not bundled/);
});
