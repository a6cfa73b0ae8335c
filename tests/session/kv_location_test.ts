import assert from "node:assert/strict";
import { isIdsError } from "../../src/ids/errors.ts";
import { defaultKvPath, openKv, resolveKvLocation } from "../../src/session/kv_location.ts";
import { SessionStore } from "../../src/session/kv_store.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("resolveKvLocation: memory, URL, file, data-dir default, Deno Deploy", () => {
  assert.deepEqual(resolveKvLocation(":memory:", env({})), { kind: "memory", path: ":memory:" });
  assert.deepEqual(resolveKvLocation("https://api.deno.com/databases/x/connect", env({})), {
    kind: "url",
    path: "https://api.deno.com/databases/x/connect",
  });
  assert.deepEqual(resolveKvLocation("./s.kv", env({})), {
    kind: "file",
    path: "./s.kv",
    isDefault: false,
  });
  assert.deepEqual(resolveKvLocation(undefined, env({ XDG_DATA_HOME: "/data/", HOME: "/h" })), {
    kind: "file",
    path: "/data/ids-mcp/sessions.kv",
    isDefault: true,
  });
  assert.deepEqual(resolveKvLocation("", env({ HOME: "/home/u" })), {
    kind: "file",
    path: "/home/u/.local/share/ids-mcp/sessions.kv",
    isDefault: true,
  });
  // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
  assert.equal(
    defaultKvPath(env({ XDG_DATA_HOME: "rel", HOME: "/h" })),
    "/h/.local/share/ids-mcp/sessions.kv",
  );
  assert.deepEqual(resolveKvLocation(undefined, env({ DENO_DEPLOYMENT_ID: "abc", HOME: "/h" })), {
    kind: "deploy",
  });
  assert.throws(
    () => resolveKvLocation(undefined, env({})),
    (e) => isIdsError(e, "io") && /--kv/.test(e.message),
  );
});

Deno.test("openKv: the default data directory is created on first use", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ids-mcp-xdg-" });
  try {
    const kv = await openKv(undefined, env({ XDG_DATA_HOME: dir }));
    const store = new SessionStore(kv);
    await store.create("default");
    store.close();
    const stat = await Deno.stat(`${dir}/ids-mcp/sessions.kv`);
    assert.ok(stat.isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SessionStore.open: a path in a missing directory → io error naming it", async () => {
  await assert.rejects(
    SessionStore.open("/nonexistent-ids-mcp-dir/x/sessions.kv"),
    (e) => isIdsError(e, "io") && /nonexistent-ids-mcp-dir/.test(e.message),
  );
});
