/**
 * Failure caps applied as the report is built (src/ifc/failure_budget.ts): per specification,
 * across all specifications and by size, with exact counts and a note saying what was left
 * out; and the even cut of a finished report (src/ifc/report/bounds.ts).
 */
import assert from "node:assert/strict";
import { parseIds } from "../../src/ids/xml.ts";
import { checkModel } from "../../src/ifc/check.ts";
import { fitFailures, keptFailures } from "../../src/ifc/report/bounds.ts";
import { renderJson } from "../../src/ifc/report/json.ts";
import { failingIds } from "../mcp/_report_ids.ts";
import { syntheticModel } from "../mcp/_helpers.ts";

const doc = parseIds(failingIds(30, { version: "IFC4", classes: ["IFCWALL"] }));
const model = new TextEncoder().encode(syntheticModel(50));

Deno.test("failure caps: per specification and across specifications, counts exact", async () => {
  const free = await checkModel(doc, model);
  // 30 specifications × 50 walls × 2 failing requirements.
  assert.equal(keptFailures(free), 3000);
  assert.equal(free.truncated, undefined);

  const capped = await checkModel(doc, model, {
    maxFailuresPerSpecification: 40,
    maxFailuresTotal: 500,
  });
  assert.deepEqual(
    capped.specifications.map((s) => s.failed),
    free.specifications.map((s) => s.failed),
  );
  assert.equal(keptFailures(capped), 500);
  // The first 12 specifications keep 40 each, the 13th the remaining 20, the rest none.
  assert.deepEqual(capped.specifications.slice(11, 14).map((s) => s.failures.length), [40, 20, 0]);
  for (const s of capped.specifications) {
    assert.equal(s.failures.length + (s.omittedFailures ?? 0), 100);
  }
  assert.match(capped.truncated!, /^2500 failure entries were not recorded \(at most 500/);
  assert.match(renderJson(capped), /"truncated": "2500 failure entries/);
});

Deno.test("failure caps: the size cap stops keeping entries once they hold enough characters", async () => {
  const capped = await checkModel(doc, model, { maxFailureChars: 20_000 });
  const kept = keptFailures(capped);
  assert.ok(kept > 0 && kept < 3000, `kept ${kept}`);
  assert.match(capped.truncated!, /reached 20000 characters/);
  const json = renderJson(capped);
  assert.ok(json.length < 200_000, `${json.length} characters`);
});

Deno.test("fitFailures: the same number per specification, within the total", async () => {
  const report = await checkModel(doc, model);
  const fitted = fitFailures(report, 600, "to fit");
  assert.equal(keptFailures(fitted), 600);
  assert.ok(fitted.specifications.every((s) => s.failures.length === 20));
  assert.ok(fitted.specifications.every((s) => s.omittedFailures === 80));
  assert.match(fitted.truncated!, /2400 failure entries were left out to fit \(at most 20 per/);
  assert.equal(fitFailures(report, 5000, "x"), report, "a report within the limit is kept");
});
