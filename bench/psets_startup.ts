/**
 * Start-up cost of the standard property set tables: import of psets.ts (with its generated
 * modules) and the first `getPsets()` per schema, each in a fresh process (the schema tables,
 * which every run loads anyway, are imported first and timed separately).
 *
 * ```sh
 * deno run -A bench/psets_startup.ts [RUNS]
 * ```
 *
 * @module
 */
const RUNS = Number(Deno.args[0] ?? 10);

const CHILD = `
const t0 = performance.now();
await import(${JSON.stringify(new URL("../src/schema/schema.ts", import.meta.url).href)});
const t1 = performance.now();
const { getPsets } = await import(${
  JSON.stringify(new URL("../src/schema/psets.ts", import.meta.url).href)
});
const t2 = performance.now();
getPsets("IFC4X3").get("Pset_WallCommon")?.properties.length;
const t3 = performance.now();
getPsets("IFC4"); getPsets("IFC2X3");
const t4 = performance.now();
console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2, t4 - t3]));
`;

const rows: number[][] = [];
for (let i = 0; i < RUNS; i++) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", CHILD],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  rows.push(JSON.parse(new TextDecoder().decode(out.stdout)));
}
const median = (k: number) => {
  const v = rows.map((r) => r[k]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)].toFixed(1);
};
console.log(`median of ${RUNS} fresh processes (ms):`);
console.log(`  import schema.ts (tables, loaded by every run anyway): ${median(0)}`);
console.log(`  import psets.ts (+ 3 generated modules):              ${median(1)}`);
console.log(`  first getPsets("IFC4X3") + one set's properties:      ${median(2)}`);
console.log(`  getPsets("IFC4") + getPsets("IFC2X3"):                ${median(3)}`);
