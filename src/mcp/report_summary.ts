/**
 * The compact view of a check report that `validate_ifc_model` replies with, sized for an
 * agent's context: per specification its status (ifc-ids-mcp's vocabulary and ours) and
 * counts, any caveat the result carries (`warning`, `skipped`, `hint`, and whatever other
 * fields a result gains), and its most frequent failure reasons grouped (facet + reason with
 * per-element values blanked, a count, a few example elements). The whole view is held under a
 * byte budget whatever the IDS or model: fewer groups and examples first, then only failing
 * specifications, then the first rows with a count of those left out; it says when it did.
 * The full report stays behind a resource link.
 *
 * @module
 */
import type { CheckFailure, CheckReport, SpecificationResult } from "../ifc/report/types.ts";

/** Hard budget of the structured summary (UTF-8 bytes of its JSON), whatever the report. */
export const MAX_SUMMARY_BYTES = 80 * 1024;
/**
 * Soft budget: the richest level of detail that fits it is chosen; only when even the leanest
 * level is larger does the summary grow, up to {@linkcode MAX_SUMMARY_BYTES}.
 */
export const SOFT_SUMMARY_BYTES = 16 * 1024;
/** Longest string (name, reason, facet…) copied into the summary. */
const MAX_STRING = 300;
/** Budget of one extra field a specification result carries (e.g. a hint). */
const MAX_SPEC_EXTRA_BYTES = 2 * 1024;
/** Budget of one extra report-level field (e.g. the IDS audit findings). */
const MAX_REPORT_EXTRA_BYTES = 16 * 1024;
/** Groups and examples per failing specification at each level of detail, richest first. */
const LEVELS: readonly { groups: number; examples: number }[] = [
  { groups: 5, examples: 3 },
  { groups: 3, examples: 2 },
  { groups: 2, examples: 1 },
  { groups: 1, examples: 1 },
  { groups: 1, examples: 0 },
  { groups: 0, examples: 0 },
];

/** Specification fields the summary handles itself; any other field is passed through. */
const SPEC_KEYS = new Set([
  "name",
  "identifier",
  "description",
  "instructions",
  "status",
  "occurs",
  "applicabilityText",
  "requirementsText",
  "applicable",
  "passed",
  "failed",
  "failures",
  "omittedFailures",
]);
/** Report fields the summary handles itself (or leaves to the full report). */
const REPORT_KEYS = new Set([
  "status",
  "title",
  "ids",
  "model",
  "schema",
  "errors",
  "specifications",
  "truncated",
  "checkedAt",
  "durationMs",
]);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Row = { [key: string]: Json };

const enc = new TextEncoder();
/** UTF-8 bytes of a value's JSON. */
export function jsonBytes(value: unknown): number {
  return enc.encode(JSON.stringify(value)).length;
}

function clip(s: string, max = MAX_STRING): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** ifc-ids-mcp's status word of a specification result. */
export function upstreamStatus(
  s: SpecificationResult,
): "passed" | "failed" | "no_applicable_entities" {
  return s.status === "fail" ? "failed" : s.applicable === 0 ? "no_applicable_entities" : "passed";
}

/**
 * A reason with its per-element part blanked, so that failures of many elements group:
 * reasons that say what was expected ("Name is 'Wall 12', expected a value matching 'N-.*'")
 * name the element's own value before `, expected`, after its last ` is `/` are `/` bound `;
 * that value becomes `…`. Other reasons do not depend on the element and stay as they are.
 */
export function normaliseReason(reason: string): string {
  const at = reason.indexOf(", expected ");
  if (at < 0) return reason;
  const head = reason.slice(0, at);
  const cut = Math.max(
    head.lastIndexOf(" is "),
    head.lastIndexOf(" are "),
    head.lastIndexOf(" bound "),
  );
  if (cut < 0) return reason;
  const word = head.slice(cut).match(/^ (is|are|bound) /)![0];
  return `${head.slice(0, cut)}${word}…${reason.slice(at)}`;
}

/** One group of failures of a specification. */
interface Group {
  readonly facet: string;
  readonly reason: string;
  count: number;
  readonly examples: CheckFailure[];
}

const MAX_EXAMPLES = Math.max(...LEVELS.map((l) => l.examples));

