/**
 * The semantic audit and the one validation verdict on the shared examples (warm), and XSD
 * pattern matching of the ReDoS case `(a+)+b`: the old backtracking path (a JavaScript RegExp,
 * as before re2js) against re2js (src/ids/xsd_pattern.ts).
 *
 * ```sh
 * deno task bench bench/audit_bench.ts
 * ```
 *
 * @module
 */
import { readIds } from "../src/ids/xml.ts";
import { auditDocument } from "../src/audit/audit.ts";
import { validateIdsXml } from "../src/audit/validate.ts";
import { compileXsdPattern } from "../src/ids/xsd_pattern.ts";

const EXAMPLES = new URL("../../shared/ids/examples/", import.meta.url);
const largest = [...Deno.readDirSync(EXAMPLES)]
  .map((e) => ({ name: e.name, size: Deno.statSync(new URL(e.name, EXAMPLES)).size }))
  .sort((a, b) => b.size - a.size)[0].name;
const bytes = Deno.readFileSync(new URL(largest, EXAMPLES));
const doc = readIds(bytes).doc!;
const oma = readIds(Deno.readFileSync(new URL("IDS_oma.ids", EXAMPLES))).doc!;
// Warm: the schema and pset tables are decoded once per process.
auditDocument(doc);
auditDocument(oma);

Deno.bench(`auditDocument: ${largest} (largest example, warm)`, { group: "audit" }, () => {
  auditDocument(doc);
});
Deno.bench("auditDocument: IDS_oma.ids (13 specifications, standard psets)", {
  group: "audit",
}, () => {
  auditDocument(oma);
});
Deno.bench(`validateIdsXml: ${largest} (read + structure + audit)`, { group: "audit" }, () => {
  validateIdsXml(bytes);
});

const evil = (n: number) => "a".repeat(n) + "c";
// The translation the checker used before re2js: an anchored JavaScript RegExp.
const backtracking = new RegExp("^(?:(a+)+b)$", "u");
const linear = compileXsdPattern("(a+)+b")!;
for (const n of [18, 20, 22]) {
  Deno.bench(`(a+)+b on a×${n}+c: JavaScript RegExp (before)`, { group: `redos${n}` }, () => {
    backtracking.test(evil(n));
  });
  Deno.bench(`(a+)+b on a×${n}+c: re2js (now)`, { group: `redos${n}`, baseline: true }, () => {
    linear.test(evil(n));
  });
}
Deno.bench("(a+)+b on a×31+c: re2js (now)", { group: "redos-large" }, () => {
  linear.test(evil(31));
});
Deno.bench("(a+)+b on a×100,000+c: re2js (now)", { group: "redos-large" }, () => {
  linear.test(evil(100_000));
});
