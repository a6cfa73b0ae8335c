/**
 * Principals (issue 15, item 6): what quotas are counted against. Without tokens, loopback
 * addresses are principals of their own (IPv6 per /64); with tokens, each token is one
 * principal whatever the address; `X-Forwarded-For` counts only from `--trust-proxy` peers.
 * Spawned servers are reached from several loopback source addresses (127.0.0.2, 127.0.0.3).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  addressGroup,
  parseIp,
  parseRange,
  parseTokensFile,
  PrincipalResolver,
  TokenSet,
} from "../../src/http/principals.ts";
import { tempDir } from "../mcp/_helpers.ts";
import { INIT, postFrom, serveOnce, spawnServer, toolCall } from "./_server.ts";

/** `initialize` from `from`; the status (and the session id when 200). */
async function initFrom(
  url: URL,
  from: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; session: string | null; message?: string }> {
  const res = await postFrom(url, from, INIT, headers);
  const text = await res.text();
  return {
    status: res.status,
    session: res.headers.get("mcp-session-id"),
    message: res.status === 200 ? undefined : JSON.parse(text).error?.message,
  };
}

Deno.test("addresses: IPv4 as is, IPv6 per /64, IPv4-mapped IPv6 as IPv4", () => {
  const p = new PrincipalResolver();
  assert.equal(p.addressPrincipal("127.0.0.2"), "addr:127.0.0.2");
  assert.notEqual(p.addressPrincipal("127.0.0.2"), p.addressPrincipal("127.0.0.3"));
  assert.equal(p.addressPrincipal("2001:db8:1:2::5"), p.addressPrincipal("2001:db8:1:2:ffff::1"));
  assert.equal(p.addressPrincipal("2001:db8:1:2::5"), "addr:2001:db8:1:2::/64");
  assert.notEqual(p.addressPrincipal("2001:db8:1:2::5"), p.addressPrincipal("2001:db8:1:3::5"));
  assert.equal(p.addressPrincipal("::ffff:10.1.2.3"), "addr:10.1.2.3");
  assert.equal(addressGroup(parseIp("[fe80::1%eth0]:8080")!), "fe80:0:0:0::/64");
  for (const bad of ["", "1.2.3", "1.2.3.256", "::1::2", "1:2:3:4:5:6:7:8:9", "x", "1.2.3.4/8"]) {
    assert.equal(parseIp(bad), undefined, bad);
  }
  assert.deepEqual([...parseIp("::")!], Array(16).fill(0));
  assert.deepEqual([...parseIp("1::")!].slice(0, 2), [0, 1]);
});

Deno.test("X-Forwarded-For: believed only from a trusted proxy, rightmost untrusted hop", () => {
  const p = new PrincipalResolver([parseRange("10.0.0.1")!, parseRange("fd00::/8")!]);
  // Not from a proxy: the header is the client's own claim.
  assert.equal(p.clientAddress("203.0.113.9", "198.51.100.1"), "203.0.113.9");
  // From the proxy: the hop it appended; what the client wrote to its left proves nothing.
  assert.equal(p.clientAddress("10.0.0.1", "1.1.1.1, 198.51.100.7"), "198.51.100.7");
  // Through two trusted proxies.
  assert.equal(p.clientAddress("10.0.0.1", "198.51.100.7, fd00::2"), "198.51.100.7");
  // Only trusted hops: the leftmost of them.
  assert.equal(p.clientAddress("10.0.0.1", "fd00::3"), "fd00:0:0:0:0:0:0:3");
  // A hop that is no address: the proxy that passed it on is the client.
  assert.equal(p.clientAddress("10.0.0.1", "junk"), "10.0.0.1");
  assert.equal(p.clientAddress("10.0.0.1", null), "10.0.0.1");
  assert.equal(parseRange("10.0.0.0/33"), undefined);
  assert.equal(parseRange("nope"), undefined);
});

Deno.test("tokens: a file of name:token lines; names logged, bad lines refused with the line", () => {
  const tokens = parseTokensFile(
    "# team tokens\nalice:0123456789abcdef\n\n  bob:fedcba9876543210  \nbare-token-xyz\n",
    "f",
  );
  assert.deepEqual(tokens.map((t) => t.name), ["alice", "bob", "line-5"]);
  assert.throws(() => parseTokensFile("alice:\n", "f"), /f line 1: the token is empty/);
  assert.throws(() => parseTokensFile("a b:xyz\n", "f"), /f line 1: the name must be/);
  assert.throws(() => parseTokensFile("x:tok en\n", "f"), /visible ASCII/);
  assert.throws(() => parseTokensFile("# nothing\n", "f"), /holds no token/);
  const set = new TokenSet(tokens);
  assert.equal(set.match("Bearer fedcba9876543210"), "bob");
  assert.equal(set.match("bearer   0123456789abcdef "), "alice");
  assert.equal(set.match("Bearer 0123456789abcdeF"), undefined);
  assert.equal(set.match("Basic 0123456789abcdef"), undefined);
  assert.equal(set.match(null), undefined);
});