/** The failures grouped by facet and normalised reason, most frequent first. */
export function groupFailures(failures: readonly CheckFailure[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of failures) {
    const reason = normaliseReason(f.reason);
    const key = `${f.facet}\n${reason}`;
    let g = groups.get(key);
    if (!g) groups.set(key, g = { facet: f.facet, reason, count: 0, examples: [] });
    g.count++;
    if (g.examples.length < MAX_EXAMPLES) g.examples.push(f);
  }
  // Stable: equal counts keep the order of first appearance.
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function groupJson(g: Group, examples: number): Row {
  const out: Row = { facet: clip(g.facet), reason: clip(g.reason), count: g.count };
  if (examples > 0) {
    out.examples = g.examples.slice(0, examples).map((f) => {
      const e: Row = {};
      if (f.globalId) e.global_id = f.globalId;
      if (f.entity) e.entity = f.entity;
      if (f.name !== undefined) e.name = clip(f.name, 120);
      if (f.reason !== g.reason) e.reason = clip(f.reason);
      return e;
    });
  }
  return out;
}

/** A value for the summary, or undefined when its JSON is above `max` bytes. */
function bounded(value: unknown, max: number): Json | undefined {
  if (value === undefined || typeof value === "function") return undefined;
  return jsonBytes(value) <= max ? value as Json : undefined;
}

/** Extra fields of a result or report, each within `max` bytes (long lists are cut). */
function extras(
  source: object,
  known: ReadonlySet<string>,
  max: number,
): { fields: Row; left: string[] } {
  const fields: Row = {};
  const left: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (known.has(key) || value === undefined) continue;
    const small = bounded(typeof value === "string" ? clip(value, 2 * MAX_STRING) : value, max);
    if (small !== undefined) {
      fields[key] = small;
      continue;
    }
    if (Array.isArray(value)) {
      // The first items that fit, and how many are not shown.
      const kept: Json[] = [];
      let size = 2;
      for (const item of value) {
        const b = jsonBytes(item) + 1;
        if (size + b > max) break;
        kept.push(item as Json);
        size += b;
      }
      fields[key] = kept;
      fields[`${key}_omitted`] = value.length - kept.length;
    } else left.push(key);
  }
  return { fields, left };
}

interface Prepared {
  readonly spec: SpecificationResult;
  readonly groups: Group[];
  readonly base: Row;
}

function prepare(spec: SpecificationResult): Prepared {
  const base: Row = { name: clip(spec.name) };
  if (spec.identifier) base.identifier = clip(spec.identifier);
  base.status = upstreamStatus(spec);
  base.check_status = spec.status;
  base.applicable = spec.applicable;
  base.passed = spec.passed;
  base.failed = spec.failed;
  base.applicable_entities = spec.applicable;
  base.passed_entities = spec.passed;
  base.failed_entities = spec.failed;
  const { fields, left } = extras(spec, SPEC_KEYS, MAX_SPEC_EXTRA_BYTES);
  Object.assign(base, fields);
  if (left.length) base.see_full_report_for = left;
  if (spec.omittedFailures) {
    base.omitted_failures = spec.omittedFailures;
    // The groups count the entries the report kept, not the omitted ones.
    if (spec.failures.length) base.grouped_failures = spec.failures.length;
  }
  return { spec, groups: groupFailures(spec.failures), base };
}

function row(p: Prepared, level: { groups: number; examples: number }): Row {
  if (level.groups === 0 || p.groups.length === 0) return p.base;
  const shown = p.groups.slice(0, level.groups);
  const out: Row = { ...p.base, failure_groups: shown.map((g) => groupJson(g, level.examples)) };
  if (p.groups.length > shown.length) out.more_failure_groups = p.groups.length - shown.length;
  return out;
}

/** The compact summary of a report and whether (and how) it had to be shortened. */
export interface CompactReport {
  readonly report: { [key: string]: Json };
  /** Set when the summary was shortened to fit: what was left out. */
  readonly trimmed?: string;
}

/**
 * The summary of `report` within `maxBytes` of JSON: every specification with its counts and
 * grouped failure reasons, shortened level by level until it fits (see the module doc).
 */
