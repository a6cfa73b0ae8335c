import assert from "node:assert/strict";
import { parseBytes, storeQuotaOptions } from "../../src/cli/serve_store_options.ts";
import { serveOnce } from "../http/_server.ts";

Deno.test("parseBytes: plain bytes, decimal and binary units", () => {
  assert.equal(parseBytes("1048576"), 1048576);
  assert.equal(parseBytes("8MiB"), 8 * 1024 * 1024);
  assert.equal(parseBytes("500 KB"), 500_000);
  assert.equal(parseBytes("1.5GiB"), 1.5 * 1024 ** 3);
  assert.equal(parseBytes("2gb"), 2e9);
  for (const bad of ["", "0", "-1", "8 MiBs", "MiB", "1e6", "0.1"]) {
    assert.equal(parseBytes(bad), undefined, bad);
  }
});

Deno.test("storeQuotaOptions: defaults 8 MiB and 1 GiB; clear refusals", () => {
  assert.deepEqual(storeQuotaOptions({}), {
    kind: "ok",
    maxSessionBytes: 8 * 1024 * 1024,
    maxStoreBytes: 1024 ** 3,
  });
  const bad = storeQuotaOptions({ "max-session-bytes": "lots" });
  assert.equal(bad.kind, "error");
  assert.match((bad as { message: string }).message, /--max-session-bytes must be a size/);
  const inverted = storeQuotaOptions({ "max-session-bytes": "2MiB", "max-store-bytes": "1MiB" });
  assert.match((inverted as { message: string }).message, /below --max-session-bytes/);
});

Deno.test("serve refuses a bad quota option before starting (exit 2)", async () => {
  const r = await serveOnce(["--kv", ":memory:", "--max-store-bytes", "1TB?"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--max-store-bytes must be a size such as 8MiB/);
  const churn = await serveOnce(["--http", "--kv", ":memory:", "--new-sessions-per-minute", "0"]);
  assert.equal(churn.code, 2);
  assert.match(churn.err, /--new-sessions-per-minute must be an integer ≥ 1/);
});
