/**
 * Seeded fuzzing (deterministic, bounded; about 10,000 cases in all). In-process, mutated IDS
 * XML goes through the reader and mutated STEP models through the whole check path; over a
 * real stdio server, malformed JSON-RPC messages and random tool arguments. Asserted: no
 * crash (the server still answers), no internal error or stack trace for client mistakes, no
 * call past its limit, no session changed that was not addressed, every export well-formed.
 * Change SEED to explore; a failure message names the case to replay.
 */
import assert from "node:assert/strict";
import { readIds, writeIds } from "../src/ids/xml.ts";
import { readXmlTree } from "../src/ids/xml_tree.ts";
import { ModelReadError, StepSyntaxError } from "../src/ifc/check.ts";
import { checkIdsXml } from "../src/check/run.ts";
import { join } from "node:path";
import { parseIds } from "../src/ids/xml.ts";
import { SessionStore } from "../src/session/kv_store.ts";
import { rng } from "./ids/_mutate.ts";
import { mutateText } from "./fuzz/_mutate_bytes.ts";
import { RawStdioServer } from "./fuzz/_raw_stdio.ts";
import { FUZZ_CASES, seedPairs } from "./fuzz/_seeds.ts";
import {
  checkExport,
  type ListedTool,
  malformedLine,
  randomArguments,
  serverFault,
} from "./fuzz/_tool_calls.ts";
import { tempDir } from "./mcp/_helpers.ts";

const SEED = 20261130;

const PAIRS = seedPairs();
/** Longest a single in-process case may take: generous, it catches hangs and blow-ups only. */
const CASE_LIMIT_MS = 10_000;