export function compactReport(
  report: CheckReport,
  maxBytes = MAX_SUMMARY_BYTES,
  softBytes = SOFT_SUMMARY_BYTES,
): CompactReport {
  const head: Row = {};
  if (report.title) head.title = clip(report.title);
  if (report.model) head.model = clip(report.model);
  if (report.schema) head.schema = report.schema;
  if (report.durationMs !== undefined) head.duration_ms = report.durationMs;
  const omitted = report.specifications.reduce((n, s) => n + (s.omittedFailures ?? 0), 0);
  if (omitted) head.omitted_failures = omitted;
  if (report.truncated) head.failures_truncated = clip(report.truncated, 600);
  const { fields, left } = extras(report, REPORT_KEYS, MAX_REPORT_EXTRA_BYTES);
  Object.assign(head, fields);
  if (left.length) head.see_full_report_for = left;

  const prepared = report.specifications.map(prepare);
  const headBytes = jsonBytes(head) + 200; // + keys of the notes below
  // Level by level: the richest within the soft budget, else the richest within the hard one.
  const levels = LEVELS.map((level) => {
    const rows = prepared.map((p) => row(p, level));
    return { level, rows, bytes: headBytes + jsonBytes(rows) };
  });
  const soft = Math.min(softBytes, maxBytes);
  const pick = levels.find((l) => l.bytes <= soft) ?? levels.find((l) => l.bytes <= maxBytes);
  if (pick) {
    const lost = pick.rows.some((r, i) => r !== levels[0].rows[i] && differs(r, levels[0].rows[i]));
    const budget = pick.bytes <= soft ? soft : maxBytes;
    const trimmed = !lost ? undefined : `at most ${pick.level.groups} failure groups of ` +
      `${pick.level.examples} examples per specification, to stay under ` +
      `${Math.round(budget / 1024)} KB; the full report has every failure`;
    return finish(head, pick.rows, report.specifications.length, trimmed);
  }
  // Still too big: failing specifications only (one group each), as many as fit, in order.
  const failing = prepared.filter((p) => p.spec.status === "fail");
  const rows: Row[] = [];
  let size = headBytes + 2;
  for (const p of failing) {
    const r = row(p, LEVELS[3]);
    const b = jsonBytes(r) + 1;
    if (size + b > maxBytes) break;
    rows.push(r);
    size += b;
  }
  const n = report.specifications.length;
  const trimmed = `only ${rows.length} of ${n} specifications are listed ` +
    `(failing ones, in document order, at most one failure group each) to stay under ${
      Math.round(maxBytes / 1024)
    } KB; the counts above cover all of them and the full report lists every one`;
  return finish(head, rows, n, trimmed);
}

/** Whether a row lost groups or examples compared to the richest level. */
function differs(a: Row, b: Row): boolean {
  return JSON.stringify(a.failure_groups ?? null) !== JSON.stringify(b.failure_groups ?? null);
}

function finish(head: Row, rows: Row[], total: number, trimmed: string | undefined): CompactReport {
  const report: Row = { ...head, specifications: rows };
  if (rows.length < total) report.specifications_omitted = total - rows.length;
  if (trimmed) report.trimmed = trimmed;
  return trimmed ? { report, trimmed } : { report };
}

/**
 * A short plain-text account of a check for clients that show only text content: verdict,
 * counts, the first failing specifications with their most frequent reason, and where the
 * full report is. Bounded (at most `maxSpecs` lines of specifications, clipped lines).
 */
export function textSummary(
  report: CheckReport,
  link: { uri: string; format: string; size: number } | undefined,
  note: string | undefined,
  maxSpecs = 10,
): string {
  const specs = report.specifications;
  const failed = specs.filter((s) => s.status === "fail");
  const lines = [
    `IDS check: ${report.status.toUpperCase()}${
      report.title ? ` — ${clip(report.title, 120)}` : ""
    }` +
    `${report.model ? `; model ${clip(report.model, 120)}` : ""}` +
    `${report.schema ? ` (${report.schema})` : ""}`,
    `${specs.length} specifications: ${
      specs.length - failed.length
    } passed, ${failed.length} failed.`,
  ];
  if (failed.length) {
    lines.push(`Failed specifications${failed.length > maxSpecs ? ` (first ${maxSpecs})` : ""}:`);
  }
  for (const s of failed.slice(0, maxSpecs)) {
    const top = groupFailures(s.failures)[0];
    const label = s.identifier ? `${s.identifier} ${s.name}` : s.name;
    lines.push(
      clip(
        `- ${label}: ${s.failed} of ${s.applicable} applicable elements failed` +
          (top ? `; most often (${top.count}×): ${top.facet}: ${top.reason}` : ""),
        400,
      ),
    );
  }
  if (link) {
    lines.push(
      `Full report (${link.format}, ${link.size} bytes): ${link.uri} (resources/read).`,
    );
  }
  if (note) lines.push(clip(note, 600));
  lines.push(
    "The structured summary (every specification, grouped reasons) is in structuredContent.",
  );
  return lines.join("\n");
}
