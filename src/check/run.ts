/**
 * Check a model against an IDS that is audited first: the step "audit the IDS, decide whether
 * it can be checked, check the model, merge the findings" shared by the CLI's `check` and the
 * MCP tool `validate_ifc_model`.
 *
 * It exists at this level, above both audit/ and ifc/, because it is the only code that needs
 * both: the engine (ifc/) checks the document it is given, the audit (audit/) judges IDS
 * documents, and neither depends on the other. Which findings stop the check is decided by
 * `BLOCKS_CHECK` (src/ids/errors.ts); with `strict`, every audit error does.
 *
 * @module
 */
import { validateIdsDocument, validateIdsXml, type ValidationResult } from "../audit/validate.ts";
import { blocksCheck, type Finding } from "../ids/errors.ts";
import type { IdsDocument } from "../ids/model.ts";
import { checkModel, type CheckOptions, invalidReport } from "../ifc/check.ts";
import type { CheckReport, IdsFinding } from "../ifc/report/types.ts";

/** Options of the audited check. */
export interface AuditedCheckOptions extends CheckOptions {
  /** Stop on every audit error, not only on what makes the IDS unfit for checking. */
  readonly strict?: boolean;
}

/** What stops the check, and what travels in the report instead. */
export interface CheckVerdict {
  /** Errors that stop the check (empty: the model can be checked). */
  readonly blocking: readonly Finding[];
  /** The other findings (non-blocking errors, then warnings). */
  readonly reported: readonly IdsFinding[];
}

/** Splits a validation into what stops a check and what is only reported. */
export function verdictOf(v: ValidationResult, strict = false): CheckVerdict {
  const blocking = v.errors.filter((f) => strict || blocksCheck(f));
  const stop = new Set(blocking);
  const reported: IdsFinding[] = [];
  // The validation says each finding once already (audit/validate.ts, `pruned`).
  for (const f of [...v.errors, ...v.warnings]) {
    if (stop.has(f)) continue;
    reported.push({
      severity: f.severity,
      code: f.code,
      message: f.message,
      ...(f.path !== undefined ? { path: f.path } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
      ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
    });
  }
  return { blocking, reported };
}

function withFindings(report: CheckReport, reported: readonly IdsFinding[]): CheckReport {
  return reported.length ? { ...report, idsFindings: reported } : report;
}

async function checkVerdict(
  v: ValidationResult,
  doc: IdsDocument | undefined,
  ifc: Uint8Array,
  options: AuditedCheckOptions,
): Promise<CheckReport> {
  const started = performance.now();
  const { blocking, reported } = verdictOf(v, options.strict);
  if (blocking.length || !doc) {
    const why = blocking.length ? blocking : v.errors;
    return withFindings(invalidReport(why, doc?.info.title, options, started), reported);
  }
  return withFindings(await checkModel(doc, ifc, options), reported);
}

/**
 * Why raw IDS XML cannot be used for checking (malformed, structurally invalid, or a blocking
 * audit error; with `strict` any audit error), without a model: lets a report name every bad
 * input at once.
 */
export function idsErrorsOf(
  xml: string | Uint8Array | ValidationResult,
  strict = false,
): NonNullable<CheckReport["errors"]> {
  const v = typeof xml === "string" || xml instanceof Uint8Array ? validateIdsXml(xml) : xml;
  const { blocking } = verdictOf(v, strict);
  return blocking.length ? invalidReport(blocking, undefined, {}, 0).errors ?? [] : [];
}

/**
 * Checks a model against raw IDS XML: status `invalid` (with the errors) when the XML is
 * malformed, not a structurally valid IDS, or has a blocking audit error; otherwise the
 * check, with the other audit findings in `idsFindings`.
 */
export async function checkIdsXml(
  xml: string | Uint8Array,
  ifc: Uint8Array,
  options: AuditedCheckOptions = {},
): Promise<CheckReport> {
  return await checkValidated(validateIdsXml(xml), ifc, options);
}

/**
 * Checks a model against IDS XML validated already ({@linkcode validateIdsXml}): lets a caller
 * audit the IDS while the model is still being read.
 */
export async function checkValidated(
  v: ValidationResult,
  ifc: Uint8Array,
  options: AuditedCheckOptions = {},
): Promise<CheckReport> {
  return await checkVerdict(v, v.doc, ifc, options);
}

/**
 * Checks a model against a document (e.g. a session's): its structure (as written) and audit
 * decide as for {@linkcode checkIdsXml}.
 */
export async function checkIdsDocument(
  doc: IdsDocument,
  ifc: Uint8Array,
  options: AuditedCheckOptions = {},
): Promise<CheckReport> {
  return await checkVerdict(validateIdsDocument(doc), doc, ifc, options);
}
