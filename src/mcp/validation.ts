/**
 * Validation shared by `validate_ids` and `export_ids`: the built-in IDS 1.0 structural rules
 * on the document, plus, when an XSD directory is configured, the official schema on the XML we
 * would write. The compiled schema is cached per directory for the life of the process.
 *
 * @module
 */
import type { ValidationIssue } from "../ids/errors.ts";
import type { IdsDocument } from "../ids/model.ts";
import { validateDocument, writeIds } from "../ids/xml.ts";
import type { XsdValidatorHandle } from "../ids/xsd.ts";
import { loadXsdValidator } from "../fs/xsd_load.ts";

/** Outcome of a validation, issues as plain JSON objects. */
export interface ValidationReport {
  [key: string]: unknown;
  valid: boolean;
  errors: IssueJson[];
  warnings: IssueJson[];
  /** Whether the official XSD was applied (an XSD directory is configured). */
  xsd_checked: boolean;
}

export interface IssueJson {
  [key: string]: unknown;
  kind: string;
  message: string;
  path?: string;
  line?: number;
}

export function issueJson(i: ValidationIssue): IssueJson {
  const out: IssueJson = { kind: i.kind, message: i.message };
  if (i.path !== undefined) out.path = i.path;
  if (i.line !== undefined) out.line = i.line;
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

/** Validates `doc` (and `xml`, its serialisation, against the XSD when `xsdDir` is set). */
export async function validate(
  doc: IdsDocument,
  xsdDir: string | undefined,
  xml?: string,
): Promise<ValidationReport> {
  const built = validateDocument(doc);
  const errors = built.errors.map(issueJson);
  const warnings = built.warnings.map(issueJson);
  if (xsdDir) {
    const validator = await xsdValidator(xsdDir);
    for (const i of validator.validate(xml ?? writeIds(doc))) {
      const j = issueJson(i);
      if (!errors.some((e) => e.message === j.message && e.line === j.line)) errors.push(j);
    }
  }
  return { valid: errors.length === 0, errors, warnings, xsd_checked: xsdDir !== undefined };
}
