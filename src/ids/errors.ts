/**
 * Errors as values: every failure the core can report carries a stable `code` an adapter can
 * branch on and a message an agent can act on ("spec 'S3' not found; existing: S1, S2").
 * Adapters (MCP, CLI, HTTP) turn them into tool errors, exit codes or HTTP statuses.
 *
 * @module
 */

/** Stable error codes shared by all layers. */
export type IdsErrorCode =
  /** Input is not well-formed XML. */
  | "xml_malformed"
  /** DTD, entity declaration or other forbidden XML construct. */
  | "xml_forbidden"
  /** Input larger than the configured maximum, or nested too deeply. */
  | "too_large"
  /** The XML is well-formed but is not a structurally valid IDS 1.0 document. */
  | "structure"
  /** An argument is wrong (bad IFC version, malformed restriction, bad facet parameter…). */
  | "invalid_argument"
  /** A referenced thing (specification, facet, restriction) does not exist. */
  | "not_found"
  /** The session has no document yet, or the session does not exist / has expired. */
  | "no_document"
  | "session_not_found"
  /** Concurrent updates kept conflicting; retrying later will work. */
  | "busy"
  /** A file path outside the allowed roots. */
  | "path_not_allowed"
  /** A file could not be read or written. */
  | "io"
  /** The file to write exists and replacing it was not asked for (`overwrite`). */
  | "file_exists"
  /** The call ran past its time limit (`--call-timeout`); nothing was changed. */
  | "timeout"
  /** The session store cannot be used (its file was deleted or damaged). */
  | "store_unavailable"
  /** A storage limit (per session or for the whole store) would be exceeded; nothing changed. */
  | "quota_exceeded";

/** How bad a finding is: errors make a document invalid, warnings never do. */
export type Severity = "error" | "warning";

/**
 * Stable finding codes an agent can branch on. Structural findings use `xml` (not readable as
 * XML), `structure` (the built-in IDS 1.0 rules) or `xsd` (the official schema); content
 * findings (the semantic audit) name what is wrong.
 */
export type FindingCode =
  | "xml"
  | "structure"
  | "xsd"
  | "no_ifc_version"
  | "unknown_entity"
  | "unknown_predefined_type"
  | "no_predefined_type"
  | "unknown_attribute"
  | "wrong_value_type"
  | "unknown_data_type"
  | "wrong_data_type"
  | "unknown_property"
  | "value_not_allowed"
  | "reserved_prefix"
  | "value_without_data_type"
  | "bad_restriction_base"
  /** A value restriction without `base` (IDS-Audit-tool requires one; IfcTester does not). */
  | "restriction_without_base"
  | "facet_not_allowed"
  | "bad_restriction_value"
  | "bounds_order"
  | "pattern_syntax"
  /** A pattern in another regex dialect (JavaScript, PCRE): not XSD, so it matches nothing. */
  | "pattern_dialect"
  | "pattern_anchor"
  | "pattern_escape"
  | "digits_facet"
  | "bad_cardinality"
  | "incompatible_part_of"
  | "incompatible_clauses"
  | "prohibited_with_requirements"
  | "empty_applicability"
  | "empty_requirements"
  /**
   * A warning: a `Qto_*` set used with IFC2X3, which has no official quantity-set templates,
   * is checked against its IFC4 definition.
   */
  | "qto_checked_against_ifc4"
  /**
   * An empty `simpleValue` or text `xs:enumeration` value (a name or value that says nothing;
   * an empty predefinedType is allowed).
   */
  | "empty_value"
  /** An empty `xs:pattern`: it matches only an empty text. */
  | "empty_pattern"
  /** A content note of the structural reader (e.g. an applicability without facets). */
  | "content";

/**
 * Which findings stop a model check (`check`, `validate_ifc_model`) without `strict`: the ONE
 * place that says so. Blocking are what makes an IDS unusable for checking — it cannot be read
 * or breaks the XSD — and the semantic rules behind buildingSMART's official `invalid-*` test
 * cases (a value that cannot fit its type, an unknown or lower-case class, an unknown
 * attribute, requirements that can never hold for the applicable entities, a prohibited
 * specification with requirements), which IfcTester enforces too. The others are rules of
 * IDS-Audit-tool that IfcTester does not apply: the check still has a clear meaning, so it
 * runs and the finding travels in the report (`ids_findings`). A `Record` makes a new code a
 * type error until it is classified here. Tests: tests/audit/check_blocking_test.ts.
 */
