/**
 * The seeds of the fuzz tests: the official IDS test-case pairs (a small .ids with its .ifc),
 * read once and sorted so that a seeded run picks the same pairs everywhere, and how many
 * cases each fuzz test of tests/fuzz_test.ts runs (so the HTTP fuzz can report the total).
 *
 * @module
 */

const TESTCASES = new URL("../../../shared/ids/testcases/", import.meta.url);

/** Cases of tests/fuzz_test.ts: IDS documents, IFC models, stdio messages. */
export const FUZZ_CASES = { xml: 6000, step: 4000, stdio: 1000 } as const;

/** One official test case: its IDS and IFC text. */
export interface SeedPair {
  readonly name: string;
  readonly ids: string;
  readonly ifc: string;
}

/** The official test-case pairs (small .ids + .ifc), sorted for determinism. */
export function seedPairs(): SeedPair[] {
  const out: SeedPair[] = [];
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
