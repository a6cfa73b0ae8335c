/**
 * Generates a big IDS of realistic variety for the `load_ids` benchmark (issue 16): 20,000
 * specifications (about 7 MB) by default, drawn deterministically from the specifications of
 * the shared examples, the benchmark fixture and the official passing test cases (every facet
 * kind, restrictions of every kind, all occurrence/cardinality forms), each renamed and given
 * its own identifier, with entity names, property names and values varied so that no two
 * specifications are the same.
 *
 * The shared corpus is read by path (../shared beside the checkout), never copied.
 *
 *     deno run -A bench/ids_gen_big.ts [specifications=20000] [out=bench/out/ids20k.ids]
 *
 * @module
 */
import { parseIds, writeIds } from "../src/ids/xml.ts";
import type { Facet, IdsDocument, Specification } from "../src/ids/model.ts";

const SHARED = new URL("../../shared/ids/", import.meta.url);

/** mulberry32: a small seeded PRNG, so the document is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idsFiles(dir: URL, filter: (name: string) => boolean): URL[] {
  const out: URL[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isFile && e.name.endsWith(".ids") && filter(e.name)) out.push(new URL(e.name, dir));
  }
  return out.sort((a, b) => a.href < b.href ? -1 : 1);
}

/** A corpus specification and its size as compact XML (bytes). */
interface PoolEntry {
  readonly spec: Specification;
  readonly size: number;
}

/** Every specification of the corpus that is small enough to be typical (≤ 3 KB written). */
export function specificationPool(): PoolEntry[] {
  const files = [
    ...idsFiles(new URL("examples/", SHARED), () => true),
    new URL("fixtures/bench20.ids", import.meta.url),
  ];
  for (const kind of Deno.readDirSync(new URL("testcases/", SHARED))) {
    if (!kind.isDirectory) continue;
    files.push(
      ...idsFiles(new URL(`testcases/${kind.name}/`, SHARED), (n) => n.startsWith("pass-")),
    );
  }
  const pool: PoolEntry[] = [];
  const header = compact(writeIds({ info: { title: "x" }, specifications: [] })).length;
  for (const file of files) {
    let doc: IdsDocument;
    try {
      doc = parseIds(Deno.readFileSync(file));
    } catch {
      continue; // a pass- case the model cannot hold as written: not needed for variety
    }
    for (const spec of doc.specifications) {
      const size = compact(writeIds({ info: { title: "x" }, specifications: [spec] })).length -
        header;
      if (size <= 3000) pool.push({ spec, size });
    }
  }
  return pool;
}

/**
 * A custom property set (not a standard Pset_/Qto_ one) renamed by `n`, so specifications
 * differ without inventing standard properties the audit would flag.
 */
function varyFacet(f: Facet, n: number): Facet {
  if (f.facet !== "property" || f.propertySet.kind !== "simple") return f;
  const pset = f.propertySet.value;
  if (/^(Pset|Qto)_/i.test(pset)) return f;
  return { ...f, propertySet: { kind: "simple", value: `${pset}_${n % 500}` } };
}

/** Canonical XML without the indentation between elements (as many authoring tools write). */
export function compact(xml: string): string {
  return xml.replace(/>\n\s*</g, "><");
}

/**
 * `count` specifications drawn from the pool with seed `seed`, small ones far more often (the
 * weight falls with the cube of the size): a few big specifications with long enumerations
 * among many short ones, about 350 bytes each on average as in the 7 MB document of issue 16.
 */
export function bigIds(count = 20_000, seed = 16): IdsDocument {
  const pool = specificationPool();
  const weights = pool.map((e) => (400 / e.size) ** 3);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push(total += w);
  const random = prng(seed);
  const pick = (): Specification => {
    const r = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return pool[lo].spec;
  };
  const specifications: Specification[] = [];
  for (let i = 0; i < count; i++) {
    const base = pick();
    const n = Math.floor(random() * 10_000);
    specifications.push({
      ...base,
      // The corpus names are test-case sentences; real names are a few words.
      name: `${base.name.split(/\s+/).slice(0, 3).join(" ")} ${i + 1}`,
      identifier: `S${String(i + 1).padStart(5, "0")}`,
      applicability: {
        ...base.applicability,
        facets: base.applicability.facets.map((f) => varyFacet(f, n)),
      },
      ...(base.requirements
        ? {
          requirements: {
            ...base.requirements,
            facets: base.requirements.facets.map((f) => varyFacet(f, n + 1)),
          },
        }
        : {}),
    });
  }
  return {
    info: {
      title: `ids-mcp benchmark: ${count} specifications`,
      author: "bench@ids-mcp.example",
      version: "1.0",
      date: "2026-12-04",
      description: "Generated by bench/ids_gen_big.ts from the shared examples and test cases.",
    },
    specifications,
  };
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 20_000);
  const out = Deno.args[1] ?? new URL("out/ids20k.ids", import.meta.url).pathname;
  const xml = compact(writeIds(bigIds(count)));
  await Deno.mkdir(new URL("out/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(out, xml);
  console.log(`${out}: ${count} specifications, ${new TextEncoder().encode(xml).length} bytes`);
}
