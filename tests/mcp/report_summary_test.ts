/**
 * The compact reply of `validate_ifc_model` (src/mcp/report_summary.ts) on built reports:
 * reasons grouped with per-element values blanked, extra result fields passed through (a hint,
 * report-level audit findings, cut when long), and the byte budget held whatever the report.
 */
import assert from "node:assert/strict";
import type { CheckFailure, CheckReport, SpecificationResult } from "../../src/ifc/report/types.ts";
import {
  compactReport,
  jsonBytes,
  MAX_SUMMARY_BYTES,
  normaliseReason,
  textSummary,
} from "../../src/mcp/report_summary.ts";

Deno.test("normaliseReason: the element's own value is blanked, the expectation kept", () => {
  assert.equal(
    normaliseReason("Name is 'Wall 12', expected a value matching 'N-[0-9]+'"),
    "Name is …, expected a value matching 'N-[0-9]+'",
  );
  assert.equal(
    normaliseReason("Pset_WallCommon.FireRating is 'EI30', expected one of 'EI60', 'EI90'"),
    "Pset_WallCommon.FireRating is …, expected one of 'EI60', 'EI90'",
  );
  assert.equal(
    normaliseReason("Qto.Width has the lower bound 3.5, expected greater than 4"),
    "Qto.Width has the lower bound …, expected greater than 4",
  );
  assert.equal(
    normaliseReason("the element has no property set 'Pset_WallCommon'"),
    "the element has no property set 'Pset_WallCommon'",
  );
});

function failures(spec: number, n: number): CheckFailure[] {
  return Array.from({ length: n }, (_, i) => ({
    globalId: `G${spec}-${i}`.padEnd(22, "x"),
    entity: "IFCWALL",
    name: `Wall ${i}`,
    facet: "The Name shall be a value matching 'N-[0-9]+'",
    reason: `Name is 'Wall ${i}', expected a value matching 'N-[0-9]+'`,
    facetKind: "attribute",
  }));
}

function spec(i: number, extra: Partial<SpecificationResult> = {}): SpecificationResult {
  return {
    name: `Spec ${i}`,
    identifier: `S${i}`,
    status: "fail",
    applicable: 40,
    passed: 0,
    failed: 40,
    failures: failures(i, 40),
    ...extra,
  };
}

function report(n: number): CheckReport {
  return {
    status: "fail",
    title: "T",
    model: "m.ifc",
    schema: "IFC4",
    specifications: Array.from({ length: n }, (_, i) => spec(i + 1)),
  };
}

Deno.test("compactReport: groups, upstream fields, pass-through of extra fields", () => {
  const r: CheckReport = {
    ...report(1),
    specifications: [
      spec(1),
      spec(2, {
        status: "pass",
        applicable: 0,
        failed: 0,
        failures: [],
        hint: {
          message: "IFCWALLSTANDARDCASE (3) is a subtype",
          subtypes: [{ entity: "IFCWALLSTANDARDCASE", count: 3 }],
        },
      } as Partial<SpecificationResult>),
    ],
    idsFindings: Array.from({ length: 1000 }, (_, i) => ({
      severity: "error" as const,
      kind: "content" as const,
      code: "value_without_data_type" as const,
      message: `finding ${i}`,
    })),
  };
  const { report: c, trimmed } = compactReport(r);
  assert.equal(trimmed, undefined);
  const [failed, passed] = c.specifications as Record<string, unknown>[];
  assert.equal(failed.status, "failed");
  assert.equal(failed.check_status, "fail");
  assert.equal(failed.failed_entities, 40);
  const groups = failed.failure_groups as { reason: string; count: number; examples: unknown[] }[];
  assert.equal(groups.length, 1);
  assert.equal(groups[0].count, 40);
  assert.equal(groups[0].reason, "Name is …, expected a value matching 'N-[0-9]+'");
  assert.deepEqual(groups[0].examples[0], {
    global_id: "G1-0".padEnd(22, "x"),
    entity: "IFCWALL",
    name: "Wall 0",
    reason: "Name is 'Wall 0', expected a value matching 'N-[0-9]+'",
  });
  assert.equal(passed.status, "no_applicable_entities");
  assert.deepEqual((passed.hint as { subtypes: unknown[] }).subtypes, [
    { entity: "IFCWALLSTANDARDCASE", count: 3 },
  ]);
  // A long report-level list is cut, with a count of what is left out.
  const findings = c.idsFindings as unknown[];
  assert.ok(findings.length > 0 && findings.length < 1000);
  assert.equal(c.idsFindings_omitted, 1000 - findings.length);
});

Deno.test("compactReport: the budget holds for 150 and for 10,000 failing specifications", () => {
  const mid = compactReport(report(150));
  assert.ok(jsonBytes(mid.report) <= MAX_SUMMARY_BYTES, `${jsonBytes(mid.report)}`);
  assert.equal((mid.report.specifications as unknown[]).length, 150);
  assert.match(mid.trimmed!, /failure groups of/);

  const huge = compactReport(report(10_000));
  assert.ok(jsonBytes(huge.report) <= MAX_SUMMARY_BYTES, `${jsonBytes(huge.report)}`);
  const listed = (huge.report.specifications as unknown[]).length;
  assert.ok(listed > 100 && listed < 10_000, `${listed}`);
  assert.equal(huge.report.specifications_omitted, 10_000 - listed);
  assert.match(huge.trimmed!, new RegExp(`only ${listed} of 10000 specifications are listed`));

  // Long names cannot blow the budget either.
  const long = report(200);
  const named = {
    ...long,
    specifications: long.specifications.map((s) => ({ ...s, name: "n".repeat(100_000) })),
  };
  assert.ok(jsonBytes(compactReport(named).report) <= MAX_SUMMARY_BYTES);

  const text = textSummary(report(10_000), { uri: "ids://x", format: "json", size: 1 }, "note");
  assert.ok(text.length < 8 * 1024, `${text.length}`);
  assert.match(text, /10000 specifications: 0 passed, 10000 failed/);
});