export const BLOCKS_CHECK: Readonly<Record<FindingCode, boolean>> = {
  // Unreadable or structurally invalid (XSD): nothing can be checked.
  xml: true,
  structure: true,
  xsd: true,
  // The official invalid-* cases.
  unknown_entity: true,
  unknown_attribute: true,
  wrong_value_type: true,
  incompatible_clauses: true,
  prohibited_with_requirements: true,
  // A bound or length that is not a value of the restriction's base cannot be compared.
  bad_restriction_value: true,
  // A pattern no regex dialect can read (IfcTester fails on it too).
  pattern_syntax: true,
  // An empty simpleValue or text enumeration value: IfcTester refuses such a file (its
  // property_empty_basename fixture), so there is no reference meaning to check by.
  empty_value: true,
  // IDS-Audit-tool rules: the check runs, the finding is reported.
  no_ifc_version: false,
  unknown_predefined_type: false,
  no_predefined_type: false,
  unknown_data_type: false,
  wrong_data_type: false,
  unknown_property: false,
  value_not_allowed: false,
  reserved_prefix: false,
  value_without_data_type: false,
  bad_restriction_base: false,
  restriction_without_base: false,
  facet_not_allowed: false,
  bounds_order: false,
  pattern_dialect: false,
  pattern_anchor: false,
  pattern_escape: false,
  digits_facet: false,
  empty_pattern: false,
  qto_checked_against_ifc4: false,
  bad_cardinality: false,
  incompatible_part_of: false,
  empty_applicability: false,
  empty_requirements: false,
  content: false,
};

/** True when a finding stops a model check unless it runs in strict mode (see BLOCKS_CHECK). */
export function blocksCheck(
  f: { readonly severity?: Severity; readonly code?: FindingCode },
): boolean {
  return f.severity !== "warning" && BLOCKS_CHECK[f.code ?? "structure"];
}

/**
 * One finding of a validation: structural (XSD-like), XML, or semantic (content). `severity`
 * and `code` are always set on findings of {@linkcode validateIds}; issues produced by the
 * structural reader carry neither (their list, errors or warnings, says the severity) and get
 * them when they become findings.
 */
export interface ValidationIssue {
  readonly kind: "xml" | "structure" | "content";
  readonly message: string;
  readonly severity?: Severity;
  readonly code?: FindingCode;
  /** 1-based line in the source XML, when the issue comes from parsed text. */
  readonly line?: number;
  /** e.g. `/ids/specifications/specification[3]/requirements/property[2]` (1-based indexes). */
  readonly path?: string;
  /** The closest valid name, when the finding is about a near miss ("did you mean …?"). */
  readonly suggestion?: string;
  /**
   * A structural error about a value the document model holds as written although IDS 1.0
   * cannot express it (a lower-case `dataType`): `load_ids` keeps such a document so it can be
   * fixed, `export_ids` refuses to write it.
   */
  readonly kept?: boolean;
}

/** A finding with its severity and code resolved. */
export interface Finding extends ValidationIssue {
  readonly severity: Severity;
  readonly code: FindingCode;
}

/** Gives a reader issue its severity and code (from the list it came from and its kind). */
export function toFinding(i: ValidationIssue, severity: Severity): Finding {
  // `kept` is for the editing tools (export_ids); findings as reported do not carry it.
  const { kept: _kept, ...issue } = i;
  return {
    ...issue,
    severity: i.severity ?? severity,
    code: i.code ?? i.kind,
  };
}

/** The error every layer throws; `code` is stable, `message` is for humans and agents. */
export class IdsError extends Error {
  override readonly name = "IdsError";
  constructor(
    readonly code: IdsErrorCode,
    message: string,
    /** Details such as the list of validation issues behind a `structure` error. */
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** True when `e` is an {@linkcode IdsError}, optionally with the given code. */
export function isIdsError(e: unknown, code?: IdsErrorCode): e is IdsError {
  return e instanceof IdsError && (code === undefined || e.code === code);
}
