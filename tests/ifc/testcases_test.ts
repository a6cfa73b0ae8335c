/**
 * Acceptance: every official buildingSMART IDS test case under ../shared/ids/testcases runs
 * through the `check` command's code path in this one process. `pass-*` must pass, `fail-*`
 * must fail and `invalid-*` must be reported invalid. Prints agreement per folder and the
 * suite time; fails when agreement drops below the measured baseline.
 */
import assert from "node:assert/strict";
import { checkFiles } from "../../src/cli/check_files.ts";

const ROOT = new URL("../../../shared/ids/testcases/", import.meta.url);
/** Cases agreed when this test was last tightened (all of them). */
const BASELINE_AGREED = 227;

interface Case {
  folder: string;
  name: string;
  expected: "pass" | "fail" | "invalid";
}

function listCases(): Case[] {
  const cases: Case[] = [];
  for (
    const dir of [...Deno.readDirSync(ROOT)].filter((d) => d.isDirectory).map((d) => d.name).sort()
  ) {
    for (const f of [...Deno.readDirSync(new URL(`${dir}/`, ROOT))].map((d) => d.name).sort()) {
      if (!f.endsWith(".ids")) continue;
      const name = f.slice(0, -4);
      const expected = name.split("-")[0];
      if (expected !== "pass" && expected !== "fail" && expected !== "invalid") continue;
      cases.push({ folder: dir, name, expected });
    }
  }
  return cases;
}

Deno.test("official IDS test cases agree (pass/fail/invalid)", async () => {
  const cases = listCases();
  assert.ok(cases.length >= 200, `expected the official corpus, found ${cases.length} cases`);
  const perFolder = new Map<string, { agreed: number; total: number }>();
  const disagreements: string[] = [];
  const times: number[] = [];
  const t0 = performance.now();
  for (const c of cases) {
    const ids = Deno.readFileSync(new URL(`${c.folder}/${c.name}.ids`, ROOT));
    const ifc = Deno.readFileSync(new URL(`${c.folder}/${c.name}.ifc`, ROOT));
    const start = performance.now();
    let got: string;
    let why = "";
    try {
      const report = await checkFiles(ids, ifc);
      got = report.status;
      why = report.status === "invalid"
        ? (report.errors ?? []).map((e) => e.message).join("; ")
        : report.specifications.flatMap((s) => s.failures.map((f) => f.reason)).slice(0, 2)
          .join("; ");
    } catch (e) {
      got = "error";
      why = String(e);
    }
    times.push(performance.now() - start);
    const stat = perFolder.get(c.folder) ?? { agreed: 0, total: 0 };
    stat.total++;
    if (got === c.expected) stat.agreed++;
    else disagreements.push(`${c.folder}/${c.name}: expected ${c.expected}, got ${got} (${why})`);
    perFolder.set(c.folder, stat);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  const agreed = [...perFolder.values()].reduce((n, s) => n + s.agreed, 0);
  console.log(
    [...perFolder].map(([f, s]) => `  ${f.padEnd(16)} ${s.agreed}/${s.total}`).join("\n"),
  );
  console.log(
    `  total ${agreed}/${cases.length} in ${total.toFixed(0)} ms (median ${
      times[times.length >> 1].toFixed(2)
    } ms per case)`,
  );
  if (disagreements.length) console.log("  disagreements:\n    " + disagreements.join("\n    "));
  assert.ok(
    agreed >= Math.min(BASELINE_AGREED, cases.length),
    `agreement dropped to ${agreed}/${cases.length}:\n${disagreements.join("\n")}`,
  );
});
