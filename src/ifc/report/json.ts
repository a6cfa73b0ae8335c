/**
 * The JSON report: the machine-readable contract of `ids-mcp check --format json`.
 *
 * Keys are written in a fixed order (contract keys first, optional extras after, the long
 * `failures` list last) so that two reports of the same check diff cleanly. Contract keys that
 * have no value are written as `null` rather than dropped, so consumers always see the same
 * shape; optional extras are only written when present.
 *
 * @module
 */

import type { CheckFailure, CheckReport, SpecificationResult } from "./types.ts";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Adds `key` to `target` only when the value is defined. */
function put(target: { [key: string]: Json }, key: string, value: Json | undefined): void {
  if (value !== undefined) target[key] = value;
}

function failureJson(f: CheckFailure): { [key: string]: Json } {
  const out: { [key: string]: Json } = {
    globalId: f.globalId,
    entity: f.entity,
    name: f.name ?? null,
    facet: f.facet,
    reason: f.reason,
  };
  put(out, "facetKind", f.facetKind);
  put(out, "stepId", f.stepId);
  return out;
}

function specificationJson(s: SpecificationResult): { [key: string]: Json } {
  const out: { [key: string]: Json } = {
    name: s.name,
    identifier: s.identifier ?? null,
    status: s.status,
    applicable: s.applicable,
    passed: s.passed,
    failed: s.failed,
  };
  put(out, "description", s.description);
  put(out, "instructions", s.instructions);
  put(out, "occurs", s.occurs);
  put(out, "applicabilityText", s.applicabilityText ? [...s.applicabilityText] : undefined);
  put(out, "requirementsText", s.requirementsText ? [...s.requirementsText] : undefined);
  put(out, "skipped", s.skipped);
  put(out, "warning", s.warning);
  put(out, "omittedFailures", s.omittedFailures);
  if (s.hint) {
    out.hint = {
      message: s.hint.message,
      subtypes: s.hint.subtypes.map((t) => ({ entity: t.entity, count: t.count })),
    };
  }
  out.failures = s.failures.map(failureJson);
  return out;
}

/** A plain-object copy of the report with the documented key order. */
export function reportToJson(report: CheckReport): { [key: string]: Json } {
  const out: { [key: string]: Json } = { status: report.status };
  put(out, "title", report.title);
  put(out, "ids", report.ids);
  put(out, "model", report.model);
  put(out, "schema", report.schema);
  put(out, "checkedAt", report.checkedAt);
  put(out, "durationMs", report.durationMs);
  put(out, "truncated", report.truncated);
  if (report.errors) {
    out.errors = report.errors.map((e) => {
      const err: { [key: string]: Json } = {};
      put(err, "input", e.input);
      err.kind = e.kind;
      err.message = e.message;
      put(err, "path", e.path);
      put(err, "line", e.line);
      return err;
    });
  }
  if (report.idsFindings?.length) {
    out.idsFindings = report.idsFindings.map((f) => {
      const o: { [key: string]: Json } = { severity: f.severity, code: f.code, message: f.message };
      put(o, "path", f.path);
      put(o, "line", f.line);
      put(o, "suggestion", f.suggestion);
      return o;
    });
  }
  out.specifications = report.specifications.map(specificationJson);
  return out;
}

/** The report as pretty-printed JSON (2-space indent, trailing newline). */
export function renderJson(report: CheckReport): string {
  return JSON.stringify(reportToJson(report), null, 2) + "\n";
}
