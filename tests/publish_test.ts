/**
 * The JSR package: `deno publish --dry-run` passes with no warning (licence present, no
 * unanalyzable imports) and ships only what a user runs: main.ts, src/, docs/, the licence, the
 * notice and the README, never tests, benchmarks or build scripts. The dry run needs no
 * network (JSR is only contacted by a real publish); `--allow-dirty` lets it run on a
 * working tree with uncommitted changes.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));

Deno.test("deno publish --dry-run: no warnings, only the files a user runs", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: REPO,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  assert.equal(r.code, 0, out);
  assert.doesNotMatch(out, /^\s*(warning|error)(\[[\w-]+\])?:/m, out);
  const listed = [...out.matchAll(/^\s+file:\/\/(\S+) \(/gm)].map((m) => m[1].slice(REPO.length));
  assert.ok(listed.length > 0, out);
  for (const f of ["main.ts", "LICENSE", "NOTICE", "README.md", "deno.json", "src/cli/render.ts"]) {
    assert.ok(listed.includes(f), `${f} is published: ${listed.join(", ")}`);
  }
  const stray = listed.filter((f) =>
    !/^(main\.ts|LICENSE|NOTICE|README\.md|deno\.json|src\/|docs\/)/.test(f)
  );
  assert.deepEqual(stray, [], "nothing but what a user runs");
});
