/**
 * Validation shared by `validate_ids`, `export_ids` and `load_ids`: the one verdict of
 * src/audit/validate.ts (built-in IDS 1.0 structural rules, the official schema on the XML we
 * would write when an XSD directory is configured, and the semantic audit), as plain JSON. The
 * compiled schema is cached per directory for the life of the process.
 *
 * @module
 */
import type { Finding, ValidationIssue } from "../ids/errors.ts";
import type { IdsDocument } from "../ids/model.ts";
import type { XsdValidatorHandle } from "../ids/xsd.ts";
import { loadXsdValidator } from "../fs/xsd_load.ts";
import { validateIdsDocumentAsync } from "../audit/validate.ts";
import { writeIds } from "../ids/xml.ts";

/** Outcome of a validation, findings as plain JSON objects. */
export interface ValidationReport {
  [key: string]: unknown;
  valid: boolean;
  errors: IssueJson[];
  warnings: IssueJson[];
  /** Whether the official XSD was applied (an XSD directory is configured). */
  xsd_checked: boolean;
  /** Whether the semantic audit ran. */
  audit_checked: boolean;
}

export interface IssueJson {
  [key: string]: unknown;
  kind: string;
  message: string;
  severity?: string;
  code?: string;
  path?: string;
  line?: number;
  suggestion?: string;
}

export function issueJson(i: ValidationIssue | Finding): IssueJson {
  const out: IssueJson = { kind: i.kind, message: i.message };
  if (i.severity !== undefined) out.severity = i.severity;
  if (i.code !== undefined) out.code = i.code;
  if (i.path !== undefined) out.path = i.path;
  if (i.line !== undefined) out.line = i.line;
  if (i.suggestion !== undefined) out.suggestion = i.suggestion;
  return out;
}

/**
 * Above this many errors (or warnings) `load_ids` lists the first ones and groups them all: a
 * 20,000-specification document with 220 warnings made a reply of 141 KB, most of it the same
 * few findings repeated at different paths.
 */
export const LISTED_FINDINGS = 20;
/** Example paths and lines a finding group gives. */
const GROUP_EXAMPLES = 3;

/** Findings said the same (severity, kind, code, message) at several places, counted. */
export interface FindingGroup {
  [key: string]: unknown;
  severity?: string;
  kind: string;
  code?: string;
  message: string;
  count: number;
  /** The first few places (path and line). */
  examples: { path?: string; line?: number }[];
}

/** `findings` grouped by severity, kind, code and message; most frequent first (stable). */
export function groupFindings(findings: readonly IssueJson[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = JSON.stringify([f.severity, f.kind, f.code, f.message]);
    let g = groups.get(key);
    if (!g) {
      g = { kind: f.kind, message: f.message, count: 0, examples: [] };
      if (f.severity !== undefined) g.severity = f.severity;
      if (f.code !== undefined) g.code = f.code;
      groups.set(key, g);
    }
    g.count++;
    if (g.examples.length < GROUP_EXAMPLES) {
      const at: { path?: string; line?: number } = {};
      if (f.path !== undefined) at.path = f.path;
      if (f.line !== undefined) at.line = f.line;
      g.examples.push(at);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** A reply's findings: see {@linkcode findingsReply}. */
export interface FindingsReply {
  errors: IssueJson[];
  warnings: IssueJson[];
  errors_total?: number;
  warnings_total?: number;
  error_groups?: FindingGroup[];
  warning_groups?: FindingGroup[];
}

/**
 * Errors and warnings for a reply: each list whole when it has at most
 * {@linkcode LISTED_FINDINGS} findings, else its first ones, its total and all of it grouped.
 */
export function findingsReply(errors: IssueJson[], warnings: IssueJson[]): FindingsReply {
  const out: FindingsReply = {
    errors: errors.slice(0, LISTED_FINDINGS),
    warnings: warnings.slice(0, LISTED_FINDINGS),
  };
  if (errors.length > LISTED_FINDINGS) {
    out.errors_total = errors.length;
    out.error_groups = groupFindings(errors);
  }
  if (warnings.length > LISTED_FINDINGS) {
    out.warnings_total = warnings.length;
    out.warning_groups = groupFindings(warnings);
  }
  return out;
}

const validators = new Map<string, Promise<XsdValidatorHandle>>();

/** The compiled official schema for `dir`, compiled once per process (it takes a while). */
function xsdValidator(dir: string): Promise<XsdValidatorHandle> {
  let v = validators.get(dir);
  if (!v) {
    v = loadXsdValidator(dir);
    validators.set(dir, v);
    v.catch(() => validators.delete(dir));
  }
  return v;
}

/**
 * Validation reports by document. Documents read from the session store are deep-frozen and
 * shared (its cache hands the same object to every call until an edit replaces it), so a
 * document is validated once: `validate_ids` then `export_ids` on a document of 20,000
 * specifications do not write, re-read and audit it twice. Only the report is kept (small
 * next to the document, and gone with it); the XML is written again when exported.
 */
const reportsByDoc = new WeakMap<IdsDocument, Map<string, ValidationReport>>();

/**
 * Validates `doc` (and `xml`, its serialisation, against the XSD when `xsdDir` is set) and
 * audits it unless `audit` is false. Structural and content findings come together.
 */
export async function validate(
  doc: IdsDocument,
  xsdDir: string | undefined,
  xml?: string,
  audit = true,
): Promise<ValidationReport> {
  const key = `${audit}:${xsdDir ?? ""}`;
  const known = reportsByDoc.get(doc)?.get(key);
  if (known) return copyReport(known);
  const xsd = xsdDir ? await xsdValidator(xsdDir) : undefined;
  const r = await validateIdsDocumentAsync(doc, {
    xsd,
    xml: xml ?? writeIds(doc),
    structureOnly: !audit,
  });
  const report: ValidationReport = {
    valid: r.valid,
    errors: r.errors.map(issueJson),
    warnings: r.warnings.map(issueJson),
    xsd_checked: xsdDir !== undefined,
    audit_checked: audit,
  };
  // Only a frozen document cannot change under the remembered report.
  if (Object.isFrozen(doc)) {
    let reports = reportsByDoc.get(doc);
    if (!reports) reportsByDoc.set(doc, reports = new Map());
    reports.set(key, report);
  }
  return copyReport(report);
}

/** A report the caller may change without changing the remembered one. */
function copyReport(r: ValidationReport): ValidationReport {
  return {
    ...r,
    errors: r.errors.map((e) => ({ ...e })),
    warnings: r.warnings.map((w) => ({ ...w })),
  };
}