Deno.test("without tokens: each loopback address is a principal with its own session quota", async () => {
  const server = await spawnServer(["--kv", ":memory:", "--max-sessions-per-client", "2"]);
  try {
    for (const from of ["127.0.0.2", "127.0.0.3"]) {
      assert.equal((await initFrom(server.url, from)).status, 200);
      assert.equal((await initFrom(server.url, from)).status, 200);
      const over = await initFrom(server.url, from);
      assert.equal(over.status, 429, from);
      assert.match(over.message!, /too many sessions for this client address \(limit 2\)/);
    }
  } finally {
    await server.stop();
  }
});

Deno.test("with tokens: one principal per token whatever the address; the log names the token, never shows it", async () => {
  await using dir = await tempDir();
  const file = join(dir.path, "tokens.txt");
  const alice = "alice-0123456789abcdef";
  const bob = "bob-0123456789abcdef";
  await Deno.writeTextFile(file, `# who\nalice:${alice}\nbob:${bob}\n`);
  const flag = "flag-0123456789abcdef";
  const server = await spawnServer([
    "--kv",
    ":memory:",
    "--max-sessions-per-client",
    "2",
    "--tokens-file",
    file,
    "--auth-token",
    flag,
  ]);
  try {
    const as = (t: string) => ({ authorization: `Bearer ${t}` });
    assert.equal((await initFrom(server.url, "127.0.0.2", as(alice))).status, 200);
    assert.equal((await initFrom(server.url, "127.0.0.3", as(alice))).status, 200);
    const over = await initFrom(server.url, "127.0.0.4", as(alice));
    assert.equal(over.status, 429, "a third address does not give alice more sessions");
    assert.match(over.message!, /too many sessions for this token \(limit 2\)/);
    // Bob (and the --auth-token one) are not affected by alice's sessions.
    const b = await initFrom(server.url, "127.0.0.3", as(bob));
    assert.equal(b.status, 200);
    assert.equal((await initFrom(server.url, "127.0.0.2", as(flag))).status, 200);
    assert.equal((await initFrom(server.url, "127.0.0.2", as("nobody-0123456789"))).status, 401);
    const call = await postFrom(server.url, "127.0.0.3", toolCall(2, "get_ids_info"), {
      ...as(bob),
      "mcp-session-id": b.session!,
    });
    await call.body?.cancel();
    // The log lines come after the replies: wait for every principal's, not just the last one's.
    const names = ["alice", "bob", "token"].map((p) => `"principal":"${p}"`);
    for (let i = 0; i < 200 && !names.every((n) => server.stderr().includes(n)); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const log = server.stderr();
    assert.match(log, /"principal":"alice"/);
    assert.match(log, /"principal":"bob"/);
    assert.match(log, /"principal":"token"/);
    for (const t of [alice, bob, flag]) assert.ok(!log.includes(t), "no token in the log");
  } finally {
    await server.stop();
  }
});

Deno.test("X-Forwarded-For from a --trust-proxy peer names the client; from others it is ignored", async () => {
  const server = await spawnServer([
    "--kv",
    ":memory:",
    "--max-sessions-per-client",
    "1",
    "--trust-proxy",
    "127.0.0.2",
  ]);
  try {
    const via = (from: string, xff: string) =>
      initFrom(server.url, from, { "x-forwarded-for": xff });
    // Through the proxy, two clients: one session each.
    assert.equal((await via("127.0.0.2", "198.51.100.1")).status, 200);
    assert.equal((await via("127.0.0.2", "198.51.100.2")).status, 200);
    assert.equal((await via("127.0.0.2", "198.51.100.1")).status, 429);
    // A client cannot pose as another by writing to the left of the proxy's hop.
    assert.equal((await via("127.0.0.2", "198.51.100.9, 198.51.100.2")).status, 429);
    // Not from the proxy: the header is ignored, the peer address counts.
    assert.equal((await via("127.0.0.3", "198.51.100.3")).status, 200);
    assert.equal((await via("127.0.0.3", "198.51.100.4")).status, 429);
  } finally {
    await server.stop();
  }
});

Deno.test("refused at start: an empty token in --tokens-file, a duplicate token, a bad --trust-proxy", async () => {
  await using dir = await tempDir();
  const file = join(dir.path, "t.txt");
  await Deno.writeTextFile(file, "alice:\n");
  const empty = await serveOnce([
    "--http",
    "--port",
    "0",
    "--kv",
    ":memory:",
    "--tokens-file",
    file,
  ]);
  assert.equal(empty.code, 2);
  assert.match(empty.err, /line 1: the token is empty/);
  await Deno.writeTextFile(file, "alice:same-0123456789\nbob:same-0123456789\n");
  const dup = await serveOnce(["--http", "--port", "0", "--kv", ":memory:", "--tokens-file", file]);
  assert.equal(dup.code, 2);
  assert.match(dup.err, /the token named 'bob' is given twice/);
  assert.doesNotMatch(dup.err, /same-0123456789/);
  const proxy = await serveOnce([
    "--http",
    "--port",
    "0",
    "--kv",
    ":memory:",
    "--trust-proxy",
    "proxy.example",
  ]);
  assert.equal(proxy.code, 2);
  assert.match(proxy.err, /--trust-proxy must be an IP address or a CIDR range/);
});
