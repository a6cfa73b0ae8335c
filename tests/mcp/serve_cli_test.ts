/** `serve` command-line handling: help, bad options, bad values. */
import assert from "node:assert/strict";
import { MAIN, REPO } from "./_helpers.ts";

async function serve(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--unstable-kv", "-A", MAIN, "serve", ...args],
    cwd: REPO,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const d = new TextDecoder();
  return { code: r.code, out: d.decode(r.stdout), err: d.decode(r.stderr) };
}

Deno.test("serve --help lists every option; bad options fail with exit 2", async () => {
  const help = await serve("--help");
  assert.equal(help.code, 0);
  for (
    const opt of [
      "--stdio",
      "--http",
      "--hostname",
      "--port",
      "--kv",
      "--session",
      "--session-ttl",
      "--root",
      "--xsd-dir",
      "--auth-token",
    ]
  ) assert.ok(help.out.includes(opt), opt);
  const bogus = await serve("--bogus");
  assert.equal(bogus.code, 2);
  assert.match(bogus.err, /bogus/);
  const port = await serve("--http", "--port", "99999");
  assert.equal(port.code, 2);
  assert.match(port.err, /--port/);
  const ttl = await serve("--kv", ":memory:", "--session-ttl", "soon");
  assert.equal(ttl.code, 1);
  assert.match(ttl.err, /soon/);
  const root = await serve("--kv", ":memory:", "--root", "/no/such/dir");
  assert.equal(root.code, 1);
  assert.match(root.err, /\/no\/such\/dir/);
});
