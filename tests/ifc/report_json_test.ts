import assert from "node:assert/strict";
import { renderJson } from "../../src/ifc/report/json.ts";
import {
  cappedReport,
  caveatReport,
  failingReport,
  invalidReport,
  passingReport,
} from "./report_sample_data.ts";

Deno.test("json: contract keys in contract order, extras after, failures last", () => {
  const out = JSON.parse(renderJson(failingReport));
  assert.deepEqual(Object.keys(out), [
    "status",
    "title",
    "ids",
    "model",
    "schema",
    "checkedAt",
    "durationMs",
    "specifications",
  ]);
  assert.equal(out.status, "fail");
  const s1 = out.specifications[0];
  assert.deepEqual(Object.keys(s1), [
    "name",
    "identifier",
    "status",
    "applicable",
    "passed",
    "failed",
    "description",
    "instructions",
    "occurs",
    "applicabilityText",
    "requirementsText",
    "failures",
  ]);
  assert.deepEqual(Object.keys(s1.failures[0]), [
    "globalId",
    "entity",
    "name",
    "facet",
    "reason",
    "stepId",
  ]);
  assert.equal(s1.failures[0].name, failingReport.specifications[0].failures[0].name);
  assert.equal(s1.failures[0].stepId, 101);
});

Deno.test("json: absent contract values are null, absent extras are omitted", () => {
  const out = JSON.parse(renderJson(failingReport));
  const doors = out.specifications[1];
  assert.equal(doors.identifier, null);
  assert.equal("description" in doors, false);
  assert.equal(out.specifications[0].failures[3].name, null);
  assert.equal("stepId" in out.specifications[0].failures[3], false);
});

Deno.test("json: two-space indent, trailing newline, deterministic", () => {
  const text = renderJson(passingReport);
  assert.ok(text.startsWith('{\n  "status": "pass",\n  "specifications": [\n    {'));
  assert.ok(text.endsWith("}\n"));
  assert.equal(renderJson(passingReport), text);
});

Deno.test("json: invalid report carries its errors and no specifications", () => {
  const out = JSON.parse(renderJson(invalidReport));
  assert.equal(out.status, "invalid");
  assert.deepEqual(out.errors, [{
    kind: "xsd",
    message: "element 'foo' not expected",
    path: "/ids/foo",
    line: 12,
  }]);
  assert.deepEqual(out.specifications, []);
});

Deno.test("json: the round trip keeps every failure", () => {
  const out = JSON.parse(renderJson(failingReport));
  const total = out.specifications.reduce(
    (n: number, s: { failures: unknown[] }) => n + s.failures.length,
    0,
  );
  assert.equal(total, 5);
  assert.equal(out.specifications[2].failures[0].globalId, "");
});

Deno.test("json: skipped and warning are carried when present", () => {
  const out = JSON.parse(renderJson(caveatReport));
  assert.equal(out.specifications[0].skipped, "targets IFC4; the model is IFC2X3 <old>");
  assert.equal("warning" in out.specifications[0], false);
  assert.equal(out.specifications[1].warning, caveatReport.specifications[1].warning);
  assert.deepEqual(Object.keys(out.specifications[1]).slice(-2), ["warning", "failures"]);
});

Deno.test("json: omitted failures are counted", () => {
  const out = JSON.parse(renderJson(cappedReport(2, 40)));
  assert.equal(out.specifications[0].omittedFailures, 40);
  assert.equal(out.specifications[0].failures.length, 2);
  assert.equal("omittedFailures" in JSON.parse(renderJson(failingReport)).specifications[0], false);
});