Deno.test("fuzz: mutated IDS XML never makes the reader throw", () => {
  assert.ok(PAIRS.length > 100, "the official test cases are the seeds");
  const random = rng(SEED);
  let slowest = 0;
  let roundTrips = 0;
  for (let k = 0; k < FUZZ_CASES.xml; k++) {
    const seed = PAIRS[k % PAIRS.length];
    const xml = mutateText(seed.ids, random);
    const started = performance.now();
    try {
      const read = readIds(xml);
      if (read.doc) {
        // Whatever loads exports to XML that loads back to the same model.
        const back = readIds(writeIds(read.doc));
        assert.deepEqual(back.errors, [], `case ${k}: the export does not read back`);
        assert.deepEqual(back.doc, read.doc, `case ${k}: the export changes the model`);
        roundTrips++;
      }
      try {
        readXmlTree(new TextEncoder().encode(xml));
      } catch (e) {
        if (!(e instanceof Error && "code" in e)) throw e;
      }
    } catch (e) {
      assert.fail(`case ${k} (${seed.name}): ${(e as Error).stack}\n${JSON.stringify(xml)}`);
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  assert.ok(slowest < CASE_LIMIT_MS, `slowest case took ${slowest} ms`);
  assert.ok(roundTrips > 100, `${roundTrips} mutated documents still loaded and round-tripped`);
});

Deno.test("fuzz: mutated STEP models are checked or refused as unreadable, never crash", async () => {
  const random = rng(SEED + 1);
  let slowest = 0;
  let refused = 0;
  for (let k = 0; k < FUZZ_CASES.step; k++) {
    const seed = PAIRS[(k * 7) % PAIRS.length];
    const ifc = mutateText(seed.ifc, random);
    const started = performance.now();
    try {
      await checkIdsXml(seed.ids, new TextEncoder().encode(ifc));
    } catch (e) {
      if (e instanceof StepSyntaxError || e instanceof ModelReadError) refused++;
      else assert.fail(`case ${k} (${seed.name}): ${(e as Error).stack}\n${ifc.slice(0, 2000)}`);
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  assert.ok(refused > 100 && refused < FUZZ_CASES.step, `some but not all refused (${refused})`);
  assert.ok(slowest < CASE_LIMIT_MS, `slowest case took ${slowest} ms`);
});

Deno.test("fuzz: a real stdio server survives malformed messages and random tool arguments", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "fuzz.kv");
  // A bystander session on the same Kv: nothing the fuzzed session does may touch it.
  const store = await SessionStore.open(kv);
  const bystander = parseIds(PAIRS[0].ids);
  await store.create("bystander");
  await store.update("bystander", () => ({ doc: bystander, result: 0 }));
  store.close();

  const limitMs = 5_000;
  const server = new RawStdioServer(
    ["--kv", kv, "--session", "fuzz", "--root", dir.path, "--call-timeout", `${limitMs}ms`],
    dir.path,
  );
  const random = rng(SEED + 2);
  const faults: string[] = [];
  let calls = 0;
  let exports = 0;
  let slowest = 0;
  try {
    await server.initialize();
    const listed = await server.request("tools/list", {});
    const tools = (listed.result?.tools ?? []) as ListedTool[];
    assert.ok(tools.length >= 20, "the tools are listed");
    // Seed state now and then so that edits, exports and checks have something to work on.
    const seedDoc = async () => {
      const pair = PAIRS[Math.floor(random() * PAIRS.length)];
      await server.request("tools/call", {
        name: "load_ids",
        arguments: { source: pair.ids, source_type: "string" },
      });
      await Deno.writeTextFile(join(dir.path, "model.ifc"), pair.ifc);
    };
    for (let k = 0; k < FUZZ_CASES.stdio; k++) {
      if (k % 40 === 0) await seedDoc();
      if (random() < 0.15) {
        await server.sendLine(malformedLine(random));
        continue;
      }
      const tool = random() < 0.05
        ? { name: "no_such_tool", inputSchema: {} }
        : tools[Math.floor(random() * tools.length)];
      const args = randomArguments(tool, random);
      const started = performance.now();
      const reply = await server.request("tools/call", { name: tool.name, arguments: args });
      slowest = Math.max(slowest, performance.now() - started);
      calls++;
      const fault = serverFault(reply);
      if (fault) faults.push(`${tool.name}(${JSON.stringify(args).slice(0, 300)}): ${fault}`);
      if (await checkExport(tool.name, reply)) exports++;
    }
    const pong = await server.request("ping", {});
    assert.ok(pong.result, "the server still answers");
  } finally {
    const code = await server.close();
    assert.equal(code, 0, `server exit code; stderr: ${server.stderr.join("").slice(-2000)}`);
  }
  console.log(
    `stdio fuzz: ${calls} calls, ${exports} exports checked, slowest ${Math.round(slowest)} ms`,
  );
  assert.deepEqual(faults, [], "no internal errors or stack traces for client mistakes");
  assert.ok(calls > 700 && exports > 10, `${calls} calls, ${exports} exports checked`);
  assert.ok(slowest < limitMs + 3_000, `no call past its limit (slowest ${slowest} ms)`);
  const after = await SessionStore.open(kv);
  try {
    assert.deepEqual((await after.load("bystander"))?.doc, bystander, "bystander unchanged");
  } finally {
    after.close();
  }
});

Deno.test("stdio: a message above --max-body gets a JSON-RPC error and the server goes on", async () => {
  await using dir = await tempDir();
  const server = new RawStdioServer(["--kv", ":memory:", "--max-body", "4096"], dir.path);
  try {
    await server.initialize();
    const big = await server.request("tools/call", {
      name: "load_ids",
      arguments: { source: "x".repeat(10_000), source_type: "string" },
    });
    assert.equal(big.error?.code, -32600);
    assert.match(big.error?.message ?? "", /larger than the stdio limit of 4096 bytes/);
    const small = await server.request("tools/call", {
      name: "create_ids",
      arguments: { title: "T" },
    });
    assert.equal(small.result?.isError, undefined, JSON.stringify(small));
  } finally {
    assert.equal(await server.close(), 0);
  }
});

Deno.test("stdio: params the MCP schema refuses get -32602 naming the field, not -32603", async () => {
  await using dir = await tempDir();
  const server = new RawStdioServer(["--kv", ":memory:"], dir.path);
  try {
    await server.initialize();
    const noParams = await server.request("tools/call");
    assert.equal(noParams.error?.code, -32602, JSON.stringify(noParams));
    assert.match(noParams.error?.message ?? "", /^invalid params: /);
    const badName = await server.request("tools/call", { name: 42 });
    assert.equal(badName.error?.code, -32602, JSON.stringify(badName));
    assert.match(badName.error?.message ?? "", /name/);
    const fine = await server.request("tools/call", {
      name: "create_ids",
      arguments: { title: "T" },
    });
    assert.equal(fine.result?.isError, undefined, JSON.stringify(fine));
  } finally {
    assert.equal(await server.close(), 0);
  }
});
